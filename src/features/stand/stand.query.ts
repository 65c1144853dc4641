import { changeStamp, type Db } from '../../store/database';
import { referenceData } from '../../store/reference';
import { toLocalDay } from '../../format/nl';
import type { LocationRecord } from '../capacity/capacity';
import { capacityReads } from '../capacity/capacity.store';
import { cnoStaySummary, openShiftsOf } from '../roster/roster.query';
import { leftoverSummaries, unresolvedSummaries } from '../noodknop/noodknop.store';
import { LEFTOVER_HOURS } from '../noodknop/noodknop';
import { dutyReads } from '../roster/roster.store';
import { halfYearOfDay } from '../../domain/dates';
import { overdueBefore } from '../../domain/freshness';
import { ACTION_SHIFT_HOURS, computeStand, type Stand, type StandInput } from './stand';
import { readThresholds } from '../capacity/thresholds.store';

/**
 * The stand read model: what /opvang stand, the App Home and the digest read across features
 * (capacity's figures, the roster's duty, open shifts and CNO stays, the noodknop requests that
 * need action and the people partial placements of the last LEFTOVER_HOURS left without a place,
 * the region's name), computed by the pure computeStand. Stand owns no table.
 *
 * The stand changes only when data changes or the minute turns, yet it is read on every command,
 * Home view and digest. Cache it on: this connection's total_changes() (every write through it),
 * data_version (writes by other processes, e.g. npm run import) and the minute.
 */
const standCache = new WeakMap<Db, { key: string; stand: Stand }>();

function cacheKey(db: Db, regionCode: string, now: Date, overdueDays: number): string {
  return `${regionCode}|${overdueDays}|${Math.floor(now.getTime() / 60_000)}|${changeStamp(db)}`;
}

/**
 * Reads everything stand needs for the configured region at `now` and computes it (cached, see
 * above). `overdueDays` is OVERDUE_DAYS: the overdue job asks owners by the same rule.
 */
export function loadStand(db: Db, regionCode: string, now: Date, overdueDays: number): Stand {
  const key = cacheKey(db, regionCode, now, overdueDays);
  const cached = standCache.get(db);
  if (cached?.key === key) return cached.stand;
  const stand = readStand(db, regionCode, now, overdueDays);
  standCache.set(db, { key, stand });
  return stand;
}

function readStand(db: Db, regionCode: string, now: Date, overdueDays: number): Stand {
  const capacity = capacityReads(db);
  const duty = dutyReads(db);
  const today = toLocalDay(now);
  const reference = referenceData(db);
  return computeStand({
    now,
    regionCode,
    regionName: reference.regionName(regionCode) ?? regionCode,
    overdueDays,
    national: capacity.latestNational(),
    groups: capacity.groupTotals(regionCode),
    targets: capacity.targets(regionCode),
    pipeline: capacity.pipeline(regionCode),
    stale: capacity.staleLocations(regionCode, overdueBefore(now, overdueDays)),
    dutyToday: duty.dutyOn(today),
    ourNextDuty: duty.nextDutyOf(regionCode, today),
    rosterKnownUntil: duty.lastRosterDay(),
    cnoStays: cnoStaySummary(db, regionCode, today),
    quotas: capacity.quotas(regionCode, halfYearOfDay(today)),
    municipalityCount: reference.municipalityNames(regionCode).length,
    noodknop: unresolvedSummaries(db),
    noodknopLeftovers: leftoverSummaries(db, new Date(now.getTime() - LEFTOVER_HOURS * 3600_000)),
    openShifts: openShiftsOf(db, regionCode, now, new Date(now.getTime() + ACTION_SHIFT_HOURS * 3600_000)),
    thresholds: thresholdsNow(db, regionCode),
  });
}

/** The region's thresholds for the footer, with the locations at or above the maximum now. */
function thresholdsNow(db: Db, regionCode: string): StandInput['thresholds'] {
  const settings = readThresholds(db, regionCode);
  const max = settings.maxLocationOccupancy;
  return { settings, fullLocations: max === null ? 0 : capacityReads(db).fullLocations(regionCode, max).length };
}

/** /opvang stand <gemeente>: the region's municipalities, and the named one's locations when it is one of them. */
export function municipalityStand(db: Db, regionCode: string, wanted: string): { regionName: string; municipalities: string[]; name?: string; locations: LocationRecord[] } {
  const reference = referenceData(db);
  const municipalities = reference.municipalityNames(regionCode);
  const name = municipalities.find((n) => n.toLowerCase() === wanted.toLowerCase());
  return {
    regionName: reference.regionName(regionCode) ?? regionCode,
    municipalities,
    name,
    locations: name ? capacityReads(db).locationsIn(regionCode, name) : [],
  };
}
