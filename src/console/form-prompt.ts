import type { Message } from '../blockkit/message';
import type { Deps } from '../deps';
import type { FeatureForm } from '../features/feature';
import { submitForm } from '../features/form-runner';
import { fieldsOf, type Choice, type Field, type FormDefinition, type RawValues } from '../forms/form';
import { requiredMessage } from '../forms/validate';
import type { People } from './people';
import { mrkdwnToText } from './render';

/**
 * A form in the console: its fields asked one by one with the modal's Dutch label, hint, current
 * value and numbered choices; Enter keeps the current value (or skips an optional field), `-`
 * empties it. The answers go through the same submission path as Slack's (role, validation,
 * submit), and the same field errors come back: only the wrong fields are asked again.
 * `annuleren` or Ctrl-C leaves without storing anything.
 */

export const CANCEL = Symbol('annuleren');

export interface ConsoleIo {
  write(text: string): void;
  /** Output that may arrive while a prompt waits (a job's post): shown above the prompt, which is drawn again. */
  interject?(text: string): void;
  /** The next line typed after `prompt`; CANCEL for Ctrl-C; null when the input ended. */
  ask(prompt: string): Promise<string | typeof CANCEL | null>;
}

export interface FormSession {
  io: ConsoleIo;
  deps: Deps;
  userId: string;
  people: People;
  /** Prints a message (a confirmation) with its buttons pressable. */
  show(message: Message): void;
  /** A unique key per console submission, for storeOnce. */
  nextSubmissionKey(formId: string): string;
}

type Answer = string | string[] | undefined;
class Cancelled extends Error {}

/** Longer choice lists are searched by typing part of a name, like the location picker. */
const LIST_AT_ONCE = 20;

const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

async function ask(s: FormSession, prompt: string): Promise<string> {
  const line = await s.io.ask(prompt);
  if (line === CANCEL || line === null || line.trim().toLowerCase() === 'annuleren') throw new Cancelled();
  return line;
}

function shown(s: FormSession, field: Field, value: Answer): string {
  if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return '';
  const label = (v: string) => ('options' in field ? (field.options.find((o) => o.value === v)?.label ?? v) : v);
  switch (field.kind) {
    case 'select':
    case 'radio':
    case 'checkboxes':
    case 'multiselect':
      return (Array.isArray(value) ? value : [value]).map(label).join(', ');
    case 'search':
      return field.resolve(String(value))?.label ?? String(value);
    case 'user':
      return `@${s.people.nameOf(String(value))}`;
    case 'date':
      // Shown the way the prompt asks for it (dd-mm-jjjj); Enter keeps the stored day.
      return String(value).replace(/^(\d{4})-(\d{2})-(\d{2})$/, '$3-$2-$1');
    default:
      return Array.isArray(value) ? value.join(', ') : value.replace(/\n/g, ' ⏎ ');
  }
}

function header(s: FormSession, field: Field, value: Answer, how = ''): string {
  const current = shown(s, field, value);
  return `${field.label}${field.optional ? ' (optioneel)' : ''}${how ? ` ${how}` : ''}${current ? ` [${current}]` : ''}: `;
}

function listChoices(s: FormSession, choices: Choice[], chosen: string[] = []): void {
  choices.forEach((c, i) => s.io.write(`  [${i + 1}] ${c.label}${chosen.includes(c.value) ? ' ✓' : ''}\n`));
}

/** One choice from `choices` by its number, its label or value, or a part of one label only; undefined when none matches. */
function pick(choices: Choice[], typed: string): Choice | undefined {
  const text = typed.trim();
  if (/^\d+$/.test(text)) return choices[Number(text) - 1];
  const exact = choices.find((c) => fold(c.label) === fold(text) || c.value === text);
  if (exact) return exact;
  const partly = choices.filter((c) => fold(c.label).includes(fold(text)));
  return partly.length === 1 ? partly[0] : undefined;
}

/** Choices found by part of their name, numbered; the person picks one. */
async function searchAndPick(s: FormSession, field: Field, search: (query: string) => Choice[], current: Answer): Promise<Answer> {
  for (;;) {
    const typed = (await ask(s, header(s, field, current, '(typ een deel van de naam)'))).trim();
    if (typed === '') {
      if (current !== undefined && current !== '') return current;
      if (field.optional) return undefined;
      s.io.write(`  ${requiredMessage(field)}\n`);
      continue;
    }
    if (typed === '-' && field.optional) return undefined;
    const found = search(typed).slice(0, LIST_AT_ONCE);
    if (found.length === 0) {
      s.io.write(`  Niets gevonden voor "${typed}". Probeer een ander deel van de naam.\n`);
      continue;
    }
    listChoices(s, found);
    for (;;) {
      const answer = (await ask(s, '  Kies een nummer (Enter = opnieuw zoeken): ')).trim();
      if (answer === '') break;
      const chosen = pick(found, answer);
      if (chosen) return chosen.value;
      s.io.write('  Kies een nummer uit de lijst.\n');
    }
  }
}

async function multiLine(s: FormSession): Promise<string> {
  const lines: string[] = [];
  for (;;) {
    const line = await ask(s, '  … ');
    if (line.trim() === '>>>') return lines.join('\n');
    lines.push(line);
  }
}

/** Asks one field; returns the raw value as Slack would send it. */
async function askField(s: FormSession, field: Field, current: Answer): Promise<Answer> {
  if (field.hint) s.io.write(`  (${field.hint})\n`);
  const options = 'options' in field ? field.options : undefined;
  if ((field.kind === 'select' || field.kind === 'radio') && options && options.length > LIST_AT_ONCE) {
    return searchAndPick(s, field, (q) => options.filter((o) => fold(o.label).includes(fold(q))), current);
  }
  if (field.kind === 'search') return searchAndPick(s, field, (q) => field.search(q), current);
  const many = field.kind === 'checkboxes' || field.kind === 'multiselect';
  if (options) listChoices(s, options, many ? (Array.isArray(current) ? current : []) : []);
  const how = many
    ? '(nummers, bijv. 1,3)'
    : options
      ? '(nummer)'
      : field.kind === 'date'
        ? '(dd-mm-jjjj)'
        : field.kind === 'time'
          ? '(uu:mm)'
          : field.kind === 'user'
            ? '(@naam)'
            : field.kind === 'text' && field.multiline
              ? '(<<< voor meer regels)'
              : '';
  for (;;) {
    let typed = await ask(s, header(s, field, current, how));
    if (field.kind === 'text' && field.multiline && typed.trim() === '<<<') typed = await multiLine(s);
    const text = field.kind === 'text' && field.multiline ? typed : typed.trim();
    const empty = text.trim() === '';
    if (empty && current !== undefined && current !== '' && !(Array.isArray(current) && current.length === 0 && !field.optional)) return current;
    if (empty || text === '-') {
      if (field.optional) return many ? [] : undefined;
      // What Slack's own client does with a required field left empty: say so at once.
      s.io.write(`  ${requiredMessage(field)}\n`);
      continue;
    }
    if (options && many) {
      const picked = text.split(/[\s,;]+/).filter(Boolean).map((part) => pick(options, part));
      if (picked.every((c) => c !== undefined)) return [...new Set(picked.map((c) => c!.value))];
      s.io.write('  Kies nummers uit de lijst, gescheiden door komma’s.\n');
      continue;
    }
    if (options) {
      const chosen = pick(options, text);
      if (chosen) return chosen.value;
      s.io.write('  Kies een nummer uit de lijst.\n');
      continue;
    }
    if (field.kind === 'user') return s.people.idFor(text) ?? text;
    return text;
  }
}

function initialValues(form: FormDefinition): RawValues {
  return Object.fromEntries(fieldsOf(form).map((f) => [f.name, f.initial ?? undefined]));
}

function printNote(s: FormSession, text: string): void {
  s.io.write(`${s.people.display(mrkdwnToText(text))}\n`);
}

/**
 * Runs `form` from `definition` until it is stored, refused or cancelled. Returns what happened.
 */
export async function promptForm(s: FormSession, form: FeatureForm<any>, definition: FormDefinition): Promise<'done' | 'refused' | 'cancelled'> {
  let def = definition;
  let raw = initialValues(def);
  let only: Set<string> | undefined;
  s.io.write(`\n${def.title.toUpperCase()} (Enter = huidige waarde houden, - = leegmaken, annuleren = stoppen zonder opslaan)\n`);
  try {
    for (;;) {
      // Walk the form; a field that redraws it continues in the new state after that field.
      let index = 0;
      while (index < def.items.length) {
        const item = def.items[index]!;
        index++;
        if (item.kind === 'note') {
          if (!only) printNote(s, item.text);
          continue;
        }
        if (only && !only.has(item.name)) continue;
        const value = await askField(s, item, raw[item.name]);
        raw[item.name] = value;
        if (item.redraws && form.redraw) {
          const next = form.redraw({ deps: s.deps, userId: s.userId }, def.meta ?? {}, item.name, typeof value === 'string' ? value : undefined);
          def = next;
          raw = { ...initialValues(next), [item.name]: value };
          index = next.items.findIndex((i) => i.kind !== 'note' && i.name === item.name) + 1;
        }
      }
      const outcome = submitForm(form, raw, { deps: s.deps, userId: s.userId, meta: def.meta ?? {}, submissionKey: s.nextSubmissionKey(form.id) });
      switch (outcome.kind) {
        case 'refused':
          s.io.write(`${mrkdwnToText(outcome.text)}\n`);
          return 'refused';
        case 'done':
          if (outcome.title) s.io.write(`${outcome.title}\n`);
          if (outcome.confirmation) s.show(outcome.confirmation);
          else s.io.write('Opgeslagen.\n');
          return 'done';
        case 'redraw':
          def = outcome.form;
          raw = initialValues(def);
          only = undefined;
          continue;
        case 'errors': {
          const fields = fieldsOf(def);
          for (const [name, message] of Object.entries(outcome.errors)) {
            const label = fields.find((f) => f.name === name)?.label ?? def.title;
            s.io.write(`  ✗ ${label}: ${mrkdwnToText(message)}\n`);
          }
          const wrong = fields.filter((f) => f.name in outcome.errors).map((f) => f.name);
          if (wrong.length === 0) {
            s.io.write('Er is niets opgeslagen.\n');
            return 'refused';
          }
          s.io.write('Verbeter wat niet klopt:\n');
          only = new Set(wrong);
          continue;
        }
      }
    }
  } catch (error) {
    if (!(error instanceof Cancelled)) throw error;
    s.io.write('Formulier gestopt; er is niets opgeslagen.\n');
    return 'cancelled';
  }
}
