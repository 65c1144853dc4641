import { clockStartingAt, systemClock } from './clock';
import { configOrExit, type Config } from './config';
import { consoleConfig, runConsole } from './console/console';
import type { Deps } from './deps';
import { features } from './features/registry';
import { ensureAdmins } from './features/access/access.store';
import { isAppError, START_REFUSALS } from './domain/errors';
import { createLogger } from './logger';
import { createSlackApp } from './slack/app';
import { openDatabase } from './store/database';
import { durableBarrier } from './store/durability';
import { seedReference } from './seed/seed';
import { startJobs } from './jobs/scheduler';

/** Builds the dependencies shared by Slack mode, console mode and tests. */
export function createDeps(config: Config, overrides: Partial<Omit<Deps, 'config'>> = {}): Deps {
  const logger =
    overrides.logger ??
    createLogger({
      format: config.log.format,
      level: config.log.level,
      secrets: config.slack.mode === 'console' ? [] : [config.slack.botToken, config.slack.signingSecret, 'appToken' in config.slack ? config.slack.appToken : undefined],
    });
  const db = overrides.db ?? openDatabase(config.databasePath);
  const clock = overrides.clock ?? (config.startAt ? clockStartingAt(config.startAt) : systemClock);
  seedReference(db);
  ensureAdmins(db, config.admins, clock.now());
  return { db, config, clock, logger };
}

async function main(): Promise<void> {
  const config = configOrExit();

  if (config.slack.mode === 'console') {
    const deps = createDeps(consoleConfig(config));
    await runConsole(deps);
    await durableBarrier(deps.db).close();
    deps.db.close();
    return;
  }

  const deps = createDeps(config);

  const slack = createSlackApp(deps, features);
  const server = await slack.start();
  const jobs = startJobs(deps, features);
  deps.logger.event('info', 'bot.started', {
    mode: config.slack.mode,
    port: server ? (server.address() as { port: number }).port : undefined,
    region: config.region,
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    deps.logger.event('info', 'bot.stopping', { signal });
    await jobs.stop();
    await slack.stop().catch((error: unknown) => deps.logger.event('warn', 'slack.stop_failed', { error }));
    await durableBarrier(deps.db).close();
    deps.db.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    // A database whose migrations do not fit this version: one line, exit 2 (as a bad configuration).
    process.exit(isAppError(error, ...START_REFUSALS) ? 2 : 1);
  });
}
