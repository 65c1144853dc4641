import { z } from 'zod';
import { PRIORITIES, STAGES, STAGE_LABELS, TARGET_GROUPS, TARGET_GROUP_LABELS, type Priority, type Stage, type TargetGroup } from '../../domain/vocabulary';
import { isExistingDay } from '../../domain/dates';
import { wholeNumberField } from '../../domain/forms';

/**
 * Pure capacity logic: the rows of the tables capacity owns, the vocabulary parsers of the CSV
 * import, and the forms' schemas. Numbers and dates go through the one parser in src/domain.
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
  locations: number;
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
  version: number;
  updatedAt: string;
  updatedBy: string;
}

/** The fields a write may change. */
export type LocationPatch = Partial<
  Pick<LocationRecord, 'name' | 'stage' | 'places' | 'occupied' | 'expectedPlaces' | 'expectedIsEstimate' | 'opensOn' | 'closesOn' | 'contact' | 'note'>
>;

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

// --- zod field helpers: the form sends strings; errors are keyed by field name (= block_id) ---

const optionalText = (max: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : null))
    .refine((v) => v === null || v.length <= max, { message: `Maximaal ${max} tekens.` });

const requiredText = (label: string, max: number) =>
  z
    .string({ error: `${label} is verplicht.` })
    .transform((v) => v.trim())
    .refine((v) => v.length > 0, { message: `${label} is verplicht.` })
    .refine((v) => v.length <= max, { message: `Maximaal ${max} tekens.` });

function figure(label: string, options: { optional?: boolean; signed?: boolean; positive?: boolean } = {}) {
  return wholeNumberField({
    required: options.optional ? undefined : `${label}: vul een getal in.`,
    signed: options.signed,
    check: options.positive ? (value) => (value <= 0 ? `${label} moet groter zijn dan 0.` : undefined) : undefined,
  });
}

function day(label: string, optional = true) {
  return z
    .string()
    .optional()
    .transform((raw, ctx): string | null => {
      if (!raw) {
        if (optional) return null;
        ctx.addIssue({ code: 'custom', message: `Kies een ${label}.` });
        return z.NEVER;
      }
      if (!isExistingDay(raw)) {
        ctx.addIssue({ code: 'custom', message: 'Die datum bestaat niet.' });
        return z.NEVER;
      }
      return raw;
    });
}

const enumField = <T extends string>(values: readonly T[], message: string) =>
  z.string({ error: message }).refine((v): v is T => (values as readonly string[]).includes(v), { message }) as unknown as z.ZodType<T, string>;

const overbezetting = z
  .union([z.array(z.string()), z.string()])
  .optional()
  .transform((v) => (Array.isArray(v) ? v.includes(OVERBEZETTING) : v === OVERBEZETTING));

type Occupancy = { places: number | null; occupied: number | null; overbezetting: boolean };

/**
 * Occupied above places is refused unless the form's "overbezetting" box is ticked. Checked even
 * when other fields have errors (zod skips object refinements then), as long as both figures parsed.
 */
function occupancyOk(v: Occupancy): boolean {
  return !(v.places !== null && v.occupied !== null && v.occupied > v.places && !v.overbezetting);
}

const occupancyOptions = {
  path: ['occupied'],
  error: (issue: { input?: unknown }) => {
    const v = issue.input as Occupancy;
    return `Bezet (${v.occupied}) is meer dan Plekken (${v.places}). Klopt dat? Vink dan "overbezetting" aan.`;
  },
  when: (payload: z.core.ParsePayload) => !payload.issues.some((i) => ['places', 'occupied'].includes(String(i.path?.[0]))),
};

/** /opvang bijwerken: the figures of one location. */
export const locationUpdateSchema = z
  .object({
    places: figure('Plekken'),
    occupied: figure('Bezet'),
    stage: enumField(STAGES, 'Kies een fase.'),
    expectedPlaces: figure('Verwachte plekken', { optional: true }),
    opensOn: day('openingsdatum'),
    note: optionalText(500),
    overbezetting,
  })
  .refine(occupancyOk, occupancyOptions);
export type LocationUpdateForm = z.output<typeof locationUpdateSchema>;

/** /opvang locatie: a new location. */
export const locationCreateSchema = z
  .object({
    name: requiredText('Naam', 100),
    municipality: z.string({ error: 'Kies een gemeente.' }).min(1, { message: 'Kies een gemeente.' }),
    targetGroup: enumField(TARGET_GROUPS, 'Kies een doelgroep.'),
    stage: enumField(STAGES, 'Kies een fase.'),
    places: figure('Plekken'),
    occupied: figure('Bezet'),
    opensOn: day('openingsdatum'),
    contact: optionalText(200),
    note: optionalText(500),
    overbezetting,
  })
  .refine(occupancyOk, occupancyOptions);
export type LocationCreateForm = z.output<typeof locationCreateSchema>;

/** /opvang landelijk: national figures on a reference date. */
export const nationalSchema = z
  .object({
    asOf: day('peildatum', false),
    places: figure('Plekken'),
    occupied: figure('Bezet'),
    source: optionalText(200),
    overbezetting,
  })
  .refine(occupancyOk, occupancyOptions);
export type NationalForm = z.output<typeof nationalSchema>;

/** /opvang doelen: a target; `target` is "new" or the id of the one to change. */
export const targetSchema = z.object({
  target: z.string().optional().transform((v) => (v && v !== 'new' ? Number(v) : null)),
  targetGroup: enumField(TARGET_GROUPS, 'Kies een doelgroep.'),
  number: figure('Streefaantal', { positive: true }),
  dueOn: day('streefdatum'),
  label: requiredText('Omschrijving', 150),
  priority: enumField(PRIORITIES, 'Kies een prioriteit.') as z.ZodType<Priority, string>,
});
export type TargetForm = z.output<typeof targetSchema>;

/** "2022-II": the half-years of the statushouders quota. */
const HALF_YEAR = /^(\d{4})-(I|II)$/;

/** /opvang taakstelling: quota, housed and carry-over of one municipality in one half-year. */
export const quotaSchema = z.object({
  municipality: z.string({ error: 'Kies een gemeente.' }).min(1, { message: 'Kies een gemeente.' }),
  halfYear: z
    .string({ error: 'Kies een halfjaar.' })
    .transform((v) => v.trim().toUpperCase().replace(/^(\d{4})-(I{1,2})$/, '$1-$2'))
    .refine((v) => HALF_YEAR.test(v), { message: 'Halfjaar als 2022-I of 2022-II.' }),
  quota: figure('Taakstelling'),
  housed: figure('Gehuisvest'),
  carryOver: figure('Overloop', { optional: true, signed: true }).transform((v) => v ?? 0),
});
export type QuotaForm = z.output<typeof quotaSchema>;

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
