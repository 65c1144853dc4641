import type { Message } from '../../blockkit/message';
import type { OutboxFile } from '../../outbox/outbox';
import { enqueueFile, enqueuePost, replaceFailedPost } from '../../outbox/outbox.store';
import { recordAudit } from '../../store/audit';
import type { Db } from '../../store/database';
import { digestChartKey, digestKey } from './digest';

export interface DigestPost {
  channel: string;
  day: string;
  message: Message;
  /** Who asked: 'scheduler', or the admin of `/opvang digest nu`. */
  actor: string;
  action: 'digest.post' | 'digest.post_now';
  at: Date;
}

/**
 * Hands today's digest to the outbox in one transaction with the audit line. The key makes it
 * once per channel per day: false when the day had its digest enqueued already (nothing changes
 * then).
 */
export function enqueueDigest(db: Db, post: DigestPost): boolean {
  return db.transaction(() => {
    const key = digestKey(post.channel, post.day);
    if (!enqueuePost(db, { key, kind: 'digest', target: { channel: post.channel }, message: post.message }, post.at)) return false;
    recordAudit(db, { actor: post.actor, action: post.action, entity: 'digest', entityId: key, after: { channel: post.channel, day: post.day }, at: post.at });
    return true;
  })();
}

/**
 * The chart for the digest's thread (a file share; it waits until the digest is in the channel),
 * once per day; a chart that failed for good is replaced by this new drawing. False when there was
 * one already.
 */
export function enqueueChart(db: Db, channel: string, day: string, file: OutboxFile, at: Date): boolean {
  const key = digestChartKey(channel, day);
  return enqueueFile(db, { key, kind: 'digest_chart', target: { thread: digestKey(channel, day) }, file }, at) || replaceFailedPost(db, key, file, at);
}

/**
 * An admin's `/opvang digest nu` over a digest that failed for good: today's digest, built anew,
 * goes out again (after a look in the channel if an earlier attempt may have landed). False when
 * the row was not failed (any more).
 */
export function renewFailedDigest(db: Db, post: DigestPost): boolean {
  return db.transaction(() => {
    const key = digestKey(post.channel, post.day);
    if (!replaceFailedPost(db, key, post.message, post.at)) return false;
    recordAudit(db, { actor: post.actor, action: post.action, entity: 'digest', entityId: key, before: { state: 'failed' }, after: { state: 'pending' }, at: post.at });
    return true;
  })();
}
