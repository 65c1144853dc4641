import type { Message } from '../../blockkit/message';
import type { OutboxFile } from '../../outbox/outbox';
import { enqueueFile, enqueuePost, findOutboxRow, replaceFailedPost } from '../../outbox/outbox.store';
import { recordAudit } from '../../store/audit';
import type { Db } from '../../store/database';
import { digestChartKey, digestKey } from './digest';

export interface DigestPost {
  channel: string;
  day: string;
  message: Message;
  chart: OutboxFile;
  /** Who asked: 'scheduler', or the admin of `/opvang digest nu`. */
  actor: string;
  action: 'digest.post' | 'digest.post_now';
  at: Date;
}

/**
 * Hands today's digest and its chart (a file in the digest's thread) to the outbox in one
 * transaction with the audit line. The key makes it once per channel per day: false when the day
 * had its digest enqueued already (nothing changes then).
 */
export function enqueueDigest(db: Db, post: DigestPost): boolean {
  return db.transaction(() => {
    const key = digestKey(post.channel, post.day);
    if (!enqueuePost(db, { key, kind: 'digest', target: { channel: post.channel }, message: post.message }, post.at)) return false;
    enqueueFile(db, { key: digestChartKey(post.channel, post.day), kind: 'digest_chart', target: { thread: key }, file: post.chart }, post.at);
    recordAudit(db, { actor: post.actor, action: post.action, entity: 'digest', entityId: key, after: { channel: post.channel, day: post.day }, at: post.at });
    return true;
  })();
}

/**
 * An admin's `/opvang digest nu` over a digest that failed for good: today's digest, built anew,
 * goes out again (after a look in the channel if an earlier attempt may have landed), with its
 * chart if that failed too. False when the row was not failed (any more).
 */
export function renewFailedDigest(db: Db, post: DigestPost): boolean {
  return db.transaction(() => {
    const key = digestKey(post.channel, post.day);
    if (!replaceFailedPost(db, key, post.message, post.at)) return false;
    const chart = findOutboxRow(db, digestChartKey(post.channel, post.day));
    if (!chart) enqueueFile(db, { key: digestChartKey(post.channel, post.day), kind: 'digest_chart', target: { thread: key }, file: post.chart }, post.at);
    else if (chart.state === 'failed') replaceFailedPost(db, chart.key, post.chart, post.at);
    recordAudit(db, { actor: post.actor, action: post.action, entity: 'digest', entityId: key, before: { state: 'failed' }, after: { state: 'pending' }, at: post.at });
    return true;
  })();
}
