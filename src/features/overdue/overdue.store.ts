import { perDatabase, type Db } from '../../store/database';
import { recordAudit } from '../../store/audit';
import type { OverdueMessageKind, OverduePeriod, PromptRow } from './overdue';

/**
 * SQL on the overdue feature's own tables (migration 0008): overdue_prompts (one row per location
 * per overdue period: asked, reminded, on the admins' list, confirmed, handed to the admins) and
 * the messages that listed them (overdue_messages, overdue_message_items).
 */

const promptColumns = `location_id AS locationId, period_from AS periodFrom, owner_id AS ownerId, prompted_at AS promptedAt, reminded_at AS remindedAt,
  escalated_at AS escalatedAt, confirmed_at AS confirmedAt, confirmed_by AS confirmedBy, disowned_at AS disownedAt, disowned_by AS disownedBy`;

const statements = perDatabase((db: Db) => ({
  prompts: db.prepare(
    `SELECT ${promptColumns} FROM overdue_prompts
     WHERE (location_id, period_from) IN (SELECT json_extract(value, '$.locationId'), json_extract(value, '$.from') FROM json_each(?))`,
  ),
  prompt: db.prepare(`SELECT ${promptColumns} FROM overdue_prompts WHERE location_id = ? AND period_from = ?`),
  insertPrompt: db.prepare(`INSERT INTO overdue_prompts (location_id, period_from, owner_id, prompted_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`),
  reminded: db.prepare(`UPDATE overdue_prompts SET reminded_at = ? WHERE location_id = ? AND period_from = ? AND reminded_at IS NULL`),
  escalated: db.prepare(`UPDATE overdue_prompts SET escalated_at = ? WHERE location_id = ? AND period_from = ? AND escalated_at IS NULL`),
  confirmed: db.prepare(`UPDATE overdue_prompts SET confirmed_at = ?, confirmed_by = ? WHERE location_id = ? AND period_from = ? AND confirmed_at IS NULL`),
  disowned: db.prepare(`UPDATE overdue_prompts SET disowned_at = ?, disowned_by = ? WHERE location_id = ? AND period_from = ? AND disowned_at IS NULL`),
  insertMessage: db.prepare(`INSERT INTO overdue_messages (key, kind, recipient, created_at) VALUES (?, ?, ?, ?)`),
  insertItem: db.prepare(`INSERT INTO overdue_message_items (message_key, location_id, period_from, position) VALUES (?, ?, ?, ?)`),
  message: db.prepare(`SELECT key, kind, recipient FROM overdue_messages WHERE key = ?`),
  items: db.prepare(`SELECT location_id AS locationId, period_from AS "from" FROM overdue_message_items WHERE message_key = ? ORDER BY position`),
  messagesOf: db.prepare(
    `SELECT DISTINCT i.message_key FROM overdue_message_items i JOIN overdue_messages m ON m.key = i.message_key
     WHERE i.location_id = ? AND m.created_at >= ? ORDER BY m.created_at, i.message_key`,
  ),
}));

/** The prompts of these periods (those that have one). */
export function promptsFor(db: Db, periods: OverduePeriod[]): PromptRow[] {
  if (periods.length === 0) return [];
  return statements(db).prompts.all(JSON.stringify(periods)) as PromptRow[];
}

export function findPrompt(db: Db, period: OverduePeriod): PromptRow | undefined {
  return statements(db).prompt.get(period.locationId, period.from) as PromptRow | undefined;
}

/** Records that the location's owner (null: the admins) was asked in this period (inside the caller's transaction). */
export function recordPrompt(db: Db, period: OverduePeriod, ownerId: string | null, at: Date): void {
  statements(db).insertPrompt.run(period.locationId, period.from, ownerId, at.toISOString());
}

export function recordReminded(db: Db, period: OverduePeriod, at: Date): boolean {
  return statements(db).reminded.run(at.toISOString(), period.locationId, period.from).changes > 0;
}

export function recordEscalated(db: Db, period: OverduePeriod, at: Date): boolean {
  return statements(db).escalated.run(at.toISOString(), period.locationId, period.from).changes > 0;
}

/** "Klopt nog" from one of the messages; false when it was confirmed before (a double click). */
export function recordConfirmed(db: Db, period: OverduePeriod, by: string, at: Date): boolean {
  return statements(db).confirmed.run(at.toISOString(), by, period.locationId, period.from).changes > 0;
}

/** "Niet mijn locatie", with its audit line; false when it was handed over before. */
export function recordDisowned(db: Db, period: OverduePeriod, by: string, at: Date): boolean {
  const changed = statements(db).disowned.run(at.toISOString(), by, period.locationId, period.from).changes > 0;
  if (changed) recordAudit(db, { actor: by, action: 'overdue.not_mine', entity: 'location', entityId: period.locationId, at });
  return changed;
}

/** A message the job sent (its outbox key) and the locations it lists, in order. */
export function recordMessage(db: Db, message: { key: string; kind: OverdueMessageKind; recipient: string; periods: OverduePeriod[] }, at: Date): void {
  const s = statements(db);
  s.insertMessage.run(message.key, message.kind, message.recipient, at.toISOString());
  message.periods.forEach((p, position) => s.insertItem.run(message.key, p.locationId, p.from, position));
}

export interface StoredMessage {
  key: string;
  kind: OverdueMessageKind;
  recipient: string;
  periods: OverduePeriod[];
}

export function findMessage(db: Db, key: string): StoredMessage | undefined {
  const s = statements(db);
  const row = s.message.get(key) as Omit<StoredMessage, 'periods'> | undefined;
  return row && { ...row, periods: s.items.all(key) as OverduePeriod[] };
}

/** The keys of the messages sent since `since` (ISO) that list the location (in any period). */
export function messagesListing(db: Db, locationId: number, since: string): string[] {
  return statements(db).messagesOf.pluck().all(locationId, since) as string[];
}
