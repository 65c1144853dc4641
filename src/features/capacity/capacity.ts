import { STAGES, STAGE_LABELS, TARGET_GROUPS, TARGET_GROUP_LABELS, type Priority, type Stage, type TargetGroup } from '../../domain/vocabulary';

/**
 * Pure capacity logic: the rows of the tables capacity owns, the vocabulary parsers of the CSV
 * import. The forms are definitions in capacity.view.ts, validated by src/forms.
 */

// Rows of the tables capacity owns (locations, national_figures, targets, housing_quotas), as the
// store returns them and stand, Home and digest read them.

export interface NationalFigure {
  asOf: string;
  places: number;
  occupied: number;
  source: string | null;
}

export interface TargetRow {
  id: number;
  targetGroup: TargetGroup;
  number: number;
  dueOn: string | null;
  label: string;
  priority: Priority;
}

export interface GroupTotals {
  targetGroup: TargetGroup;
  places: number;
  occupied: number;
  /** Free places: each location's places less occupied, an overfull one counting 0 (not less). */
  free: number;
  locations: number;
}

/** An operational location at or above an occupancy (the thresholds' maximum per location). */
export interface FullLocation {
  id: number;
  name: string;
  municipality: string;
  places: number;
  occupied: number;
}

export interface PipelineLocation {
  id: number;
  name: string;
  municipality: string;
  targetGroup: TargetGroup;
  stage: Stage;
  expectedPlaces: number | null;
  expectedIsEstimate: boolean;
  opensOn: string | null;
}

export interface StaleLocation {
  id: number;
  name: string;
  municipality: string;
  updatedAt: string;
  updatedBy: string;
}

export interface QuotaRow {
  municipality: string;
  halfYear: string;
  quota: number;
  housed: number;
  carryOver: number;
}

/** A location as stored. */
export interface LocationRecord {
  id: number;
  municipalityId: number;
  municipality: string;
  name: string;
  targetGroup: TargetGroup;
  stage: Stage;
  places: number;
  occupied: number;
  expectedPlaces: number | null;
  expectedIsEstimate: boolean;
  opensOn: string | null;
  closesOn: string | null;
  contact: string | null;
  note: string | null;
  /** The Slack member who keeps the figures up to date (null: see ownerOf). */
  ownerId: string | null;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

/** The fields a write may change. */
export type LocationPatch = Partial<
  Pick<LocationRecord, 'name' | 'stage' | 'places' | 'occupied' | 'expectedPlaces' | 'expectedIsEstimate' | 'opensOn' | 'closesOn' | 'contact' | 'note' | 'ownerId'>
>;

/** A Slack member id (U…, W… for Enterprise Grid): what a person's id looks like, unlike the system's actors. */
export const SLACK_MEMBER_ID = /^[UW][A-Z0-9]{2,20}$/;

/**
 * Who answers for a location's figures: its owner; without one, the person who last updated it
 * (a Slack member); when that was the seed, the synthetic dataset, a command-line import or
 * another system actor, nobody in particular (null: the admins).
 */
export function ownerOf(location: Pick<LocationRecord, 'ownerId' | 'updatedBy'>): string | null {
  if (location.ownerId) return location.ownerId;
  return SLACK_MEMBER_ID.test(location.updatedBy) ? location.updatedBy : null;
}

export interface Municipality {
  id: number;
  name: string;
}

export interface LocationRef {
  id: number;
  name: string;
  municipality: string;
}

export interface ExportHistory {
  recordedAt: string;
  recordedBy: string;
  name: string;
  municipality: string;
  stage: Stage;
  places: number;
  occupied: number;
  expectedPlaces: number | null;
}

export interface LocationFigures {
  stage: Stage;
  places: number;
  occupied: number;
}

/** A location as it is now, with its figures as they were a day ago (none when it is new). */
export interface LocationSince {
  id: number;
  name: string;
  municipality: string;
  targetGroup: TargetGroup;
  createdAt: string;
  now: LocationFigures;
  before: LocationFigures | null;
}

export interface HistoryPoint {
  locationId: number;
  targetGroup: TargetGroup;
  recordedAt: string;
  stage: Stage;
  places: number;
}

export interface NationalPoint {
  asOf: string;
  places: number;
  occupied: number;
}

const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')
    .trim();

/** "Oekraïners", "oekrainers", "Oekraïners (GOO)", "CNO" → the target group. */
export function parseTargetGroup(raw: string): TargetGroup | undefined {
  const wanted = fold(raw);
  return TARGET_GROUPS.find((g) => fold(g) === wanted || fold(TARGET_GROUP_LABELS[g]) === wanted || fold(TARGET_GROUP_LABELS[g]).startsWith(`${wanted} (`));
}

/** "in overweging", "in_overweging", "Operationeel" → the stage. */
export function parseStage(raw: string): Stage | undefined {
  const wanted = fold(raw);
  return STAGES.find((s) => fold(s) === wanted || fold(STAGE_LABELS[s]) === wanted);
}

export const OVERBEZETTING = 'overbezetting';

/** "2022-II": the half-years of the statushouders quota. */
export const HALF_YEAR = /^(\d{4})-(I|II)$/;

/** Realised against the quota: positive `difference` is voorsprong, negative achterstand. */
export function quotaStatus(q: { quota: number; housed: number; carryOver: number }): { required: number; difference: number } {
  // carry_over is behind (+) or ahead (−) from the previous half-year, so it adds to what is due.
  const required = q.quota + q.carryOver;
  return { required, difference: q.housed - required };
}

/** How a typed location argument matched: "Sporthal" or "Sporthal (Ommen)". */
export type LocationMatch<T> = { kind: 'one'; location: T } | { kind: 'many'; locations: T[] } | { kind: 'none'; suggestions: T[] };

export function matchLocation<T extends { name: string; municipality: string }>(wanted: string, locations: T[]): LocationMatch<T> {
  const needle = wanted.trim().toLowerCase();
  const withMunicipality = /^(.*)\(([^()]+)\)\s*$/.exec(needle);
  const exact = locations.filter(
    (l) =>
      l.name.toLowerCase() === needle ||
      (withMunicipality !== null && l.name.toLowerCase() === withMunicipality[1]!.trim() && l.municipality.toLowerCase() === withMunicipality[2]!.trim()),
  );
  if (exact.length === 1) return { kind: 'one', location: exact[0]! };
  if (exact.length > 1) return { kind: 'many', locations: exact };
  const partial = locations.filter((l) => l.name.toLowerCase().includes(needle) || needle.includes(l.name.toLowerCase()));
  return { kind: 'none', suggestions: partial.slice(0, 5) };
}
