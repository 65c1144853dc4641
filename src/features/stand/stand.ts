import { daysBetween, toLocalDay } from '../../format/nl';
import { halfYearOfDay } from '../../domain/dates';
import { PIPELINE_STAGES, TARGET_GROUPS, type Stage, type TargetGroup } from '../../domain/vocabulary';
import type { GroupTotals, NationalFigure, PipelineLocation, QuotaRow, StaleLocation, TargetRow } from '../capacity/capacity';
import type { DutyPeriod } from '../roster/roster';
import type { StaySummary } from '../stays/stays';
import { ourDuty, type OurDuty } from '../roster/roster';
import { hasThresholds, type ThresholdSettings } from '../capacity/thresholds';
import type { ThresholdFooter } from '../capacity/thresholds.view';

/** Everything stand needs, as read from the store. */
export interface StandInput {
  now: Date;
  regionCode: string;
  regionName: string;
  /** OVERDUE_DAYS: figures older than this are out of date (domain/freshness.ts). */
  overdueDays: number;
  national: NationalFigure[];
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
  /** The region's alert thresholds, and how many operational locations are at or above the maximum now. */
  thresholds?: { settings: ThresholdSettings; fullLocations: number };
}

/** Statushouders housed against the half-year's quota; `difference` < 0 is achterstand, > 0 voorsprong. */
export interface HousingStand {
  halfYear: string;
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
  previous?: NationalFigure & { placesChange: number; occupiedChange: number };
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
  national?: NationalStand;
  groups: GroupStand[];
  pipeline: PipelineStage[];
  dutyToday: DutyPeriod[];
  ourDuty: OurDuty;
  stale: (StaleLocation & { ageDays: number })[];
  cnoStays?: StaySummary;
  housing?: HousingStand;
  /** The footer's thresholds with the figures they measure now (absent: none set). */
  thresholds?: ThresholdFooter;
}

function housingStand(quotas: QuotaRow[] | undefined, halfYear: string): HousingStand | undefined {
  if (!quotas || quotas.length === 0) return undefined;
  // carry_over is what was behind (+) or ahead (−) last half-year, so it adds to what is due now.
  const municipalities = quotas.map((q) => ({ ...q, required: q.quota + q.carryOver, difference: q.housed - (q.quota + q.carryOver) }));
  const required = municipalities.reduce((s, q) => s + q.required, 0);
  const housed = municipalities.reduce((s, q) => s + q.housed, 0);
  return { halfYear, required, housed, difference: housed - required, municipalities };
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

/** Pure: turns what the store read into what stand, Home and the digest show. */
export function computeStand(input: StandInput): Stand {
  const today = toLocalDay(input.now);
  const [latest, previous] = input.national;
  const national: NationalStand | undefined = latest && {
    ...latest,
    rate: latest.places > 0 ? latest.occupied / latest.places : 0,
    ageDays: daysBetween(latest.asOf, today),
    stale: daysBetween(latest.asOf, today) > input.overdueDays,
    previous: previous && {
      ...previous,
      placesChange: latest.places - previous.places,
      occupiedChange: latest.occupied - previous.occupied,
    },
  };

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
    stale: input.stale.map((l) => ({ ...l, ageDays: daysBetween(toLocalDay(new Date(l.updatedAt)), today) })),
    cnoStays: input.cnoStays,
    housing: housingStand(input.quotas, halfYearOfDay(today)),
    thresholds:
      input.thresholds && hasThresholds(input.thresholds.settings)
        ? {
            settings: input.thresholds.settings,
            free: Object.fromEntries(input.groups.map((g) => [g.targetGroup, g.free])),
            fullLocations: input.thresholds.fullLocations,
            national: latest && { places: latest.places, occupied: latest.occupied },
          }
        : undefined,
  };
}

