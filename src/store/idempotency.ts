import type { Db } from './database';

/**
 * Claims an interaction key (a view submission's view id + hash, a click's action_ts) once.
 * Call inside the transaction of the write it guards: a retried or double submission then finds
 * the key taken and stores nothing, and a rolled-back write releases the key with it.
 */
export function claimInteraction(db: Db, key: string, at: Date, outcome?: string): boolean {
  const result = db
    .prepare('INSERT INTO processed_interactions (key, processed_at, outcome) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING')
    .run(key, at.toISOString(), outcome ?? null);
  return result.changes > 0;
}
