import cron from 'node-cron';
import type { Deps } from '../deps';
import type { Feature } from '../features/feature';
import { TIME_ZONE } from '../format/nl';

export interface RunningJobs {
  /** Stops the schedules and waits for runs in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Starts every feature's scheduled jobs in Europe/Amsterdam. A job never runs twice at once, and
 * a failing run is logged; the job's own state in SQLite decides what is still due.
 */
export function startJobs(deps: Deps, features: Feature[]): RunningJobs {
  const tasks: { stop(): void }[] = [];
  const inFlight = new Set<Promise<void>>();
  for (const feature of features) {
    for (const job of feature.jobs ?? []) {
      let running: Promise<void> | undefined;
      const tick = async () => {
        if (running) return;
        running = job
          .run(deps)
          .catch((error: unknown) => deps.logger.event('error', 'job.failed', { job: job.name, error }))
          .finally(() => {
            inFlight.delete(running!);
            running = undefined;
          });
        inFlight.add(running);
        await running;
      };
      tasks.push(cron.schedule(job.cron(deps), tick, { timezone: TIME_ZONE, name: job.name }));
      if (job.runAtStart) void tick();
    }
  }
  return {
    async stop() {
      tasks.forEach((task) => task.stop());
      await Promise.all([...inFlight]);
    },
  };
}
