import { formatNumber } from '../../format/nl';
import { STAGES, STAGE_LABELS, TARGET_GROUPS, TARGET_GROUP_LABELS, type NationalPopulation, type Priority, type Stage, type TargetGroup } from '../../domain/vocabulary';

/**
 * Pure capacity logic: the rows of the tables capacity owns, the vocabulary parsers of the CSV
 * import. The forms are definitions in capacity.view.ts, validated by src/forms.
 */

// Rows of the tables capacity owns (locations, national_figures, targets, housing_quotas), as the
// store returns them and stand, Home and digest read them.

export interface NationalFigure {
  asOf: string;
  /** Who the figures count (migration 0009): never compared with another population's. */
  population: NationalPopulation;
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
const HALF_YEAR = /^(\d{4})-(I|II)$/;

/** "2022-II" → "2022-II (jul–dec)": how the form's select shows a half-year. */
export function halfYearLabel(halfYear: string): string {
  return `${halfYear} (${halfYear.endsWith('-II') ? 'jul–dec' : 'jan–jun'})`;
}

/** The half-years the quota form offers: two before `current`, `current` and the next one, oldest first. */
export function halfYearsAround(current: string): string[] {
  const match = HALF_YEAR.exec(current);
  if (!match) return [current];
  const index = Number(match[1]) * 2 + (match[2] === 'II' ? 1 : 0);
  return [-2, -1, 0, 1].map((step) => {
    const i = index + step;
    return `${Math.floor(i / 2)}-${i % 2 === 1 ? 'II' : 'I'}`;
  });
}

/** Carry-over from the previous half-year as people say it: behind (achterstand) or ahead (voorsprong), and how many. */
export type CarryOver = { kind: 'geen' } | { kind: 'achterstand' | 'voorsprong'; number: number };

/**
 * The one conversion between the words and the stored column (housing_quotas.carry_over): behind
 * is stored positive (it adds to what is due this half-year), ahead negative. Nobody types a sign.
 */
export function carryOverColumn(carry: CarryOver): number {
  if (carry.kind === 'geen' || carry.number === 0) return 0;
  return carry.kind === 'achterstand' ? carry.number : -carry.number;
}

/** The stored column back in words (the inverse of carryOverColumn). */
export function carryOverOf(column: number): CarryOver {
  if (column === 0) return { kind: 'geen' };
  return column > 0 ? { kind: 'achterstand', number: column } : { kind: 'voorsprong', number: -column };
}

/** The stored carry-over in words: "achterstand vorig halfjaar 10", "voorsprong vorig halfjaar 2"; empty for none. */
export function carryOverText(column: number): string {
  const carry = carryOverOf(column);
  return carry.kind === 'geen' ? '' : `${carry.kind} vorig halfjaar ${formatNumber(carry.number)}`;
}

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
