import { perDatabase, type Db } from '../store/database';
import type { DueRow, OutboxFile, OutboxMessage, OutboxPost, OutboxRow, OutboxState, PostTarget, UpdateTarget } from './outbox';
import { signalEnqueued } from './signal';

/**
 * The outbox table. Features call `enqueuePost` / `enqueueUpdate` / `enqueueFile` **inside the
 * transaction of the change that causes the message**, so the change and the intent to tell
 * Slack commit together or not at all. The worker (outbox.worker.ts) is the only one that moves
 * rows on from 'pending'.
 */

export type { OutboxFile, OutboxMessage, OutboxPost, OutboxRow, DueRow, OutboxState, PostTarget, UpdateTarget } from './outbox';

const columns = `o.id, o.key, o.kind, o.operation, o.channel_id AS channelId, o.user_id AS userId, o.parent_key AS parentKey,
  o.target_ts AS targetTs, o.payload, o.version, o.state, o.attempts, o.next_attempt_at AS nextAttemptAt, o.claimed_at AS claimedAt,
  o.uncertain_since AS uncertainSince, o.ts, o.file_id AS fileId, o.last_error AS lastError, o.created_at AS createdAt,
  o.updated_at AS updatedAt, o.sent_at AS sentAt`;

const statements = perDatabase((db: Db) => ({
  insert: db.prepare(
    `INSERT INTO outbox (key, kind, operation, channel_id, user_id, parent_key, target_ts, payload, next_attempt_at, created_at, updated_at)
     VALUES (@key, @kind, @operation, @channel, @user, @parent, @targetTs, @payload, @at, @at, @at)
     ON CONFLICT (key) DO NOTHING`,
  ),
  // Latest wins: a newer payload for the same message replaces the one not yet delivered. A row
  // being sent stays 'sending'; the worker sees the version moved and sends again.
  upsertUpdate: db.prepare(
    `INSERT INTO outbox (key, kind, operation, channel_id, parent_key, target_ts, payload, next_attempt_at, created_at, updated_at)
     VALUES (@key, @kind, 'update', @channel, @parent, @targetTs, @payload, @at, @at, @at)
     ON CONFLICT (key) DO UPDATE SET
       payload = excluded.payload,
       version = version + 1,
       state = CASE WHEN state = 'sending' THEN 'sending' ELSE 'pending' END,
       attempts = CASE WHEN state IN ('sent', 'failed') THEN 0 ELSE attempts END,
       last_error = CASE WHEN state = 'failed' THEN NULL ELSE last_error END,
       next_attempt_at = CASE WHEN state = 'pending' THEN max(next_attempt_at, excluded.next_attempt_at) ELSE excluded.next_attempt_at END,
       updated_at = excluded.updated_at`,
  ),
  byKey: db.prepare(`SELECT ${columns} FROM outbox o WHERE o.key = ?`),
  byId: db.prepare(`SELECT ${columns} FROM outbox o WHERE o.id = ?`),
  due: db.prepare(
    `SELECT ${columns}, p.channel_id AS parentChannel, p.ts AS parentTs
     FROM outbox o LEFT JOIN outbox p ON p.key = o.parent_key
     WHERE o.state = 'pending' AND o.next_attempt_at <= ? AND (o.parent_key IS NULL OR p.state = 'sent')
     ORDER BY o.id LIMIT ?`,
  ),
  nextDue: db.prepare(
    `SELECT min(o.next_attempt_at) FROM outbox o LEFT JOIN outbox p ON p.key = o.parent_key
     WHERE o.state = 'pending' AND (o.parent_key IS NULL OR p.state = 'sent')`,
  ),
  claim: db.prepare(
    `UPDATE outbox SET state = 'sending', attempts = attempts + 1, claimed_at = @at, updated_at = @at
     WHERE id = @id AND state = 'pending' AND version = @version`,
  ),
  // A shared file's bytes are not kept once it is in the channel (the rest of the payload is).
  sent: db.prepare(
    `UPDATE outbox SET state = CASE WHEN version = @version THEN 'sent' ELSE 'pending' END,
       payload = CASE WHEN operation = 'file' AND version = @version THEN json_remove(payload, '$.contentBase64') ELSE payload END,
       ts = coalesce(@ts, ts), channel_id = coalesce(@channel, channel_id), sent_at = @at, updated_at = @at,
       last_error = NULL, uncertain_since = NULL, next_attempt_at = @at
     WHERE id = @id AND state = 'sending'`,
  ),
  retry: db.prepare(
    `UPDATE outbox SET state = 'pending', next_attempt_at = @nextAt, last_error = @error, updated_at = @at,
       uncertain_since = CASE WHEN @uncertain = 1 THEN coalesce(uncertain_since, claimed_at) ELSE uncertain_since END
     WHERE id = @id AND state = 'sending'`,
  ),
  failed: db.prepare(`UPDATE outbox SET state = 'failed', last_error = @error, updated_at = @at WHERE id = @id AND state = 'sending'`),
  // A row found 'sending' when a worker starts was claimed by a process that stopped before it
  // knew the outcome: the post may be in the channel. Look first.
  orphans: db.prepare(
    `UPDATE outbox SET state = 'pending', next_attempt_at = @at, updated_at = @at,
       uncertain_since = CASE WHEN operation = 'update' THEN NULL ELSE coalesce(uncertain_since, claimed_at, @at) END
     WHERE state = 'sending'`,
  ),
  setChannel: db.prepare(`UPDATE outbox SET channel_id = ? WHERE id = ?`),
  setFile: db.prepare(`UPDATE outbox SET file_id = ?, updated_at = ? WHERE id = ?`),
  retryFailed: db.prepare(
    `UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = @at, last_error = NULL, updated_at = @at WHERE id = @id AND state = 'failed'`,
  ),
  latestOfKind: db.prepare(`SELECT ${columns} FROM outbox o WHERE o.kind = ? ORDER BY o.created_at DESC, o.id DESC LIMIT 1`),
  replaceFailed: db.prepare(
    `UPDATE outbox SET payload = @payload, state = 'pending', attempts = 0, next_attempt_at = @at, last_error = NULL, updated_at = @at
     WHERE key = @key AND state = 'failed'`,
  ),
  list: db.prepare(`SELECT ${columns} FROM outbox o WHERE o.state IN (SELECT value FROM json_each(?)) ORDER BY o.id DESC LIMIT ?`),
  counts: db.prepare(`SELECT state, count(*) AS n, min(created_at) AS oldest FROM outbox WHERE state != 'sent' GROUP BY state`),
  forget: db.prepare(`UPDATE outbox SET payload = '{"forgotten":true}' WHERE state = 'sent' AND sent_at < ? AND payload != '{"forgotten":true}'`),
}));

function targetColumns(target: PostTarget): { channel: string | null; user: string | null; parent: string | null; targetTs: string | null } {
  if ('channel' in target) return { channel: target.channel, user: null, parent: null, targetTs: target.threadTs ?? null };
  if ('user' in target) return { channel: null, user: target.user, parent: null, targetTs: null };
  return { channel: null, user: null, parent: target.thread, targetTs: null };
}

/**
 * Enqueues a post once per key. Call inside the transaction of the change that causes it.
 * Returns false when the key was enqueued before (nothing changes then).
 */
export function enqueuePost(db: Db, post: OutboxPost, at: Date): boolean {
  const inserted =
    statements(db).insert.run({
      key: post.key,
      kind: post.kind,
      operation: 'post',
      ...targetColumns(post.target),
      payload: JSON.stringify(post.message),
      at: at.toISOString(),
    }).changes > 0;
  if (inserted) signalEnqueued(db);
  return inserted;
}

/** Enqueues a file share once per key (the digest chart in its thread). */
export function enqueueFile(db: Db, upload: { key: string; kind: string; target: PostTarget; file: OutboxFile }, at: Date): boolean {
  const inserted =
    statements(db).insert.run({
      key: upload.key,
      kind: upload.kind,
      operation: 'file',
      ...targetColumns(upload.target),
      payload: JSON.stringify(upload.file),
      at: at.toISOString(),
    }).changes > 0;
  if (inserted) signalEnqueued(db);
  return inserted;
}

/** The key of the update row of a message: one per message, so updates coalesce (latest wins). */
function updateKey(target: UpdateTarget): string {
  return 'key' in target ? `${target.key}:update` : `update:${target.channel}:${target.ts}`;
}

/**
 * Enqueues a new content for a message. Updates are idempotent, so they are retried without
 * looking first, and a newer one replaces one not yet delivered. An update of an outbox post waits
 * until that post is sent and uses the ts that is in the channel.
 */
export function enqueueUpdate(db: Db, update: { kind: string; target: UpdateTarget; message: OutboxMessage }, at: Date): void {
  const byKey = 'key' in update.target;
  statements(db).upsertUpdate.run({
    key: updateKey(update.target),
    kind: update.kind,
    channel: byKey ? null : (update.target as { channel: string }).channel,
    parent: byKey ? (update.target as { key: string }).key : null,
    targetTs: byKey ? null : (update.target as { ts: string }).ts,
    payload: JSON.stringify(update.message),
    at: at.toISOString(),
  });
  signalEnqueued(db);
}

export function findOutboxRow(db: Db, keyOrId: string | number): OutboxRow | undefined {
  const s = statements(db);
  return (typeof keyOrId === 'number' ? s.byId.get(keyOrId) : s.byKey.get(keyOrId)) as OutboxRow | undefined;
}

// ---- the worker's side ------------------------------------------------------------------------

export function dueRows(db: Db, now: Date, limit = 50): DueRow[] {
  return statements(db).due.all(now.toISOString(), limit) as DueRow[];
}

/** The earliest next attempt of a row that could be sent (its parent is sent), if any. */
export function nextDueAt(db: Db): Date | undefined {
  const at = statements(db).nextDue.pluck().get() as string | null;
  return at ? new Date(at) : undefined;
}

/** Claims a due row before the call that may reach Slack; false when someone else moved it on. */
export function claimRow(db: Db, row: Pick<OutboxRow, 'id' | 'version'>, at: Date): boolean {
  return statements(db).claim.run({ id: row.id, version: row.version, at: at.toISOString() }).changes > 0;
}

/**
 * Marks a row delivered and lets its feature remember where it landed (`onSent`), in one
 * transaction. An update whose payload moved on meanwhile goes back to 'pending' (no `onSent`).
 */
export function completeSent(
  db: Db,
  row: Pick<OutboxRow, 'id' | 'version'>,
  where: { ts?: string | null; channel?: string | null },
  at: Date,
  onSent?: (db: Db, row: OutboxRow, at: Date) => void,
): void {
  db.transaction(() => {
    markSent(db, row, where, at);
    const after = findOutboxRow(db, row.id);
    if (after?.state === 'sent') onSent?.(db, after, at);
  })();
}

/** Marks a row failed for good and runs the follow-ups (`onFailed`: notices, audit) in one transaction. */
export function completeFailed(db: Db, row: OutboxRow, error: string, at: Date, onFailed?: (db: Db, row: OutboxRow, at: Date) => void): void {
  db.transaction(() => {
    if (markFailed(db, row.id, error, at)) onFailed?.(db, { ...row, state: 'failed', lastError: error }, at);
  })();
}

/** Delivered (or found delivered). An update whose payload moved on meanwhile goes back to 'pending'. */
function markSent(db: Db, row: Pick<OutboxRow, 'id' | 'version'>, where: { ts?: string | null; channel?: string | null }, at: Date): void {
  statements(db).sent.run({ id: row.id, version: row.version, ts: where.ts ?? null, channel: where.channel ?? null, at: at.toISOString() });
}

export function markRetry(db: Db, id: number, retry: { nextAt: Date; error: string; uncertain: boolean }, at: Date): void {
  statements(db).retry.run({ id, nextAt: retry.nextAt.toISOString(), error: retry.error.slice(0, 500), uncertain: retry.uncertain ? 1 : 0, at: at.toISOString() });
}

function markFailed(db: Db, id: number, error: string, at: Date): boolean {
  return statements(db).failed.run({ id, error: error.slice(0, 500), at: at.toISOString() }).changes > 0;
}

/** Rows a stopped process left 'sending': back to 'pending', marked uncertain (posts are looked for first). */
export function recoverOrphans(db: Db, at: Date): number {
  return statements(db).orphans.run({ at: at.toISOString() }).changes;
}

export function rememberChannel(db: Db, id: number, channel: string): void {
  statements(db).setChannel.run(channel, id);
}

export function rememberFile(db: Db, id: number, fileId: string, at: Date): void {
  statements(db).setFile.run(fileId, at.toISOString(), id);
}

// ---- admins ---------------------------------------------------------------------------------------

/** The newest row of a kind (the last digest, for /healthz). */
export function latestOfKind(db: Db, kind: string): OutboxRow | undefined {
  return statements(db).latestOfKind.get(kind) as OutboxRow | undefined;
}

/**
 * A failed post gets a new content and goes out again (today's digest built anew when an admin
 * asks for it). It still looks first when an earlier attempt may have landed.
 */
export function replaceFailedPost(db: Db, key: string, content: OutboxMessage | OutboxFile, at: Date): boolean {
  const changed = statements(db).replaceFailed.run({ key, payload: JSON.stringify(content), at: at.toISOString() }).changes > 0;
  if (changed) signalEnqueued(db);
  return changed;
}

/**
 * Messages delivered before `before` keep their key, where they landed and when, so nothing is
 * ever posted twice and a later update still finds its message; their content goes (Slack has
 * it, and the audit log has the change that caused it). Returns how many rows were emptied.
 */
export function forgetSentContent(db: Db, before: Date): number {
  return statements(db).forget.run(before.toISOString()).changes;
}

/** Rows carried over from before the outbox hold a placeholder, never a message to send. */
export function isLegacyRow(row: Pick<OutboxRow, 'payload'>): boolean {
  try {
    return (JSON.parse(row.payload) as { legacy?: boolean }).legacy === true;
  } catch {
    return false;
  }
}

/**
 * A failed row back to 'pending' with fresh attempts (it still looks first if it may have landed),
 * with the caller's audit line in the same transaction.
 */
export function retryFailedRow(db: Db, id: number, at: Date, audit?: () => void): boolean {
  const changed = db.transaction(() => {
    if (statements(db).retryFailed.run({ id, at: at.toISOString() }).changes === 0) return false;
    audit?.();
    return true;
  })();
  if (changed) signalEnqueued(db);
  return changed;
}

export function listOutbox(db: Db, states: OutboxState[], limit = 20): OutboxRow[] {
  return statements(db).list.all(JSON.stringify(states), limit) as OutboxRow[];
}

export interface OutboxHealth {
  pending: number;
  sending: number;
  failed: number;
  /** The oldest row not yet sent (pending, sending or failed). */
  oldestUnsentAt: string | null;
}

export function outboxHealth(db: Db): OutboxHealth {
  const out: OutboxHealth = { pending: 0, sending: 0, failed: 0, oldestUnsentAt: null };
  for (const row of statements(db).counts.all() as { state: 'pending' | 'sending' | 'failed'; n: number; oldest: string }[]) {
    out[row.state] = row.n;
    if (!out.oldestUnsentAt || row.oldest < out.oldestUnsentAt) out.oldestUnsentAt = row.oldest;
  }
  return out;
}
