import type { KnownBlock } from '@slack/types';
import { NATIONAL_POPULATIONS, NATIONAL_POPULATION_LABELS, PRIORITIES, STAGES, STAGE_LABELS, TARGET_GROUPS, TARGET_GROUP_LABELS, ROLE_LABELS, type Role } from '../../domain/vocabulary';
import { hasRole } from '../access/access';
import { addDays, formatCount, formatDate, formatDateTime, formatNumber } from '../../format/nl';
import { context, fitLines, section, actions, button, andMore } from '../../blockkit/blocks';
import { escapeMrkdwn, truncate, personRef } from '../../blockkit/escape';
import {
  IMPORT_VALID_ONLY,
  LOCATION_CREATE_VIEW,
  LOCATION_PICKER,
  LOCATION_UPDATE_VIEW,
  NATIONAL_VIEW,
  QUOTA_VIEW,
  TARGET_PICKER,
  TARGET_VIEW,
} from '../../blockkit/ids';
import { LIMITS } from '../../blockkit/limits';
import type { Choice, Field, FieldErrors, FormDefinition, FormItem, Values } from '../../forms/form';
import { carryOverText, halfYearLabel, halfYearsAround, OVERBEZETTING, quotaStatus, type CarryOver, type NationalFigure, type QuotaRow, type TargetRow, type LocationRecord, type LocationRef, type Municipality } from './capacity';
import type { ImportCheck } from './import';
import { textMessage, type Message } from '../../blockkit/message';

/** What the update form carries: the location and version it showed (untrusted when it comes back). */
export interface LocationFormMeta {
  id: number;
  version: number;
}

/** The target form carries the target it showed ("new" when none). */
export interface TargetFormMeta {
  id: number;
}

const stageChoices = (): Choice[] => STAGES.map((s) => ({ label: capitalise(STAGE_LABELS[s]), value: s }));
const groupChoices = (): Choice[] => TARGET_GROUPS.map((g) => ({ label: TARGET_GROUP_LABELS[g], value: g }));
const municipalityChoices = (municipalities: Municipality[]): Choice[] => municipalities.map((m) => ({ label: m.name, value: String(m.id) }));

/**
 * The owner: a Slack member picked from Slack's list (users_select; the console takes a name or
 * an id). The one validation checks that the value is a member id, whatever the picker sent.
 */
const ownerField = (ownerId: string | null): Field => ({
  kind: 'user',
  name: 'owner',
  label: 'Eigenaar',
  optional: true,
  placeholder: 'Kies wie de cijfers bijhoudt',
  hint: 'Krijgt een bericht als de cijfers verouderd zijn; kies iemand met de rol bewerker (een lezer kan niet bevestigen). Leeg: wie de locatie het laatst bijwerkte.',
  initial: ownerId,
});

const overbezettingField = (ticked: boolean): Field => ({
  kind: 'checkboxes',
  name: 'overbezetting',
  label: 'Overbezetting',
  optional: true,
  options: [{ label: 'Overbezetting: bezet mag meer zijn dan plekken', value: OVERBEZETTING }],
  initial: ticked ? [OVERBEZETTING] : [],
});

/**
 * Occupied above places is refused unless "overbezetting" is ticked; checked when both figures
 * are valid, also while other fields have errors.
 */
function occupancyRule(values: Values): FieldErrors {
  const places = values.number('places');
  const occupied = values.number('occupied');
  if (places === null || occupied === null || occupied <= places || values.ticked('overbezetting', OVERBEZETTING)) return {};
  return { occupied: `Bezet (${occupied}) is meer dan Plekken (${places}). Klopt dat? Vink dan "overbezetting" aan.` };
}

/** Days a form takes for an opening or target date: not before 2000, at most ten years ahead. */
const futureBound = (today: string, what: string) => ({ day: addDays(today, 3653), message: `Kies een ${what} binnen tien jaar.` });

export function locationChoice(l: LocationRef): Choice {
  return { label: truncate(`${l.name} (${l.municipality})`, LIMITS.optionText), value: String(l.id) };
}

/** The location picker: searched as the person types; only the region's locations resolve. */
export interface LocationSearch {
  search(query: string): Choice[];
  resolve(value: string): Choice | undefined;
}

/** /opvang bijwerken: picker on top, then the figures of the chosen location. */
export function locationUpdateForm(location: LocationRecord | undefined, picker: LocationSearch, today: string, notice?: string): FormDefinition {
  const items: FormItem[] = [];
  if (notice) items.push({ kind: 'note', text: notice });
  items.push({
    kind: 'search',
    name: LOCATION_PICKER,
    label: 'Locatie',
    placeholder: 'Zoek op naam of gemeente…',
    hint: 'Typ een deel van de naam; de cijfers verschijnen zodra je kiest.',
    redraws: true,
    initial: location ? String(location.id) : null,
    unknown: 'Kies een locatie uit de regio.',
    ...picker,
  });
  if (!location) {
    items.push({ kind: 'note', text: 'Kies eerst een locatie; daarna verschijnen haar cijfers om bij te werken.' });
    return { id: LOCATION_UPDATE_VIEW, title: 'Locatie bijwerken', items };
  }
  items.push(
    {
      kind: 'note',
      small: true,
      text: `${escapeMrkdwn(location.municipality)} · ${TARGET_GROUP_LABELS[location.targetGroup]} · laatst bijgewerkt ${formatDateTime(new Date(location.updatedAt))} door ${personRef(location.updatedBy)}`,
    },
    { kind: 'number', name: 'places', label: 'Plekken', placeholder: 'bijv. 120', hint: 'Hele getallen; 1.200 mag ook.', initial: String(location.places) },
    { kind: 'number', name: 'occupied', label: 'Bezet', placeholder: 'bijv. 80', initial: String(location.occupied) },
    overbezettingField(location.occupied > location.places),
    { kind: 'select', name: 'stage', label: 'Fase', options: stageChoices(), initial: location.stage },
    { kind: 'number', name: 'expectedPlaces', label: 'Verwachte plekken', optional: true, hint: 'Wat de locatie in de pijplijn naar verwachting toevoegt.', initial: location.expectedPlaces === null ? null : String(location.expectedPlaces) },
    { kind: 'date', name: 'opensOn', label: 'Verwachte openingsdatum', optional: true, initial: location.opensOn, latest: futureBound(today, 'openingsdatum') },
    { kind: 'text', name: 'note', label: 'Notitie', maxLength: 500, multiline: true, optional: true, initial: location.note },
    ownerField(location.ownerId),
  );
  const meta: LocationFormMeta = { id: location.id, version: location.version };
  return { id: LOCATION_UPDATE_VIEW, title: 'Locatie bijwerken', items, meta: { ...meta }, version: `${location.id}-${location.version}`, rules: occupancyRule };
}

/** The explanation on top of a reloaded form when someone else was faster. */
export function conflictNotice(current: LocationRecord): string {
  return `:warning: *Niet opgeslagen:* ${personRef(current.updatedBy)} heeft ${escapeMrkdwn(current.name)} op ${formatDateTime(new Date(current.updatedAt))} gewijzigd nadat jij dit formulier opende. Hieronder staan nu de actuele cijfers; pas ze zo nodig opnieuw aan en sla op.`;
}

/** /opvang locatie: a new location. */
export function locationCreateForm(municipalities: Municipality[], today: string): FormDefinition {
  return {
    id: LOCATION_CREATE_VIEW,
    title: 'Locatie toevoegen',
    items: [
      { kind: 'text', name: 'name', label: 'Naam', maxLength: 100, placeholder: 'bijv. Sporthal De Kroon' },
      { kind: 'select', name: 'municipality', label: 'Gemeente', options: municipalityChoices(municipalities), placeholder: 'Kies een gemeente', unknown: 'Kies een gemeente uit de regio.' },
      { kind: 'select', name: 'targetGroup', label: 'Doelgroep', options: groupChoices() },
      { kind: 'select', name: 'stage', label: 'Fase', options: stageChoices(), initial: 'in_overweging' },
      { kind: 'number', name: 'places', label: 'Plekken', initial: '0' },
      { kind: 'number', name: 'occupied', label: 'Bezet', initial: '0' },
      overbezettingField(false),
      { kind: 'date', name: 'opensOn', label: 'Openingsdatum', optional: true, latest: futureBound(today, 'openingsdatum') },
      { kind: 'text', name: 'contact', label: 'Contact', maxLength: 200, optional: true, placeholder: 'Naam, telefoon of e-mail' },
      { kind: 'text', name: 'note', label: 'Notitie', maxLength: 500, multiline: true, optional: true },
      ownerField(null),
    ],
    rules: occupancyRule,
  };
}

/**
 * /opvang landelijk: a population's figures on a reference date that is today or earlier. The
 * doelgroep is asked because national counts differ per population (the slides' 46.091 are
 * Ukrainians in municipal emergency reception, not COA's asylum seekers); it starts at the
 * population entered last.
 */
export function nationalForm(today: string, latest: NationalFigure[]): FormDefinition {
  const items: FormItem[] = [];
  if (latest.length > 0) {
    const lines = latest.map((l) => `${NATIONAL_POPULATION_LABELS[l.population]}: ${formatDate(l.asOf)}, ${formatNumber(l.places)} plekken, ${formatNumber(l.occupied)} bezet.`);
    items.push({ kind: 'note', small: true, text: `Laatst ingevoerd: ${lines.join(' ')} Dezelfde doelgroep en peildatum opnieuw vervangt die cijfers.` });
  }
  items.push(
    {
      kind: 'select',
      name: 'population',
      label: 'Doelgroep',
      options: NATIONAL_POPULATIONS.map((p) => ({ label: NATIONAL_POPULATION_LABELS[p], value: p })),
      initial: latest[0]?.population ?? NATIONAL_POPULATIONS[0],
      hint: 'Wie de cijfers tellen. Cijfers van verschillende doelgroepen worden nooit met elkaar vergeleken.',
      unknown: 'Kies een doelgroep uit de lijst.',
    },
    { kind: 'date', name: 'asOf', label: 'Peildatum', initial: today, latest: { day: today, message: 'De peildatum ligt in de toekomst. Kies vandaag of een eerdere dag.' } },
    { kind: 'number', name: 'places', label: 'Plekken (landelijk)', placeholder: 'bijv. 46.091', required: 'Plekken: vul een getal in.' },
    { kind: 'number', name: 'occupied', label: 'Bezet (landelijk)', placeholder: 'bijv. 38.949', required: 'Bezet: vul een getal in.' },
    overbezettingField(false),
    { kind: 'text', name: 'source', label: 'Bron', maxLength: 200, optional: true, initial: latest[0]?.source ?? null, hint: 'Alleen cijfers uit dezelfde bron worden vergeleken.' },
  );
  return { id: NATIONAL_VIEW, title: 'Landelijke cijfers', items, rules: occupancyRule };
}

/** /opvang doelen: pick "new" or an existing target, then its fields. */
export function targetForm(targets: TargetRow[], chosen: TargetRow | undefined, today: string): FormDefinition {
  const pick: Choice[] = [{ label: 'Nieuw doel', value: 'new' }, ...targets.map((t) => ({ label: truncate(`${t.label} (${formatNumber(t.number)})`, LIMITS.optionText), value: String(t.id) }))];
  return {
    id: TARGET_VIEW,
    title: chosen ? 'Doel wijzigen' : 'Doel toevoegen',
    items: [
      { kind: 'select', name: TARGET_PICKER, label: 'Doel', options: pick, initial: chosen ? String(chosen.id) : 'new', redraws: true, unknown: 'Dit doel bestaat niet (meer). Kies een doel uit de lijst.' },
      { kind: 'select', name: 'targetGroup', label: 'Doelgroep', options: groupChoices(), initial: chosen?.targetGroup ?? null },
      { kind: 'number', name: 'number', label: 'Streefaantal', placeholder: 'bijv. 2.400', initial: chosen ? String(chosen.number) : null, min: 1, outOfRange: 'Streefaantal moet groter zijn dan 0.' },
      { kind: 'date', name: 'dueOn', label: 'Streefdatum', optional: true, initial: chosen?.dueOn ?? null, latest: futureBound(today, 'streefdatum') },
      { kind: 'text', name: 'label', label: 'Omschrijving', maxLength: 150, placeholder: 'bijv. 2.400 plekken per juli', initial: chosen?.label ?? null },
      { kind: 'select', name: 'priority', label: 'Prioriteit', options: PRIORITIES.map((p) => ({ label: capitalise(p), value: p })), initial: chosen?.priority ?? 'normaal' },
    ],
    meta: chosen ? { id: chosen.id } : {},
    version: `t${chosen?.id ?? 'new'}`,
  };
}

const CARRY_KINDS: Choice[] = [
  { label: 'Geen (precies gehaald)', value: 'geen' },
  { label: 'Achterstand (te weinig gehuisvest)', value: 'achterstand' },
  { label: 'Voorsprong (meer gehuisvest)', value: 'voorsprong' },
];

/**
 * /opvang taakstelling. The half-year is a choice of the half-years around `halfYear` (today's),
 * and the carry-over is said in words, achterstand or voorsprong, plus a number: nobody types a
 * sign (carryOverColumn turns it into the stored column).
 */
export function quotaForm(municipalities: Municipality[], halfYear: string): FormDefinition {
  return {
    id: QUOTA_VIEW,
    title: 'Taakstelling',
    items: [
      { kind: 'note', small: true, text: 'Statushouders: taakstelling per gemeente per halfjaar. Bestaat die al, dan worden de cijfers vervangen.' },
      { kind: 'select', name: 'municipality', label: 'Gemeente', options: municipalityChoices(municipalities), placeholder: 'Kies een gemeente', unknown: 'Kies een gemeente uit de regio.' },
      {
        kind: 'select',
        name: 'halfYear',
        label: 'Halfjaar',
        options: halfYearsAround(halfYear).map((h) => ({ label: halfYearLabel(h), value: h })),
        initial: halfYear,
        required: 'Kies een halfjaar.',
        unknown: 'Kies een halfjaar uit de lijst.',
      },
      { kind: 'number', name: 'quota', label: 'Taakstelling (aantal)', required: 'Taakstelling: vul een getal in.' },
      { kind: 'number', name: 'housed', label: 'Gehuisvest tot nu toe', initial: '0', required: 'Gehuisvest: vul een getal in.' },
      { kind: 'radio', name: 'carryKind', label: 'Uit het vorige halfjaar', options: CARRY_KINDS, initial: 'geen', hint: 'Een achterstand komt bij de taakstelling op, een voorsprong gaat ervan af.', unknown: 'Kies Geen, Achterstand of Voorsprong.' },
      { kind: 'number', name: 'carryNumber', label: 'Hoeveel achterstand of voorsprong', optional: true, min: 0, placeholder: 'bijv. 5' },
    ],
    rules: (values): FieldErrors => {
      const kind = values.text('carryKind');
      const number = values.number('carryNumber');
      if ((kind === 'achterstand' || kind === 'voorsprong') && !number) return { carryNumber: `Vul in hoeveel ${kind} er is, of kies "Geen".` };
      if (kind === 'geen' && number) return { carryKind: 'Kies achterstand of voorsprong bij dit aantal, of maak het aantal leeg.' };
      return {};
    },
  };
}

/** The form's carry-over answers as a CarryOver (after validation: kind is one of the choices). */
export function carryOverFromValues(values: Values): CarryOver {
  const kind = values.text('carryKind');
  const number = values.number('carryNumber') ?? 0;
  return kind === 'achterstand' || kind === 'voorsprong' ? { kind, number } : { kind: 'geen' };
}

// --- messages --------------------------------------------------------------------------------

const figureKeys: Record<string, string> = {
  places: 'plekken',
  occupied: 'bezet',
  stage: 'fase',
  expectedPlaces: 'verwacht',
  opensOn: 'opening',
  note: 'notitie',
  contact: 'contact',
  name: 'naam',
  ownerId: 'eigenaar',
};

/** Dutch names for every key the audit log stores, for the history. */
const auditKeys: Record<string, string> = {
  ...figureKeys,
  expectedIsEstimate: 'schatting',
  closesOn: 'sluiting',
  municipality: 'gemeente',
  targetGroup: 'doelgroep',
  number: 'streefaantal',
  dueOn: 'streefdatum',
  label: 'omschrijving',
  priority: 'prioriteit',
  asOf: 'peildatum',
  population: 'doelgroep',
  source: 'bron',
  halfYear: 'halfjaar',
  quota: 'taakstelling',
  housed: 'gehuisvest',
  carryOver: 'uit vorig halfjaar',
  role: 'rol',
  state: 'status',
  persons: 'personen',
  outflowDestination: 'uitstroombestemming',
  cancelReason: 'reden',
  ...Object.fromEntries(TARGET_GROUPS.map((g) => [`minFree_${g}`, `min. vrije plekken ${TARGET_GROUP_LABELS[g]}`])),
  maxLocationOccupancy: 'max. bezetting per locatie (%)',
  nationalOccupancy: 'landelijke bezettingsgraad (%)',
};

function show(key: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '–';
  if (key === 'stage' && typeof value === 'string') return STAGE_LABELS[value as keyof typeof STAGE_LABELS] ?? escapeMrkdwn(value);
  if (key === 'population' && typeof value === 'string') return NATIONAL_POPULATION_LABELS[value as keyof typeof NATIONAL_POPULATION_LABELS] ?? escapeMrkdwn(value);
  if (key === 'targetGroup' && typeof value === 'string') return TARGET_GROUP_LABELS[value as keyof typeof TARGET_GROUP_LABELS] ?? escapeMrkdwn(value);
  if (key === 'role' && typeof value === 'string') return ROLE_LABELS[value as keyof typeof ROLE_LABELS] ?? escapeMrkdwn(value);
  if (key === 'ownerId' && typeof value === 'string') return personRef(value);
  if (key === 'carryOver' && typeof value === 'number') return value === 0 ? 'geen' : carryOverText(value).replace(' vorig halfjaar', '');
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'ja' : 'nee';
  return escapeMrkdwn(truncate(String(value), 80));
}

/** The keys of an audit record that have a Dutch name (the rest are technical: ids, channels, files). */
export function knownFields(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => key in auditKeys));
}

/** "plekken 100 → 120, bezet 80 → 95" for the changed keys. */
export function changeLine(before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined): string {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].filter((k) => (before ?? {})[k] !== (after ?? {})[k] || !before);
  if (keys.length === 0) return 'geen wijziging';
  return keys.map((k) => `${auditKeys[k] ?? escapeMrkdwn(k)} ${before ? `${show(k, before[k])} → ` : ''}${show(k, after?.[k])}`).join(', ');
}

export function locationUpdatedMessage(before: LocationRecord, after: LocationRecord): Message {
  const changed = (Object.keys(figureKeys) as (keyof LocationRecord)[]).filter((k) => before[k] !== after[k]);
  const line = changeLine(Object.fromEntries(changed.map((k) => [k, before[k]])), Object.fromEntries(changed.map((k) => [k, after[k]])));
  const free = Math.max(0, after.places - after.occupied);
  const text = `:white_check_mark: *${escapeMrkdwn(after.name)}* (${escapeMrkdwn(after.municipality)}) bijgewerkt: ${line}. Nu ${formatNumber(after.places)} plekken, ${formatNumber(after.occupied)} bezet, ${formatNumber(free)} beschikbaar${after.occupied > after.places ? ' :warning: overbezet' : ''}.`;
  return { text, blocks: [section(text), context('`/opvang stand` toont de nieuwe stand · `/opvang historie` de wijzigingen')] };
}

/**
 * A warning, not a refusal, under the saved confirmation when the owner is a lezer: the picker
 * offers every member, but "Klopt nog" needs the editor role, so the overdue question about this
 * location goes to the admins until the role is raised or another owner is set.
 */
export function withOwnerRoleNotice(message: Message, ownerId: string | null, role: Role | undefined): Message {
  if (!ownerId || !role || hasRole(role, 'editor')) return message;
  const notice = `:warning: Eigenaar ${personRef(ownerId)} is ${ROLE_LABELS[role]} en kan verouderde cijfers niet bevestigen; de vraag gaat daarom naar de beheerders. Geef de rol bewerker met \`/opvang rechten\`.`;
  return { text: message.text, blocks: [...message.blocks, context(notice)] };
}

export function locationCreatedMessage(l: LocationRecord): Message {
  const text = `:white_check_mark: Locatie *${escapeMrkdwn(l.name)}* toegevoegd in ${escapeMrkdwn(l.municipality)}: ${TARGET_GROUP_LABELS[l.targetGroup]}, ${STAGE_LABELS[l.stage]}, ${formatNumber(l.places)} plekken, ${formatNumber(l.occupied)} bezet.`;
  return { text, blocks: [section(text), context('Bijwerken kan met `/opvang bijwerken`.')] };
}

export function nationalSavedMessage(before: NationalFigure | undefined, after: NationalFigure): Message {
  const rate = after.places > 0 ? ` (${((after.occupied / after.places) * 100).toFixed(1).replace('.', ',')}%)` : '';
  const which = `Landelijke cijfers ${NATIONAL_POPULATION_LABELS[after.population]} van ${formatDate(after.asOf)}`;
  const text = before
    ? `:white_check_mark: ${which} *vervangen*: plekken ${formatNumber(before.places)} → ${formatNumber(after.places)}, bezet ${formatNumber(before.occupied)} → ${formatNumber(after.occupied)}${rate}. De oude waarden staan in de historie.`
    : `:white_check_mark: ${which} opgeslagen: ${formatNumber(after.places)} plekken, ${formatNumber(after.occupied)} bezet${rate}.`;
  return textMessage(text);
}

export function targetSavedMessage(status: 'created' | 'updated', t: TargetRow): Message {
  return textMessage(
    `:white_check_mark: Doel ${status === 'created' ? 'toegevoegd' : 'gewijzigd'}: *${escapeMrkdwn(t.label)}*: ${formatNumber(t.number)} (${TARGET_GROUP_LABELS[t.targetGroup]})${t.dueOn ? ` vóór ${formatDate(t.dueOn)}` : ''}, prioriteit ${t.priority}.`,
  );
}

export function quotaText(q: Pick<QuotaRow, 'quota' | 'housed' | 'carryOver'>): string {
  const { required, difference } = quotaStatus(q);
  const state = difference < 0 ? `achterstand ${formatNumber(-difference)}` : difference > 0 ? `voorsprong ${formatNumber(difference)}` : 'precies op schema';
  return `${formatNumber(q.housed)} van ${formatNumber(required)} gehuisvest${q.carryOver !== 0 ? ` (taakstelling ${formatNumber(q.quota)}, ${carryOverText(q.carryOver)})` : ''} · ${state}`;
}

export function quotaSavedMessage(before: QuotaRow | undefined, after: QuotaRow): Message {
  const was = before ? ` (was: ${quotaText(before)})` : '';
  return textMessage(`:white_check_mark: Taakstelling ${escapeMrkdwn(after.municipality)} ${halfYearLabel(after.halfYear)}: ${quotaText(after)}${was}.`);
}

/** The report on a checked import file, with a button for "only the valid rows" when there are both. */
export function importReportMessage(fileName: string, check: ImportCheck, stored: { added: number; updated: number; unchanged: number } | undefined, buttonValue?: string): Message {
  const name = escapeMrkdwn(fileName);
  if (check.fatal) return textMessage(`:x: *${name}* niet ingelezen: ${escapeMrkdwn(check.fatal)} Er is niets opgeslagen.`);
  const blocks: KnownBlock[] = [];
  const head = stored
    ? `:white_check_mark: *${name}*: ${stored.added} ${stored.added === 1 ? 'locatie' : 'locaties'} toegevoegd, ${stored.updated} bijgewerkt, ${stored.unchanged} ongewijzigd.`
    : `:x: *${name}*: ${check.problems.length} ${check.problems.length === 1 ? 'regel klopt' : 'regels kloppen'} niet; er is niets opgeslagen. ${check.rows.length} ${check.rows.length === 1 ? 'regel is' : 'regels zijn'} in orde.`;
  blocks.push(section(head));
  if (check.problems.length > 0) {
    const lines = check.problems.map((p) => `• Regel ${p.line}: ${escapeMrkdwn(p.reason)}`);
    blocks.push(section(fitLines([stored ? '*Overgeslagen regels*' : '*Fouten*', ...lines], andMore('fout', 'fouten'))));
  }
  if (!stored && check.rows.length > 0 && buttonValue) {
    blocks.push(actions('capacity_import_actions', [button(check.rows.length === 1 ? 'Alleen de geldige regel opslaan' : `Alleen de ${check.rows.length} geldige regels opslaan`, IMPORT_VALID_ONLY, buttonValue, 'primary')]));
    blocks.push(context('Of verbeter het bestand en stuur het opnieuw.'));
  }
  const text = stored
    ? `Import ${name}: ${stored.added} toegevoegd, ${stored.updated} bijgewerkt, ${stored.unchanged} ongewijzigd`
    : `Import ${name}: ${formatCount(check.problems.length, 'fout', 'fouten')}, niets opgeslagen`;
  return { text, blocks };
}

/** Plain text for the command line importer (no mrkdwn). */
export function importReportText(fileName: string, check: ImportCheck, stored: { added: number; updated: number; unchanged: number } | undefined): string {
  if (check.fatal) return `${fileName}: niet ingelezen: ${check.fatal} Er is niets opgeslagen.`;
  const lines = check.problems.map((p) => `  regel ${p.line}: ${p.reason}`);
  const head = stored
    ? `${fileName}: ${stored.added} toegevoegd, ${stored.updated} bijgewerkt, ${stored.unchanged} ongewijzigd${check.problems.length ? `; ${formatCount(check.problems.length, 'regel', 'regels')} overgeslagen:` : '.'}`
    : `${fileName}: ${check.problems.length === 1 ? '1 regel klopt' : `${check.problems.length} regels kloppen`} niet; er is niets opgeslagen (${formatCount(check.rows.length, 'regel', 'regels')} in orde; --alleen-geldige slaat alleen die op):`;
  return [head, ...lines].join('\n');
}

/** A row whose location changed (or was added) while the file was being read: nothing stored. */
export function importConflictLine(conflict: { line: number; name: string; municipality: string }): string {
  return `regel ${conflict.line} (${conflict.name}, ${conflict.municipality}): die locatie is gewijzigd of toegevoegd terwijl het bestand werd ingelezen; er is niets opgeslagen. Stuur het bestand opnieuw (bij een export: exporteer opnieuw en neem je wijzigingen daarin over).`;
}

export function importConflictMessage(fileName: string, conflict: { line: number; name: string; municipality: string }): Message {
  return textMessage(`:x: *${escapeMrkdwn(fileName)}* niet ingelezen: ${escapeMrkdwn(importConflictLine(conflict))}`);
}

export function matchProblemMessage(wanted: string, kind: 'many' | 'none', candidates: LocationRef[]): Message {
  const typed = escapeMrkdwn(wanted);
  const list = candidates.map((l) => `• \`/opvang bijwerken ${escapeMrkdwn(l.name)} (${escapeMrkdwn(l.municipality)})\``);
  const text =
    kind === 'many'
      ? `Er zijn meerdere locaties met de naam "${typed}". Kies er een:\n${list.join('\n')}`
      : `Geen locatie gevonden met de naam "${typed}".${candidates.length ? ` Bedoelde je:\n${list.join('\n')}` : ' Gebruik `/opvang bijwerken` zonder naam om te zoeken, of `/opvang locatie` om er een toe te voegen.'}`;
  return textMessage(fitLines(text.split('\n'), (n) => `…en ${n} meer`));
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
