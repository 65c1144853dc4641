import type { Db } from '../../store/database';
import { enqueuePost } from '../../outbox/outbox.store';
import { TARGET_GROUP_LABELS, type TargetGroup } from '../../domain/vocabulary';
import type { LocationRecord, NationalFigure } from './capacity';
import { capacityReads, latestNational, municipalitiesOf } from './capacity.store';
import { findLocation } from './locations.store';
import {
  hasThresholds,
  locationReading,
  NATIONAL_THRESHOLD_LABEL,
  NATIONAL_THRESHOLD_POPULATION,
  nationalReading,
  nextTransition,
  type Check,
  type ThresholdEvent,
  type ThresholdKind,
  type ThresholdSettings,
} from './thresholds';
import { beyondSubjects, readStates, readThresholds, replaceThresholds, writeState, type StoredState } from './thresholds.store';
import { thresholdAlertMessage, type FigureChange } from './thresholds.view';

/**
 * The one place thresholds are evaluated. Every write of figures goes through
 * figures.write.ts, which wraps it in `watchFigures`: the figures the thresholds measure are read
 * before the write, the write notes what it changed (noteLocation, noteNational), and before the
 * transaction commits the subjects it touched are measured again. A subject that crossed its
 * threshold (or came back with the margin) changes state, and one alert for the whole write is
 * enqueued in the outbox, in the same transaction: the change and its alert commit together or
 * not at all. Writes inside another write's watch (the import's rows, a placement's locations)
 * report to the outer one, so an import of 500 rows gives one alert, not 500.
 */

/** Where a write's alerts go: the region whose thresholds apply, and ALERT_CHANNEL (none: states change, nothing is posted). */
export interface AlertRoute {
  region: string;
  channel?: string;
}

interface Watch {
  route: AlertRoute;
  settings: ThresholdSettings;
  change: Omit<FigureChange, 'locations' | 'national'>;
  at: Date;
  /** Free places per target group before the write (read only when a minimum is set). */
  freeBefore?: Map<TargetGroup, number>;
  locations: Map<number, { before: LocationRecord | null; after: LocationRecord }>;
  national?: { before?: NationalFigure; after: NationalFigure; latestBefore?: NationalFigure; latestAfter?: NationalFigure };
}

/** The watch open on a connection (better-sqlite3 is synchronous: one write at a time per connection). */
const open = new WeakMap<Db, Watch>();

const freeByGroup = (db: Db, region: string) => new Map(capacityReads(db).groupTotals(region).map((g) => [g.targetGroup, g.free] as const));

/**
 * Runs `write` (inside the caller's transaction) watched: afterwards the thresholds it touched are
 * evaluated and alerts enqueued. Without a route nothing is evaluated (a test's direct store
 * call); inside another watch the outer one evaluates.
 */
export function watchFigures<T>(db: Db, route: AlertRoute | undefined, change: Watch['change'], at: Date, write: () => T): T {
  if (open.has(db) || !route) return write();
  const settings = readThresholds(db, route.region);
  if (!hasThresholds(settings)) return write();
  const watch: Watch = { route, settings, change, at, locations: new Map() };
  if (Object.keys(settings.minFree).length > 0) watch.freeBefore = freeByGroup(db, route.region);
  open.set(db, watch);
  try {
    const result = write();
    evaluate(db, watch);
    return result;
  } finally {
    open.delete(db);
  }
}

/** A write changed (or added: `before` null) a location: noted for the open watch, if any. */
export function noteLocation(db: Db, before: LocationRecord | null, after: LocationRecord): void {
  const watch = open.get(db);
  if (!watch) return;
  const earlier = watch.locations.get(after.id);
  watch.locations.set(after.id, { before: earlier ? earlier.before : before, after });
}

/** A write stored national figures: what was latest before and after it (an older date changes nothing). */
export function noteNational(db: Db, stored: { before?: NationalFigure; after: NationalFigure }, latest: { before?: NationalFigure; after?: NationalFigure }): void {
  const watch = open.get(db);
  if (watch) watch.national = { ...stored, latestBefore: latest.before, latestAfter: latest.after };
}

const sameFigures = (a: NationalFigure | undefined, b: NationalFigure | undefined) => a?.asOf === b?.asOf && a?.places === b?.places && a?.occupied === b?.occupied;

function checksOf(db: Db, watch: Watch): Check[] {
  const { settings, route } = watch;
  const checks: Check[] = [];
  const inRegion = watch.locations.size > 0 ? new Set(municipalitiesOf(db, route.region).map((m) => m.id)) : new Set<number>();
  const changed = [...watch.locations.values()].filter((c) => inRegion.has(c.after.municipalityId));

  if (watch.freeBefore && changed.length > 0) {
    const freeAfter = freeByGroup(db, route.region);
    const groups = new Set(changed.flatMap((c) => [c.after.targetGroup, ...(c.before ? [c.before.targetGroup] : [])]));
    for (const group of groups) {
      const minimum = settings.minFree[group];
      if (minimum === undefined) continue;
      checks.push({
        kind: 'min_free',
        subject: group,
        threshold: minimum,
        before: { free: watch.freeBefore.get(group) ?? 0 },
        after: { free: freeAfter.get(group) ?? 0 },
        label: TARGET_GROUP_LABELS[group],
      });
    }
  }
  if (settings.maxLocationOccupancy !== null) {
    for (const c of changed) {
      checks.push({
        kind: 'max_location_occupancy',
        subject: String(c.after.id),
        threshold: settings.maxLocationOccupancy,
        before: c.before && locationReading(c.before),
        after: locationReading(c.after),
        label: `${c.after.name} (${c.after.municipality})`,
      });
    }
  }
  if (settings.nationalOccupancy !== null && watch.national && !sameFigures(watch.national.latestBefore, watch.national.latestAfter)) {
    checks.push({
      kind: 'national_occupancy',
      subject: 'national',
      threshold: settings.nationalOccupancy,
      before: nationalReading(watch.national.latestBefore),
      after: nationalReading(watch.national.latestAfter),
      label: NATIONAL_THRESHOLD_LABEL,
    });
  }
  return checks;
}

function evaluate(db: Db, watch: Watch): void {
  const change: FigureChange = {
    ...watch.change,
    locations: [...watch.locations.values()],
    national: watch.national && { before: watch.national.before, after: watch.national.after },
  };
  announce(db, watch.route, checksOf(db, watch), change, watch.at);
}

/**
 * Moves each checked subject's state on (nextTransition) and enqueues one message for what
 * crossed and what recovered, in the caller's transaction. Returns the events.
 */
function announce(db: Db, route: AlertRoute, checks: Check[], change: FigureChange, at: Date): ThresholdEvent[] {
  if (checks.length === 0) return [];
  const states = new Map<ThresholdKind, Map<string, StoredState>>();
  const events: ThresholdEvent[] = [];
  for (const check of checks) {
    if (!states.has(check.kind)) states.set(check.kind, readStates(db, route.region, check.kind, checks.filter((c) => c.kind === check.kind).map((c) => c.subject)));
    const stored = states.get(check.kind)!.get(check.subject) ?? { state: 'ok' as const, events: 0 };
    const transition = nextTransition(stored.state, check.threshold, check.after);
    if (!transition) continue;
    const next: StoredState = { state: transition === 'crossed' ? 'beyond' : 'ok', events: stored.events + (transition === 'reset' ? 0 : 1) };
    writeState(db, route.region, check.kind, check.subject, next, at);
    if (transition !== 'reset') events.push({ ...check, transition, events: next.events });
  }
  if (events.length === 0 || !route.channel) return events;
  const first = events[0]!;
  enqueuePost(
    db,
    {
      // One message per write; the first event's subject and its own count of events make the key unique and stable.
      key: `threshold:${route.region}:${first.kind}:${first.subject}:${first.events}`,
      kind: 'threshold_alert',
      target: { channel: route.channel },
      message: thresholdAlertMessage(events, change),
    },
    at,
  );
  return events;
}

/**
 * /opvang drempels: the region's thresholds replaced (audited), and every subject measured against
 * them as it is now: what is beyond a new or stricter threshold is announced at once (the change
 * makes it cross), what is back within a looser one with the margin gets its "hersteld". One
 * transaction with the alert.
 */
export function saveThresholds(db: Db, route: AlertRoute, settings: ThresholdSettings, actor: string, at: Date): { before: ThresholdSettings; events: ThresholdEvent[] } {
  return db.transaction(() => {
    const before = replaceThresholds(db, route.region, settings, actor, at);
    const checks: Check[] = [];
    const reads = capacityReads(db);
    const groups = new Map(reads.groupTotals(route.region).map((g) => [g.targetGroup, g.free] as const));
    for (const [group, minimum] of Object.entries(settings.minFree) as [TargetGroup, number][]) {
      const now = { free: groups.get(group) ?? 0 };
      checks.push({ kind: 'min_free', subject: group, threshold: minimum, before: now, after: now, label: TARGET_GROUP_LABELS[group] });
    }
    if (settings.maxLocationOccupancy !== null) {
      const max = settings.maxLocationOccupancy;
      // The locations at or above the maximum now, and those with an alert standing (they may have recovered).
      const full = new Map(reads.fullLocations(route.region, max).map((l) => [String(l.id), l]));
      const subjects = new Set([...full.keys(), ...beyondSubjects(db, route.region, 'max_location_occupancy')]);
      for (const subject of subjects) {
        const location = findLocation(db, Number(subject));
        const now = location ? locationReading(location) : null;
        const label = location ? `${location.name} (${location.municipality})` : `locatie ${subject}`;
        checks.push({ kind: 'max_location_occupancy', subject, threshold: max, before: now, after: now, label });
      }
    }
    if (settings.nationalOccupancy !== null) {
      const now = nationalReading(latestNational(db, NATIONAL_THRESHOLD_POPULATION));
      checks.push({ kind: 'national_occupancy', subject: 'national', threshold: settings.nationalOccupancy, before: now, after: now, label: NATIONAL_THRESHOLD_LABEL });
    }
    const events = announce(db, route, checks, { actor, action: 'thresholds', locations: [] }, at);
    return { before, events };
  })();
}
