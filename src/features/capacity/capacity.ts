import { z } from 'zod';
import { PRIORITIES, STAGES, STAGE_LABELS, TARGET_GROUPS, TARGET_GROUP_LABELS, type Priority, type Stage, type TargetGroup } from '../../domain/vocabulary';
import { fieldErrors, type FieldValues } from '../../blockkit/modal';

/**
 * Pure parsing and validation for the capacity forms and the CSV import: every figure a person
 * types (in a modal or a spreadsheet) goes through these, so the rules are the same everywhere.
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

/** Larger than any real reception figure; a typo like 46091000 is refused rather than stored. */
export const MAX_FIGURE = 10_000_000;

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * A whole number as a Dutch person types it: "1200", "1.200" (thousands dots, only in groups of
 * three), "1.200,00" or "150,0" (a decimal comma with only zeros, as Excel writes it). Decimals
 * ("12,5"), negative numbers and anything else are refused with a reason.
 */
export function parseWholeNumber(raw: string): Parsed<number> {
  const text = raw.trim().replace(/\s+/g, '');
  if (text === '') return { ok: false, reason: 'Vul een getal in.' };
  if (/^[-−]/.test(text)) return { ok: false, reason: 'Mag niet negatief zijn.' };
  const match = /^(\d+|\d{1,3}(?:\.\d{3})+)(?:,(\d+))?$/.exec(text);
  if (!match) {
    if (/^\d+[.,]\d+$/.test(text) || /^\d{1,3}(?:\.\d{3})+,\d+$/.test(text)) return { ok: false, reason: 'Alleen hele getallen (zoals 1200 of 1.200).' };
    return { ok: false, reason: 'Geen geldig getal; gebruik alleen cijfers (zoals 1200 of 1.200).' };
  }
  if (match[2] && /[1-9]/.test(match[2])) return { ok: false, reason: 'Alleen hele getallen (zoals 1200 of 1.200).' };
  // "1,000" is a thousand written the English way, not 1 with three decimals: refuse rather than store 1.
  if (match[2]?.length === 3 && /^[1-9]\d{0,2}$/.test(match[1]!)) {
    return { ok: false, reason: `Schrijf duizendtallen met een punt (${match[1]}.${match[2]}) of zonder scheiding (${match[1]}${match[2]}), niet met een komma.` };
  }
  const value = Number(match[1]!.replace(/\./g, ''));
  if (value > MAX_FIGURE) return { ok: false, reason: `Dat is meer dan ${MAX_FIGURE.toLocaleString('nl-NL')}; klopt het getal?` };
  return { ok: true, value };
}

/** A whole number that may also be negative (carry-over), same notation as parseWholeNumber. */
export function parseSignedWholeNumber(raw: string): Parsed<number> {
  const text = raw.trim();
  const negative = /^[-−]/.test(text);
  const parsed = parseWholeNumber(negative ? text.slice(1) : text);
  return parsed.ok && negative ? { ok: true, value: -parsed.value } : parsed;
}

/** True when "YYYY-MM-DD" is a day that exists. */
export function isExistingDay(day: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** A day as typed in a spreadsheet: "2022-06-23", "23-06-2022", "23-6-2022" or "23/6/2022". */
export function parseDay(raw: string): Parsed<string> {
  const text = raw.trim();
  let day: string | undefined;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const dutch = /^(\d{1,2})[-/](\d{1,2})[-/](\d{4})$/.exec(text);
  if (iso) day = `${iso[1]}-${iso[2]!.padStart(2, '0')}-${iso[3]!.padStart(2, '0')}`;
  else if (dutch) day = `${dutch[3]}-${dutch[2]!.padStart(2, '0')}-${dutch[1]!.padStart(2, '0')}`;
  if (!day) return { ok: false, reason: `Geen datum: "${text}" (gebruik 23-06-2022 of 2022-06-23).` };
  if (!isExistingDay(day)) return { ok: false, reason: `Die datum bestaat niet: "${text}".` };
  return { ok: true, value: day };
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
  return z
    .string()
    .optional()
    .transform((raw, ctx): number | null => {
      if (raw === undefined || raw.trim() === '') {
        if (options.optional) return null;
        ctx.addIssue({ code: 'custom', message: `${label}: vul een getal in.` });
        return z.NEVER;
      }
      const parsed = options.signed ? parseSignedWholeNumber(raw) : parseWholeNumber(raw);
      if (!parsed.ok) {
        ctx.addIssue({ code: 'custom', message: parsed.reason });
        return z.NEVER;
      }
      if (options.positive && parsed.value <= 0) {
        ctx.addIssue({ code: 'custom', message: `${label} moet groter zijn dan 0.` });
        return z.NEVER;
      }
      return parsed.value;
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
export const HALF_YEAR = /^(\d{4})-(I|II)$/;

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

/** Validates form fields; `errors` is keyed by field name. */
export function validate<T>(schema: z.ZodType<T, unknown>, fields: FieldValues): { ok: true; value: T } | { ok: false; errors: Record<string, string> } {
  const result = schema.safeParse(fields);
  return result.success ? { ok: true, value: result.data } : { ok: false, errors: fieldErrors(result.error) };
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
