import { AppError, isAppError } from '../domain/errors';
import type { Db } from './database';

/** What storeOnce returns when this interaction was stored before (a retry or a double submit). */
export const ALREADY_STORED = Symbol('already stored');

export interface StoreOnceOptions<T> {
  /** False when the write decided to store nothing (a conflict, a duplicate name): the claim is given back. Default: stored. */
  stored?: (result: T) => boolean;
  /** A word for processed_interactions.outcome (e.g. "noodknop.request"), for whoever reads the table. */
  outcome?: string;
}

/**
 * The one way to store an interaction once: claims its key (a view submission's
 * `view:<view id>:<hash>`, a click's action_ts, a file's id) and runs `write` in the same
 * transaction. A retried or double submission finds the key taken and gets ALREADY_STORED without
 * writing anything. When the write stored nothing (`stored` says so, or it threw), the whole
 * transaction rolls back, claim included, so the corrected form can be submitted again.
 */
export function storeOnce<T>(db: Db, key: string, at: Date, write: () => T, options: StoreOnceOptions<T> = {}): T | typeof ALREADY_STORED {
  const claim = db.prepare('INSERT INTO processed_interactions (key, processed_at, outcome) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING');
  try {
    return db.transaction(() => {
      if (claim.run(key, at.toISOString(), options.outcome ?? null).changes === 0) return ALREADY_STORED;
      const result = write();
      // Thrown to roll the transaction back, claim included; the result travels in `detail`.
      if (options.stored && !options.stored(result)) throw new AppError('nothing_stored', `nothing stored under ${key}`, { detail: result });
      return result;
    })();
  } catch (error) {
    if (isAppError(error, 'nothing_stored')) return error.detail as T;
    throw error;
  }
}
