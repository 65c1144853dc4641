import { changeStamp, type Db } from '../../store/database';
import { toLocalDay } from '../../format/nl';
import { cnoStaySummary } from '../roster/roster.store';
import { computeStand, halfYearOfDay, staleBefore, type Stand } from './stand';
import { standStore } from './stand.store';

/**
 * The stand read model: what /opvang stand, the App Home and the digest read across features.
 *
 * The stand changes only when data changes or the minute turns, yet it is read on every command,
 * Home view and digest. Cache it on: this connection's total_changes() (every write through it),
 * data_version (writes by other processes, e.g. npm run import) and the minute.
 */
const standCache = new WeakMap<Db, { key: string; stand: Stand }>();

function cacheKey(db: Db, regionCode: string, now: Date): string {
  return `${regionCode}|${Math.floor(now.getTime() / 60_000)}|${changeStamp(db)}`;
}

/** Reads everything stand needs for the configured region at `now` and computes it (cached, see above). */
export function loadStand(db: Db, regionCode: string, now: Date): Stand {
  const key = cacheKey(db, regionCode, now);
  const cached = standCache.get(db);
  if (cached?.key === key) return cached.stand;
  const stand = readStand(db, regionCode, now);
  standCache.set(db, { key, stand });
  return stand;
}

function readStand(db: Db, regionCode: string, now: Date): Stand {
  const store = standStore(db);
  const today = toLocalDay(now);
  return computeStand({
    now,
    regionCode,
    regionName: store.regionName(regionCode) ?? regionCode,
    national: store.latestNational(),
    groups: store.groupTotals(regionCode),
    targets: store.targets(regionCode),
    pipeline: store.pipeline(regionCode),
    stale: store.staleLocations(regionCode, staleBefore(now)),
    dutyToday: store.dutyOn(today),
    ourNextDuty: store.nextDutyOf(regionCode, today),
    rosterKnownUntil: store.lastRosterDay(),
    cnoStays: cnoStaySummary(db, regionCode, today),
    quotas: store.quotas(regionCode, halfYearOfDay(today)),
  });
}
