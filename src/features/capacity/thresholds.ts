import { TARGET_GROUPS, type TargetGroup } from '../../domain/vocabulary';

/**
 * Alert thresholds (pure): what a region sets with /opvang drempels, when a figure is beyond a
 * threshold, and when it has come back far enough to say "hersteld". The write path
 * (thresholds.write.ts) reads the figures before and after a write and asks nextTransition.
 */

export type ThresholdKind = 'min_free' | 'max_location_occupancy' | 'national_occupancy';

/** A region's thresholds; a missing value is no threshold. Percentages are whole percents. */
export interface ThresholdSettings {
  /** The least free places the region must keep per target group (operational locations). */
  minFree: Partial<Record<TargetGroup, number>>;
  /** No single operational location at or above this occupancy (percent). */
  maxLocationOccupancy: number | null;
  /** The national occupancy level (percent) that is worth an alert. */
  nationalOccupancy: number | null;
}

/** A stored threshold: one row per kind (and target group for min_free). */
export interface ThresholdRow {
  kind: ThresholdKind;
  /** '' for the kinds that are not per target group. */
  targetGroup: TargetGroup | '';
  value: number;
}

export function settingsFromRows(rows: ThresholdRow[]): ThresholdSettings {
  const settings: ThresholdSettings = { minFree: {}, maxLocationOccupancy: null, nationalOccupancy: null };
  for (const row of rows) {
    if (row.kind === 'min_free' && row.targetGroup) settings.minFree[row.targetGroup] = row.value;
    else if (row.kind === 'max_location_occupancy') settings.maxLocationOccupancy = row.value;
    else if (row.kind === 'national_occupancy') settings.nationalOccupancy = row.value;
  }
  return settings;
}

export function rowsFromSettings(settings: ThresholdSettings): ThresholdRow[] {
  const rows: ThresholdRow[] = [];
  for (const group of TARGET_GROUPS) {
    const value = settings.minFree[group];
    if (value !== undefined) rows.push({ kind: 'min_free', targetGroup: group, value });
  }
  if (settings.maxLocationOccupancy !== null) rows.push({ kind: 'max_location_occupancy', targetGroup: '', value: settings.maxLocationOccupancy });
  if (settings.nationalOccupancy !== null) rows.push({ kind: 'national_occupancy', targetGroup: '', value: settings.nationalOccupancy });
  return rows;
}

export function hasThresholds(settings: ThresholdSettings): boolean {
  return Object.keys(settings.minFree).length > 0 || settings.maxLocationOccupancy !== null || settings.nationalOccupancy !== null;
}

// ── Hysteresis ─────────────────────────────────────────────────────────────────────────────────
// A figure that moves around its threshold must not alert on every update. It crosses at the
// threshold, and it is "hersteld" only once it is back by a margin:
// - free places: back at the minimum plus 10% of it, at least 5 places (minimum 100 → 110;
//   minimum 20 → 25);
// - occupancy: back 3 percentage points below the maximum (95% → 92% or less).
// Between the two the state does not change, whichever way the figure moves.

export const FREE_MARGIN_FRACTION = 0.1;
export const FREE_MARGIN_MIN_PLACES = 5;
export const OCCUPANCY_MARGIN_POINTS = 3;

/** The free places at which a region below its minimum counts as recovered. */
export function freeRecoveryLevel(minimum: number): number {
  return minimum + Math.max(FREE_MARGIN_MIN_PLACES, Math.ceil(minimum * FREE_MARGIN_FRACTION));
}

/** The occupancy (percent) at or below which an occupancy above its maximum counts as recovered. */
export function occupancyRecoveryLevel(maximum: number): number {
  return Math.max(0, maximum - OCCUPANCY_MARGIN_POINTS);
}

/**
 * What a threshold measures of its subject: free places (a target group in the region), or
 * places and occupied (a location, the national figures). Occupancy compares whole numbers
 * (occupied × 100 against threshold × places), so 95% is 95% without rounding.
 */
export type Reading = { free: number } | { places: number; occupied: number };

function isFree(reading: Reading): reading is { free: number } {
  return 'free' in reading;
}

/** Whether a reading is beyond its threshold: fewer free places than the minimum, or occupancy at or above the maximum. */
export function isBeyond(threshold: number, reading: Reading): boolean {
  if (isFree(reading)) return reading.free < threshold;
  return reading.places > 0 && reading.occupied * 100 >= threshold * reading.places;
}

/** Whether a reading is back within its threshold with the margin (see Hysteresis). */
export function hasRecovered(threshold: number, reading: Reading): boolean {
  if (isFree(reading)) return reading.free >= freeRecoveryLevel(threshold);
  return reading.places > 0 && reading.occupied * 100 <= occupancyRecoveryLevel(threshold) * reading.places;
}

export type SubjectState = 'beyond' | 'ok';

/**
 * What a write does to a subject's state: `crossed` (an alert), `recovered` (a "hersteld"),
 * `reset` (the subject stopped being measured while beyond, e.g. a location that closed: quietly
 * back to ok), or nothing. `state` is whether an alert stands (no row: ok). A figure that is
 * beyond while no alert stands (a threshold set after a write that was never evaluated) is
 * announced at the next write that touches it.
 */
export function nextTransition(state: SubjectState, threshold: number, after: Reading | null): 'crossed' | 'recovered' | 'reset' | undefined {
  if (state === 'ok') return after && isBeyond(threshold, after) ? 'crossed' : undefined;
  if (!after) return 'reset';
  return hasRecovered(threshold, after) ? 'recovered' : undefined;
}

/** A location's reading for the occupancy threshold: only operational locations with places are measured. */
export function locationReading(l: { stage: string; places: number; occupied: number }): Reading | null {
  return l.stage === 'operationeel' && l.places > 0 ? { places: l.places, occupied: l.occupied } : null;
}

/** The national figures' reading (no figures, or no places: not measured). */
export function nationalReading(n: { places: number; occupied: number } | undefined): Reading | null {
  return n && n.places > 0 ? { places: n.places, occupied: n.occupied } : null;
}

/** One subject a write touched, measured before and after. */
export interface Check {
  kind: ThresholdKind;
  /** The target group, the location id, or 'national'. */
  subject: string;
  threshold: number;
  before: Reading | null;
  after: Reading | null;
  /** For the message: the location's name and municipality, or the target group's label. */
  label: string;
}

export interface ThresholdEvent extends Check {
  transition: 'crossed' | 'recovered';
  /** The subject's count of alerts and "hersteld" notices, this one included (its outbox key). */
  events: number;
}
