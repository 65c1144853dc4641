import type { Db } from '../../store/database';
import { TARGET_GROUP_LABELS } from '../../domain/vocabulary';
import { addDays, dayToTzDate, toLocalDay } from '../../format/nl';
import { historyReads } from '../capacity/capacity.store';
import { openRequestSummaries } from '../noodknop/noodknop.store';
import { listShifts, openStays } from '../roster/roster.query';
import { maxStayDays } from '../roster/roster.store';
import { loadStand } from '../stand/stand.query';
import { CHART_DAYS, computeDigest, sameTimeYesterday, type Digest } from './digest';

/**
 * The digest read model: the stand, capacity's changes and history, the roster's shifts and CNO
 * stays and the open noodknop requests, read through their owners and computed by the pure
 * computeDigest. The digest's own table (digest_runs) is digest.store.ts's.
 */
/** Reads everything the digest shows for the configured region at `now` and computes it. */
export function loadDigest(db: Db, region: string, now: Date): Digest {
  const history = historyReads(db);
  const stand = loadStand(db, region, now);
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
