import type { WebClient } from '@slack/web-api';
import cron from 'node-cron';
import type { Deps } from '../deps';
import type { Feature } from '../features/feature';
import { TIME_ZONE } from '../format/nl';

export interface RunningJobs {
  stop(): void;
}

/**
 * Starts every feature's scheduled jobs in Europe/Amsterdam. A job never runs twice at once, and
 * a failing run is logged; the job's own state in SQLite decides what is still due.
 */
export function startJobs(deps: Deps, features: Feature[], client: WebClient): RunningJobs {
  const tasks: { stop(): void }[] = [];
  for (const feature of features) {
    for (const job of feature.jobs ?? []) {
      let running = false;
      const tick = async () => {
        if (running) return;
        running = true;
        try {
          await job.run(deps, client);
        } catch (error) {
          deps.logger.event('error', 'job.failed', { job: job.name, error });
        } finally {
          running = false;
        }
      };
      tasks.push(cron.schedule(job.cron(deps), tick, { timezone: TIME_ZONE, name: job.name }));
      if (job.runAtStart) void tick();
    }
  }
  return { stop: () => tasks.forEach((task) => task.stop()) };
}
