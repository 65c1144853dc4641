import { daysBetween, toLocalDay } from '../../format/nl';
import { halfYearOfDay } from '../../domain/dates';
import { PIPELINE_STAGES, TARGET_GROUPS, type Stage, type TargetGroup } from '../../domain/vocabulary';
import type { GroupTotals, NationalFigure, PipelineLocation, QuotaRow, StaleLocation, TargetRow } from '../capacity/capacity';
import type { DutyPeriod } from '../roster/roster';
import type { StaySummary } from '../stays/stays';
import { ourDuty, type OurDuty, type ShiftRecord } from '../roster/roster';
import type { LeftoverRow, NoodknopRow } from '../noodknop/noodknop';
import { hasThresholds, NATIONAL_THRESHOLD_POPULATION, type ThresholdSettings } from '../capacity/thresholds';
import type { ThresholdFooter } from '../capacity/thresholds.view';

/** Everything stand needs, as read from the store. */
export interface StandInput {
  now: Date;
  regionCode: string;
  regionName: string;
  /** OVERDUE_DAYS: figures older than this are out of date (domain/freshness.ts). */
  overdueDays: number;
  /** Per population that has figures: its latest, then the one before (capacityReads.latestNational). */
  national: NationalFigure[][];
  groups: GroupTotals[];
  targets: TargetRow[];
  pipeline: PipelineLocation[];
  stale: StaleLocation[];
  dutyToday: DutyPeriod[];
  ourNextDuty?: DutyPeriod;
  rosterKnownUntil: string | null;
  /** Guests in CNO by length of stay (the 14-day rule); absent when not read. */
  cnoStays?: StaySummary;
  /** Statushouders quota rows of the current half-year (absent or empty: no section). */
  quotas?: QuotaRow[];
  /** How many municipalities the region has (for "1 van 11 gemeenten"); absent: as many as have quota rows. */
  municipalityCount?: number;
  /** Noodknop requests someone still has to act on (open, gedekt, verlopen); absent when not read. */
  noodknop?: NoodknopRow[];
  /** Partly placed requests whose people without a place nobody took care of yet (LEFTOVER_HOURS); absent when not read. */
  noodknopLeftovers?: LeftoverRow[];
  /** The region's open shifts in the next ACTION_SHIFT_HOURS hours; absent when not read. */
  openShifts?: Pick<ShiftRecord, 'startsAt'>[];
  /** The region's alert thresholds, and how many operational locations are at or above the maximum now. */
  thresholds?: { settings: ThresholdSettings; fullLocations: number };
}

/** Open shifts count as needing action this many hours ahead (the roster's gaps post uses the same). */
export const ACTION_SHIFT_HOURS = 48;

/**
 * One thing someone must do now, for "Nu actie nodig" (stand, Home, digest), most urgent first:
 * people without a place, then staffing, then the 14-day rule, then out-of-date figures. Each
 * is rendered with the button that does it.
 */
export type ActionItem =
  | { kind: 'noodknop'; request: NoodknopRow; missing: number }
  /** A partial placement: `left` people still without a place, nobody asked for them yet. */
  | { kind: 'leftover'; request: LeftoverRow; left: number }
  | { kind: 'shifts'; total: number; perDay: { day: string; open: number }[] }
  | { kind: 'stays'; persons: number; groups: number; dueDay: number; maxStayDays: number }
  | { kind: 'stale'; locations: number; oldest: StaleLocation & { ageDays: number }; overdueDays: number };

const NOODKNOP_URGENCY: Record<NoodknopRow['state'], number> = { open: 0, verlopen: 1, gedekt: 2 };

/**
 * What needs action now, most urgent first; empty when nothing does (then there is no section at
 * all). People without a place come first: open requests, then expired ones and those a partial
 * placement left without a place (their deadline passed too), then covered requests waiting for
 * their placement to be confirmed.
 */
function actionItems(
  input: Pick<Stand, 'today' | 'stale' | 'cnoStays' | 'overdueDays'> & { noodknop?: NoodknopRow[]; noodknopLeftovers?: LeftoverRow[]; openShifts?: Pick<ShiftRecord, 'startsAt'>[] },
): ActionItem[] {
  const items: ActionItem[] = [];
  const requests = [...(input.noodknop ?? [])].sort(
    (a, b) => NOODKNOP_URGENCY[a.state] - NOODKNOP_URGENCY[b.state] || a.neededBy.localeCompare(b.neededBy) || a.id - b.id,
  );
  const item = (request: NoodknopRow): ActionItem => ({ kind: 'noodknop', request, missing: Math.max(0, request.persons - request.offeredPlaces) });
  for (const request of requests.filter((r) => r.state !== 'gedekt')) items.push(item(request));
  const leftovers = [...(input.noodknopLeftovers ?? [])].sort((a, b) => a.closedAt.localeCompare(b.closedAt) || a.id - b.id);
  for (const request of leftovers) if (request.persons > request.placed) items.push({ kind: 'leftover', request, left: request.persons - request.placed });
  for (const request of requests.filter((r) => r.state === 'gedekt')) items.push(item(request));
  const shifts = input.openShifts ?? [];
  if (shifts.length > 0) {
    // A shift that already started (and is still open) counts on today.
    const perDay = new Map<string, number>();
    for (const s of shifts) {
      const day = [toLocalDay(new Date(s.startsAt)), input.today].sort().at(-1)!;
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
    items.push({ kind: 'shifts', total: shifts.length, perDay: [...perDay].sort(([a], [b]) => a.localeCompare(b)).map(([day, open]) => ({ day, open })) });
  }
  const stays = input.cnoStays;
  if (stays && stays.dueWithoutDestination > 0) {
    items.push({ kind: 'stays', persons: stays.dueWithoutDestination, groups: stays.dueGroupsWithoutDestination, dueDay: stays.dueDay, maxStayDays: stays.maxStayDays });
  }
  const oldest = input.stale.reduce<Stand['stale'][number] | undefined>((a, b) => (!a || b.ageDays > a.ageDays ? b : a), undefined);
  if (oldest) items.push({ kind: 'stale', locations: input.stale.length, oldest, overdueDays: input.overdueDays });
  return items;
}

/** Statushouders housed against the half-year's quota; `difference` < 0 is achterstand, > 0 voorsprong. */
export interface HousingStand {
  halfYear: string;
  /** Municipalities with a quota row, of the region's: a regional balance holds only when all entered theirs. */
  entered: number;
  municipalityCount: number;
  required: number;
  housed: number;
  difference: number;
  municipalities: (QuotaRow & { required: number; difference: number })[];
}

export interface TargetProgress extends TargetRow {
  realised: number;
  fraction: number;
  remaining: number;
  /** Days from today to the target date; negative once passed; null without a date. */
  daysLeft: number | null;
  reached: boolean;
}

export interface GroupStand {
  targetGroup: TargetGroup;
  places: number;
  occupied: number;
  free: number;
  locations: number;
  targets: TargetProgress[];
}

export interface NationalStand extends NationalFigure {
  rate: number;
  ageDays: number;
  stale: boolean;
  /** The figures before, and the change since, when they come from the same source. */
  previous?: NationalFigure & { placesChange: number; occupiedChange: number };
  /** The figures before came from another (or an unknown) source: no change is shown. */
  previousOtherSource?: NationalFigure;
}

export interface PipelineStage {
  stage: Stage;
  locations: PipelineLocation[];
  expectedPlaces: number;
  /** True when any of the summed figures is an estimate ("ca."). */
  approximate: boolean;
  /** Locations whose expected places nobody has given yet. */
  withoutFigure: number;
}

export interface Stand {
  today: string;
  regionCode: string;
  regionName: string;
  /** Figures older than this many days are out of date (OVERDUE_DAYS). */
  overdueDays: number;
  /** One per population that has figures, the most recent first; each population is read on its own. */
  national: NationalStand[];
  groups: GroupStand[];
  pipeline: PipelineStage[];
  dutyToday: DutyPeriod[];
  ourDuty: OurDuty;
  stale: (StaleLocation & { ageDays: number })[];
  cnoStays?: StaySummary;
  housing?: HousingStand;
  /** "Nu actie nodig": empty when nothing needs action. */
  actions: ActionItem[];
  /** The footer's thresholds with the figures they measure now (absent: none set). */
  thresholds?: ThresholdFooter;
}

function housingStand(quotas: QuotaRow[] | undefined, halfYear: string, municipalityCount: number | undefined): HousingStand | undefined {
  if (!quotas || quotas.length === 0) return undefined;
  // carry_over is what was behind (+) or ahead (−) last half-year, so it adds to what is due now.
  const municipalities = quotas.map((q) => ({ ...q, required: q.quota + q.carryOver, difference: q.housed - (q.quota + q.carryOver) }));
  const required = municipalities.reduce((s, q) => s + q.required, 0);
  const housed = municipalities.reduce((s, q) => s + q.housed, 0);
  return { halfYear, entered: quotas.length, municipalityCount: Math.max(municipalityCount ?? 0, quotas.length), required, housed, difference: housed - required, municipalities };
}

export function targetProgress(target: TargetRow, realised: number, today: string): TargetProgress {
  return {
    ...target,
    realised,
    fraction: target.number > 0 ? realised / target.number : 0,
    remaining: Math.max(0, target.number - realised),
    daysLeft: target.dueOn ? daysBetween(today, target.dueOn) : null,
    reached: realised >= target.number,
  };
}

/**
 * Two figures count the same thing only with the same source: a change between, say, the
 * ministry's count and COA's is no growth. An unknown (empty) source matches only another empty one.
 */
function sameSource(a: NationalFigure, b: NationalFigure): boolean {
  const norm = (source: string | null) => (source ?? '').trim().toLocaleLowerCase('nl-NL');
  return norm(a.source) === norm(b.source);
}

/** One population's latest figures, with the change since the figures before it when they are comparable. */
function nationalStand(latest: NationalFigure, previous: NationalFigure | undefined, today: string, overdueDays: number): NationalStand {
  const comparable = previous && previous.population === latest.population && sameSource(previous, latest);
  return {
    ...latest,
    rate: latest.places > 0 ? latest.occupied / latest.places : 0,
    ageDays: daysBetween(latest.asOf, today),
    stale: daysBetween(latest.asOf, today) > overdueDays,
    ...(previous && comparable ? { previous: { ...previous, placesChange: latest.places - previous.places, occupiedChange: latest.occupied - previous.occupied } } : {}),
    ...(previous && !comparable ? { previousOtherSource: previous } : {}),
  };
}

/** Pure: turns what the store read into what stand, Home and the digest show. */
export function computeStand(input: StandInput): Stand {
  const today = toLocalDay(input.now);
  const national = input.national.flatMap(([latest, previous]) => (latest ? [nationalStand(latest, previous, today, input.overdueDays)] : []));

  const totals = new Map(input.groups.map((g) => [g.targetGroup, g]));
  const groups = TARGET_GROUPS.flatMap((group): GroupStand[] => {
    const total = totals.get(group);
    const targets = input.targets.filter((t) => t.targetGroup === group);
    if (!total && targets.length === 0) return [];
    const places = total?.places ?? 0;
    return [
      {
        targetGroup: group,
        places,
        occupied: total?.occupied ?? 0,
        free: total?.free ?? 0,
        locations: total?.locations ?? 0,
        targets: targets.map((t) => targetProgress(t, places, today)),
      },
    ];
  });

  const pipeline = PIPELINE_STAGES.map((stage): PipelineStage => {
    const locations = input.pipeline.filter((l) => l.stage === stage);
    return {
      stage,
      locations,
      expectedPlaces: locations.reduce((sum, l) => sum + (l.expectedPlaces ?? 0), 0),
      approximate: locations.some((l) => l.expectedIsEstimate && l.expectedPlaces !== null),
      withoutFigure: locations.filter((l) => l.expectedPlaces === null).length,
    };
  });

  const stale = input.stale.map((l) => ({ ...l, ageDays: daysBetween(toLocalDay(new Date(l.updatedAt)), today) }));
  return {
    today,
    regionCode: input.regionCode,
    regionName: input.regionName,
    overdueDays: input.overdueDays,
    national,
    groups,
    pipeline,
    dutyToday: input.dutyToday,
    ourDuty: ourDuty(input.ourNextDuty, today, input.rosterKnownUntil),
    stale,
    cnoStays: input.cnoStays,
    housing: housingStand(input.quotas, halfYearOfDay(today), input.municipalityCount),
    actions: actionItems({ today, stale, overdueDays: input.overdueDays, cnoStays: input.cnoStays, noodknop: input.noodknop, noodknopLeftovers: input.noodknopLeftovers, openShifts: input.openShifts }),
    thresholds:
      input.thresholds && hasThresholds(input.thresholds.settings)
        ? {
            settings: input.thresholds.settings,
            free: Object.fromEntries(input.groups.map((g) => [g.targetGroup, g.free])),
            fullLocations: input.thresholds.fullLocations,
            // The national threshold measures one population (capacity/thresholds.ts).
            national: national.find((n) => n.population === NATIONAL_THRESHOLD_POPULATION),
          }
        : undefined,
  };
}

