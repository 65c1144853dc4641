/**
 * A form, surface-neutral: what it asks (fields with their kind, label, hint, current value and
 * choices) and the rules its answers must meet. Slack renders a definition as a modal
 * (src/slack/form-modal.ts), the console as prompts (src/console/form-prompt.ts); the server
 * validates every submission against the definition as it is *now* (src/forms/validate.ts),
 * whatever the modal or the console allowed. Pure: imports only src/domain and src/format.
 */

/** One choice of a select, radio group or checkbox group: what a person sees and the value stored. */
export interface Choice {
  label: string;
  value: string;
}

/** Errors by field name (which Slack turns into input block ids). */
export type FieldErrors = Record<string, string>;

/** What a submission carries per field, before validation: strings, arrays for multi-choice fields. */
export type RawValues = Record<string, string | string[] | undefined>;

interface FieldBase {
  /** Unique within the form; Slack's block_id and action_id, the key of values and errors. */
  name: string;
  label: string;
  hint?: string;
  placeholder?: string;
  optional?: boolean;
  /** The value the form shows (Slack's initial value; the console's "Enter keeps"). */
  initial?: string | string[] | null;
  /** The message when a required field is left empty (a default is made from the label). */
  required?: string;
  /**
   * Choosing a value redraws the form with another state (a location's figures, a target's
   * fields): Slack's dispatch_action; the console redraws before the next field. Such a field
   * keeps its block id across redraws.
   */
  redraws?: boolean;
}

export interface TextField extends FieldBase {
  kind: 'text';
  maxLength: number;
  minLength?: number;
  multiline?: boolean;
}

/** A whole number, read by the one number parser (src/domain/numbers.ts). */
export interface NumberField extends FieldBase {
  kind: 'number';
  min?: number;
  max?: number;
  /** A minus is allowed (carry-over). */
  signed?: boolean;
  /** The message for a value outside min..max (a default names the bound). */
  outOfRange?: string;
}

/** One of a fixed list (select, or radio buttons for a handful). */
export interface ChoiceField extends FieldBase {
  kind: 'select' | 'radio';
  options: Choice[];
  /** The message for a value not among the options (crafted or stale), or how to explain that value. */
  unknown?: string | ((value: string) => string);
  /** Values a long list must show in Slack's 100 options whatever comes before them ("other"). */
  alwaysShown?: string[];
}

/** Any number of a fixed list (checkboxes, or a multi-select for longer lists). */
export interface ChoicesField extends FieldBase {
  kind: 'checkboxes' | 'multiselect';
  options: Choice[];
  unknown?: string;
}

export interface DayBound {
  /** "YYYY-MM-DD", inclusive. */
  day: string;
  message: string;
}

/** A calendar day ("YYYY-MM-DD"); the console also takes 23-06-2022. */
export interface DateField extends FieldBase {
  kind: 'date';
  earliest?: DayBound;
  latest?: DayBound;
}

/** A wall-clock time "HH:MM" in Europe/Amsterdam; whether it exists on a day is a form rule. */
export interface TimeField extends FieldBase {
  kind: 'time';
}

/** A Slack user (id). */
export interface UserField extends FieldBase {
  kind: 'user';
}

/**
 * A choice from a list too long to show (the region's locations): searched by what a person
 * types, and re-checked at submit with `resolve` (which returns nothing for a value that may not
 * be chosen now: another region, the wrong stage, gone).
 */
export interface SearchField extends FieldBase {
  kind: 'search';
  minQueryLength?: number;
  search(query: string): Choice[];
  resolve(value: string): Choice | undefined;
  unknown?: string;
}

export type Field = TextField | NumberField | ChoiceField | ChoicesField | DateField | TimeField | UserField | SearchField;

/** Text between fields (mrkdwn): an explanation, a warning, the current figures. */
export interface Note {
  kind: 'note';
  text: string;
  /** Small print (Slack: a context block). */
  small?: boolean;
}

export type FormItem = Field | Note;

export type FieldValue = string | number | string[] | null;

export interface FormDefinition {
  /** The form's id: Slack's callback_id, the registry key of its submit function. */
  id: string;
  title: string;
  /** The submit button's label (default "Opslaan"). */
  submit?: string;
  /** The close button's label (default "Annuleren"). */
  close?: string;
  items: FormItem[];
  /** What travels with the form and comes back with the submission (Slack: private_metadata). Untrusted on return. */
  meta?: Record<string, unknown>;
  /**
   * The state this form shows (a record and its version): when a redraw shows other values,
   * Slack needs other block ids or it keeps what was typed (docs.slack.dev/reference/views/modal-views,
   * "Preserving input entry"); fields that `redraws` keep theirs.
   */
  version?: string;
  /** Rules across fields, run after each field's own check: errors by field name (undefined: none). */
  rules?: (values: Values) => Partial<FieldErrors>;
}

export function isField(item: FormItem): item is Field {
  return item.kind !== 'note';
}

export function fieldsOf(form: FormDefinition): Field[] {
  return form.items.filter(isField);
}

/** The validated values of a submission, by field name, with typed readers. */
export class Values {
  constructor(private readonly values: Record<string, FieldValue>) {}

  /** Text, a choice, a date, a time, a user or a search choice; null when empty. */
  text(name: string): string | null {
    const value = this.values[name];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') throw new Error(`field ${name} is not text`);
    return value;
  }

  number(name: string): number | null {
    const value = this.values[name];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'number') throw new Error(`field ${name} is not a number`);
    return value;
  }

  /** The chosen values of checkboxes or a multi-select. */
  list(name: string): string[] {
    const value = this.values[name];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw new Error(`field ${name} is not a list`);
    return value;
  }

  /** Whether a checkbox (by its value) is ticked. */
  ticked(name: string, option: string): boolean {
    return this.list(name).includes(option);
  }

  has(name: string): boolean {
    const value = this.values[name];
    return value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);
  }

  toRecord(): Record<string, FieldValue> {
    return { ...this.values };
  }
}
