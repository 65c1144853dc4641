import { parseDay, parseTime } from '../domain/dates';
import { MAX_FIGURE, parseWholeNumber } from '../domain/numbers';
import { formatDate, formatNumber } from '../format/nl';
import { fieldsOf, Values, type Field, type FieldErrors, type FieldValue, type FormDefinition, type RawValues } from './form';

/**
 * The one validation of every form, derived from its definition: the server runs it on every
 * submission, from Slack or the console, whatever the modal allowed (issue 10 §2). A modal's
 * max_length, its option list and its pickers are conveniences; a crafted or stale submission can
 * carry anything, so lengths, option membership, real calendar days, ranges and who may be chosen
 * are checked here against the form as it is built *now*.
 */

export type Checked = { ok: true; values: Values } | { ok: false; errors: FieldErrors; values: Values };

/** Days outside these years are typing errors in any form (2999, 0022). */
const EARLIEST_DAY = '2000-01-01';
const LATEST_DAY = '2099-12-31';

/** Characters no form field takes: control characters a keyboard does not type (newlines only where multiline). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const lower = (label: string) => label.charAt(0).toLowerCase() + label.slice(1);

/** The Dutch message for an empty required field. */
export function requiredMessage(field: Field): string {
  if (field.required) return field.required;
  switch (field.kind) {
    case 'text':
      return `${field.label} is verplicht.`;
    case 'number':
      return `${field.label}: vul een getal in.`;
    case 'checkboxes':
    case 'multiselect':
      return `Kies minstens één ${lower(field.label)}.`;
    default:
      return `Kies een ${lower(field.label)}.`;
  }
}

type One = { value: FieldValue; error?: string };

function single(raw: string | string[] | undefined): string | undefined | false {
  if (raw === undefined || raw === null) return undefined;
  if (Array.isArray(raw)) return raw.length === 0 ? undefined : raw.length === 1 ? raw[0] : false;
  return typeof raw === 'string' ? raw : false;
}

function checkText(field: Extract<Field, { kind: 'text' }>, raw: string): One {
  const text = raw.trim();
  if (CONTROL.test(text) || (!field.multiline && /[\r\n]/.test(text))) return { value: null, error: 'Hier staan tekens die niet in dit veld horen (zoals een regeleinde).' };
  if (text.length > field.maxLength) return { value: null, error: `Maximaal ${formatNumber(field.maxLength)} tekens (nu ${formatNumber(text.length)}).` };
  if (field.minLength && text.length < field.minLength) return { value: null, error: `Minstens ${formatNumber(field.minLength)} tekens.` };
  return { value: text };
}

function checkNumber(field: Extract<Field, { kind: 'number' }>, raw: string): One {
  const parsed = parseWholeNumber(raw, { signed: field.signed, max: Math.max(MAX_FIGURE, field.max ?? 0) });
  if (!parsed.ok) return { value: null, error: parsed.reason };
  const min = field.min ?? (field.signed ? undefined : 0);
  if (min !== undefined && parsed.value < min) return { value: null, error: field.outOfRange ?? `Minimaal ${formatNumber(min)}.` };
  if (field.max !== undefined && parsed.value > field.max) return { value: null, error: field.outOfRange ?? `Maximaal ${formatNumber(field.max)}.` };
  return { value: parsed.value };
}

function checkDay(field: Extract<Field, { kind: 'date' }>, raw: string): One {
  const parsed = parseDay(raw);
  if (!parsed.ok) return { value: null, error: /bestaat niet/.test(parsed.reason) ? 'Die datum bestaat niet.' : parsed.reason };
  const day = parsed.value;
  if (field.earliest && day < field.earliest.day) return { value: null, error: field.earliest.message };
  if (field.latest && day > field.latest.day) return { value: null, error: field.latest.message };
  if (day < EARLIEST_DAY || day > LATEST_DAY) return { value: null, error: `Kies een datum tussen ${formatDate(EARLIEST_DAY)} en ${formatDate(LATEST_DAY)}.` };
  return { value: day };
}

function unknownChoice(field: Field & { unknown?: string | ((value: string) => string) }, value = ''): string {
  if (typeof field.unknown === 'function') return field.unknown(value);
  return field.unknown ?? `Kies een ${lower(field.label)} uit de lijst.`;
}

function checkField(field: Field, raw: string | string[] | undefined): One {
  if (field.kind === 'checkboxes' || field.kind === 'multiselect') {
    const list = raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw : [raw];
    if (list.some((v) => typeof v !== 'string')) return { value: null, error: unknownChoice(field) };
    if (list.length === 0) return field.optional ? { value: [] } : { value: [], error: requiredMessage(field) };
    const allowed = new Set(field.options.map((o) => o.value));
    if (list.some((v) => !allowed.has(v))) return { value: null, error: field.unknown ?? 'Kies alleen uit de getoonde mogelijkheden.' };
    return { value: [...new Set(list)] };
  }
  const one = single(raw);
  if (one === false) return { value: null, error: 'Dit veld neemt één waarde.' };
  if (one === undefined || one.trim() === '') return field.optional ? { value: null } : { value: null, error: requiredMessage(field) };
  switch (field.kind) {
    case 'text':
      return checkText(field, one);
    case 'number':
      return checkNumber(field, one);
    case 'select':
    case 'radio':
      return field.options.some((o) => o.value === one) ? { value: one } : { value: null, error: unknownChoice(field, one) };
    case 'search':
      return field.resolve(one) ? { value: one } : { value: null, error: unknownChoice(field) };
    case 'date':
      return checkDay(field, one);
    case 'time': {
      const parsed = parseTime(one);
      return parsed.ok ? { value: parsed.value } : { value: null, error: parsed.reason };
    }
    case 'user':
      // A Slack member id (U…, or W… on Enterprise Grid), whatever the picker or a crafted payload sent.
      return /^[UW][A-Z0-9]{2,20}$/.test(one.trim()) ? { value: one.trim() } : { value: null, error: 'Kies een persoon.' };
  }
}

/**
 * Checks every field of `form` in `raw` (values by field name), then the form's rules across
 * fields. A field with an error is null in the values the rules see; a rule's error never hides a
 * field's own.
 */
export function validateForm(form: FormDefinition, raw: RawValues): Checked {
  const values: Record<string, FieldValue> = {};
  const errors: FieldErrors = {};
  for (const field of fieldsOf(form)) {
    const checked = checkField(field, raw[field.name]);
    values[field.name] = checked.value;
    if (checked.error) errors[field.name] = checked.error;
  }
  const read = new Values(values);
  for (const [name, message] of Object.entries(form.rules?.(read) ?? {})) {
    if (message && !errors[name]) errors[name] = message;
  }
  return Object.keys(errors).length === 0 ? { ok: true, values: read } : { ok: false, errors, values: read };
}
