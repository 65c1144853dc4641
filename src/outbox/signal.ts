import { perDatabase, type Db } from '../store/database';

/**
 * Who wants to know that rows were enqueued on a database: the running outbox worker. An enqueue
 * happens inside a transaction; the listener is called on the next turn of the event loop, when
 * better-sqlite3's synchronous transaction has committed (or rolled back: then the worker finds
 * nothing new, which costs one query).
 */
const listeners = perDatabase((): Set<() => void> => new Set());

export function onEnqueued(db: Db, listener: () => void): () => void {
  listeners(db).add(listener);
  return () => listeners(db).delete(listener);
}

/**
 * Tells the worker that rows may have been enqueued on this database by another connection (the
 * import's own process): it looks now instead of at its next round.
 */
export function kickOutbox(db: Db): void {
  signalEnqueued(db);
}

export function signalEnqueued(db: Db): void {
  const set = listeners(db);
  if (set.size === 0) return;
  setImmediate(() => set.forEach((listener) => listener()));
}

/** The worker delivering for a database, so a job can wait for what it enqueued to go out. */
const workers = perDatabase((): { drain?: () => Promise<void> } => ({}));

export function registerDrain(db: Db, drain: (() => Promise<void>) | undefined): void {
  workers(db).drain = drain;
}

/**
 * Lets the running worker deliver what is due now (a job that enqueued waits for it, so its run
 * ends when Slack has the messages or the outbox holds them for a retry). Without a worker
 * (console mode, CLI) the rows wait in the outbox for the bot.
 */
export function deliverNow(db: Db): Promise<void> {
  return workers(db).drain?.() ?? Promise.resolve();
}
