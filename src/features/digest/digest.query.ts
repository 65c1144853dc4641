import type { Db } from '../../store/database';
import { TARGET_GROUP_LABELS } from '../../domain/vocabulary';
import { addDays, dayToTzDate, toLocalDay } from '../../format/nl';
import { historyReads } from '../capacity/capacity.store';
import { openRequestSummaries } from '../noodknop/noodknop.store';
import { listShifts, openStays } from '../roster/roster.query';
import { maxStayDays } from '../stays/stays.store';
import { loadStand } from '../stand/stand.query';
import { findOutboxRow, latestOfKind, type OutboxRow } from '../../outbox/outbox.store';
import { CHART_DAYS, computeDigest, digestKey, sameTimeYesterday, type Digest, type DigestDelivery } from './digest';

/**
 * The digest read model: the stand, capacity's changes and history, the roster's shifts and CNO
 * stays and the open noodknop requests, read through their owners and computed by the pure
 * computeDigest. The digest owns no table: whether a day's digest went out is its outbox row.
 */

const delivery = (row: OutboxRow): DigestDelivery => ({
  id: row.id,
  state: row.state,
  attempts: row.attempts,
  createdAt: row.createdAt,
  sentAt: row.sentAt,
  ts: row.ts,
  lastError: row.lastError,
});

/** How the digest of `day` in `channel` is doing (undefined: not enqueued yet). */
export function digestDelivery(db: Db, channel: string, day: string): DigestDelivery | undefined {
  const row = findOutboxRow(db, digestKey(channel, day));
  return row && delivery(row);
}

export interface LastDigest {
  channel: string | null;
  day: string;
  sentAt: string | null;
  state: DigestDelivery['state'];
}

/** The latest digest of any channel (for /healthz). */
export function lastDigest(db: Db): LastDigest | undefined {
  const row = latestOfKind(db, 'digest');
  return row && { channel: row.channelId, day: row.key.slice(-10), sentAt: row.sentAt, state: row.state };
}

/** Reads everything the digest shows for the configured region at `now` and computes it. */
export function loadDigest(db: Db, region: string, now: Date, overdueDays: number): Digest {
  const history = historyReads(db);
  const stand = loadStand(db, region, now, overdueDays);
  const today = toLocalDay(now);
  const firstDay = addDays(today, -(CHART_DAYS - 1));
  const windowStart = dayToTzDate(firstDay);
  return computeDigest(
    {
      now,
      stand,
      locations: history.locationsSince(region, sameTimeYesterday(now)),
      shifts: listShifts(db, now, new Date(now.getTime() + 48 * 3600_000)),
      stays: openStays(db),
      maxStayDays: maxStayDays(db, today),
      noodknop: openRequestSummaries(db),
      history: history.history(region, windowStart, now),
      national: history.national(firstDay, today),
    },
    (group) => TARGET_GROUP_LABELS[group],
  );
}
