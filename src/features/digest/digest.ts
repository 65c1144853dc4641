import { TZDate } from '@date-fns/tz';
import { TARGET_GROUPS, type TargetGroup } from '../../domain/vocabulary';
import { firedToday } from '../../domain/schedule';
import { addDays, daysBetween, TIME_ZONE, toLocalDay } from '../../format/nl';
import { type ShiftRecord } from '../roster/roster';
import { daysStayed, type Stay } from '../stays/stays';
import { halfYearOfDay } from '../../domain/dates';
import type { HousingStand, Stand, TargetProgress } from '../stand/stand';
import type { DigestChartData } from '../charts/chart';
import type { HistoryPoint, LocationFigures, LocationSince, NationalPoint } from '../capacity/capacity';

// ── When the digest is due ────────────────────────────────────────────────────────────────────────

/** True when today's digest has fallen due at `now` (domain/schedule.ts: firedToday). */
export function isDigestDue(now: Date, cron: string): boolean {
  return firedToday(now, cron);
}

// ── Exactly once per channel per day ─────────────────────────────────────────────────────────────

/**
 * The outbox key of a channel's digest of an Amsterdam day: the whole "exactly once". The outbox
 * never posts a key twice, and after an unclear answer or a crash it looks for the key in the
 * channel before it posts.
 */
export const digestKey = (channel: string, day: string) => `digest:${channel}:${day}`;
/** The chart in the digest's thread. */
export const digestChartKey = (channel: string, day: string) => `${digestKey(channel, day)}:chart`;

/** How a day's digest is doing, as the outbox knows it. */
export interface DigestDelivery {
  id: number;
  state: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: number;
  createdAt: string;
  sentAt: string | null;
  /** The message's ts in the channel, once sent. */
  ts: string | null;
  lastError: string | null;
}

// ── Content ──────────────────────────────────────────────────────────────────────────────────────

export interface LocationChange {
  id: number;
  name: string;
  municipality: string;
  isNew: boolean;
  now: LocationFigures;
  before: LocationFigures | null;
  placesChange: number;
  occupiedChange: number;
  stageChanged: boolean;
}

export interface DigestInput {
  now: Date;
  stand: Stand;
  /** Every location of the region (also the ones whose figures did not change). */
  locations: LocationSince[];
  /** Shifts of all regions that run at some moment in the next 48 hours (the roster's listShifts). */
  shifts: ShiftRecord[];
  /** Groups still in CNO, all regions (the roster's openStays). */
  stays: Stay[];
  maxStayDays: number;
  /** The region's location history up to now, oldest first (rows before the window included). */
  history: HistoryPoint[];
  /** One population's national figures up to today, oldest first (the chart's top panel). */
  national: NationalPoint[];
  /** Who those figures count, in words. */
  nationalLabel: string;
}

export type Pace =
  | { kind: 'reached' }
  | { kind: 'no_date' }
  | { kind: 'passed' }
  | { kind: 'unknown' }
  | { kind: 'on_track'; perDay: number; expectedOn: string; neededPerDay: number }
  | { kind: 'late'; perDay: number; lateDays: number; neededPerDay: number }
  | { kind: 'stalled'; neededPerDay: number };

export interface GroupProgress {
  targetGroup: TargetGroup;
  places: number;
  occupied: number;
  locations: number;
  /** Growth in operational places over the pace window, and the window in days. */
  growth: number;
  paceDays: number;
  targets: (TargetProgress & { pace: Pace })[];
}

export interface Digest {
  today: string;
  stand: Stand;
  groups: GroupProgress[];
  changes: LocationChange[];
  /** The statushouders half-year of today. */
  halfYear: string;
  /** The stand's quota figures (absent when none are entered), municipalities furthest behind first. */
  housing?: HousingStand;
  shifts: { total: number; open: ShiftRecord[] };
  stays: (Stay & { days: number })[];
  maxStayDays: number;
  chart: DigestChartData;
  /** The chart's days, and each target group's operational places on them (null before the history starts). */
  days: string[];
  realised: Record<TargetGroup, (number | null)[]>;
}

/** Days of history the pace is measured over. */
export const PACE_DAYS = 14;
export const CHART_DAYS = 30;

/**
 * Operational places per target group at the end of each day in `days`, replayed from the
 * history. Locations without any history are unknown to it (they count from their first write).
 */
export function realisedByDay(history: HistoryPoint[], days: string[]): Map<TargetGroup, number[]> {
  const sorted = [...history].sort((a, b) => a.recordedAt.localeCompare(b.recordedAt));
  const state = new Map<number, HistoryPoint>();
  const out = new Map<TargetGroup, number[]>(TARGET_GROUPS.map((g) => [g, []]));
  let next = 0;
  for (const day of days) {
    while (next < sorted.length && toLocalDay(new Date(sorted[next]!.recordedAt)) <= day) {
      state.set(sorted[next]!.locationId, sorted[next]!);
      next++;
    }
    const totals = new Map<TargetGroup, number>();
    for (const point of state.values()) if (point.stage === 'operationeel') totals.set(point.targetGroup, (totals.get(point.targetGroup) ?? 0) + point.places);
    for (const group of TARGET_GROUPS) out.get(group)!.push(totals.get(group) ?? 0);
  }
  return out;
}

export function paceFor(target: TargetProgress, growth: number, paceDays: number, today: string): Pace {
  if (target.reached) return { kind: 'reached' };
  if (!target.dueOn || target.daysLeft === null) return { kind: 'no_date' };
  if (target.daysLeft < 0) return { kind: 'passed' };
  if (paceDays < 1) return { kind: 'unknown' };
  const neededPerDay = Math.ceil(target.remaining / Math.max(1, target.daysLeft));
  const perDay = growth / paceDays;
  if (perDay <= 0) return { kind: 'stalled', neededPerDay };
  const daysNeeded = Math.ceil(target.remaining / perDay);
  if (daysNeeded <= target.daysLeft) return { kind: 'on_track', perDay, expectedOn: addDays(today, daysNeeded), neededPerDay };
  return { kind: 'late', perDay, lateDays: daysNeeded - target.daysLeft, neededPerDay };
}

/**
 * The same Amsterdam wall-clock time a calendar day earlier: "since yesterday" for a digest posted at
 * 07:30 starts at yesterday's 07:30, also when a daylight-saving change made the night 23 or 25 hours
 * (24 hours back would skip an hour of changes in autumn and repeat one in spring).
 */
export function sameTimeYesterday(now: Date): Date {
  const local = new TZDate(now, TIME_ZONE);
  const yesterday = new TZDate(local.getFullYear(), local.getMonth(), local.getDate() - 1, local.getHours(), local.getMinutes(), local.getSeconds(), local.getMilliseconds(), TIME_ZONE);
  return new Date(yesterday.getTime());
}

function figuresDiffer(a: LocationFigures, b: LocationFigures): boolean {
  return a.stage !== b.stage || a.places !== b.places || a.occupied !== b.occupied;
}

/** Locations whose places, occupancy or stage changed since a day ago, biggest change first. */
export function changesSince(locations: LocationSince[], since: Date): LocationChange[] {
  return locations
    .flatMap((l): LocationChange[] => {
      const isNew = l.before === null && new Date(l.createdAt) > since;
      if (!isNew && (l.before === null || !figuresDiffer(l.before, l.now))) return [];
      const before = l.before;
      return [
        {
          id: l.id,
          name: l.name,
          municipality: l.municipality,
          isNew,
          now: l.now,
          before,
          placesChange: l.now.places - (before?.places ?? 0),
          occupiedChange: l.now.occupied - (before?.occupied ?? 0),
          stageChanged: before !== null && before.stage !== l.now.stage,
        },
      ];
    })
    .sort((a, b) => Math.abs(b.placesChange) + Math.abs(b.occupiedChange) - (Math.abs(a.placesChange) + Math.abs(a.occupiedChange)) || a.name.localeCompare(b.name));
}

function nationalRateByDay(national: NationalPoint[], days: string[]): (number | null)[] {
  const sorted = [...national].sort((a, b) => a.asOf.localeCompare(b.asOf));
  let latest: NationalPoint | undefined;
  let next = 0;
  return days.map((day) => {
    while (next < sorted.length && sorted[next]!.asOf <= day) latest = sorted[next++];
    return latest && latest.places > 0 ? latest.occupied / latest.places : null;
  });
}

/** The group `/opvang grafiek` shows when none is named: the first with a dated target, else the first with any. */
export function chartGroup(stand: Stand): GroupProgress['targetGroup'] {
  const dated = stand.groups.find((g) => g.targets.some((t) => t.dueOn));
  return (dated ?? stand.groups.find((g) => g.targets.length > 0) ?? stand.groups[0])?.targetGroup ?? 'oekrainers';
}

/**
 * The region's shifts in the window (at one of its locations, or at none): how many, and the open
 * ones by start time.
 */
function regionShifts(shifts: ShiftRecord[], regionLocations: Set<number>): Digest['shifts'] {
  const ours = shifts.filter((s) => s.locationId === null || regionLocations.has(s.locationId));
  const open = ours
    .filter((s) => s.slackUserId === null && s.personName === null)
    .sort((a, b) => (a.startsAt < b.startsAt ? -1 : a.startsAt > b.startsAt ? 1 : a.id - b.id));
  return { total: ours.length, open };
}

/** Pure: everything the morning digest shows, from what the store read. */
export function computeDigest(input: DigestInput, groupLabel: (g: TargetGroup) => string): Digest {
  const { stand } = input;
  const today = stand.today;
  // The digest speaks for its region: the roster's shifts and stays are of all regions.
  const regionLocations = new Set(input.locations.map((l) => l.id));
  const days = Array.from({ length: CHART_DAYS }, (_, i) => addDays(today, i - (CHART_DAYS - 1)));
  const byDay = realisedByDay(input.history, days);
  const firstHistoryDay = input.history.length > 0 ? toLocalDay(new Date(input.history.reduce((a, b) => (a.recordedAt < b.recordedAt ? a : b)).recordedAt)) : today;
  const paceDays = Math.min(PACE_DAYS, Math.max(0, daysBetween(firstHistoryDay, today)));

  const groups = stand.groups.map((g): GroupProgress => {
    const series = byDay.get(g.targetGroup)!;
    const then = series[series.length - 1 - paceDays] ?? 0;
    const growth = paceDays > 0 ? g.places - then : 0;
    return {
      targetGroup: g.targetGroup,
      places: g.places,
      occupied: g.occupied,
      locations: g.locations,
      growth,
      paceDays,
      targets: g.targets.map((t) => ({ ...t, pace: paceFor(t, growth, paceDays, today) })),
    };
  });

  const realisedOf = (group: TargetGroup): (number | null)[] => {
    const series = byDay.get(group)!.map((v, i): number | null => (days[i]! < firstHistoryDay ? null : v));
    // Today's point is the live figure: locations written without history still count there.
    series[series.length - 1] = stand.groups.find((g) => g.targetGroup === group)?.places ?? 0;
    return series;
  };
  const realisedByGroup = Object.fromEntries(TARGET_GROUPS.map((g) => [g, realisedOf(g)])) as Record<TargetGroup, (number | null)[]>;
  // Every group with a target, or with operational places on any of the chart's days (a group
  // with only locations in preparation has nothing to draw yet).
  const chartGroups = stand.groups
    .filter((g) => g.targets.length > 0 || realisedByGroup[g.targetGroup].some((v) => v !== null && v > 0))
    .map((g) => ({ group: g.targetGroup, label: groupLabel(g.targetGroup), realised: realisedByGroup[g.targetGroup], targets: g.targets.map((t) => ({ number: t.number, dueOn: t.dueOn })) }));

  return {
    today,
    stand,
    groups,
    changes: changesSince(input.locations, sameTimeYesterday(input.now)),
    halfYear: halfYearOfDay(today),
    housing: stand.housing && {
      ...stand.housing,
      municipalities: [...stand.housing.municipalities].sort((a, b) => a.difference - b.difference || a.municipality.localeCompare(b.municipality)),
    },
    shifts: regionShifts(input.shifts, regionLocations),
    stays: input.stays
      .filter((s) => regionLocations.has(s.locationId) && s.arrivedOn <= today)
      .map((s) => ({ ...s, days: daysStayed(s.arrivedOn, today) }))
      .sort((a, b) => b.days - a.days),
    maxStayDays: input.maxStayDays,
    chart: {
      days,
      nationalRate: nationalRateByDay(input.national, days),
      nationalLabel: input.nationalLabel,
      groups: chartGroups,
    },
    days,
    realised: realisedByGroup,
  };
}
