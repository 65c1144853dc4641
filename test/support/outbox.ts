import type { ManualClock } from '../../src/clock';
import { nextDueAt } from '../../src/outbox/outbox.store';
import type { OutboxWorker } from '../../src/outbox/outbox.worker';
import type { Db } from '../../src/store/database';

/**
 * Lets the outbox deliver everything it can, moving the manual clock to each next retry instead
 * of waiting (a 10-minute outage takes milliseconds). `until` bounds how far the clock may move.
 */
export async function settleOutbox(worker: OutboxWorker, db: Db, clock: ManualClock, options: { until?: Date; maxSteps?: number } = {}): Promise<void> {
  for (let step = 0; step < (options.maxSteps ?? 200); step++) {
    await worker.drain();
    const next = nextDueAt(db);
    if (!next) return;
    const wake = new Date(Math.max(next.getTime(), worker.pausedUntilMs));
    if (options.until && wake > options.until) return;
    if (wake > clock.now()) clock.set(wake);
  }
  throw new Error('settleOutbox: still not settled');
}

/** The running bot's outbox: delivers everything it can, moving the bot's clock to each retry. */
export function settleBot(bot: { slack: { outbox: OutboxWorker }; deps: { db: Db }; clock: ManualClock }, options: { until?: Date; maxSteps?: number } = {}): Promise<void> {
  return settleOutbox(bot.slack.outbox, bot.deps.db, bot.clock, options);
}
