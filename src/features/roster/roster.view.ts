import type { ActionsBlock, Button, KnownBlock, PlainTextOption } from '@slack/types';
import { addDays, formatCount, formatDate, formatDay, formatDays, formatNumber, formatShortDate, formatTime, toLocalDay } from '../../format/nl';
import type { Region } from '../../domain/vocabulary';
import { actions, button, context, fitLines, header, section, andMore } from '../../blockkit/blocks';
import { escapeMrkdwn, personRef } from '../../blockkit/escape';
import {
  ROSTER_IMPORT_MODAL,
  ROSTER_IMPORT_OPEN,
  ROSTER_PERIOD_ADD,
  ROSTER_PERIOD_EDIT,
  ROSTER_PERIOD_MODAL,
  SHIFT_ADD_OPEN,
  SHIFT_CLAIM,
  SHIFT_HAND_BACK,
  SHIFT_MODAL,
  SHIFT_PATTERN_MODAL,
  SHIFT_PATTERN_OPEN,
  STAY_OUTFLOW_MODAL,
  STAY_OUTFLOW_OPEN,
  uniqueActionId,
} from '../../blockkit/ids';
import { LIMITS } from '../../blockkit/limits';
import { option } from '../../blockkit/modal';
import type { FieldErrors, FormDefinition, FormItem, Values } from '../../forms/form';
import { groupByDates, parseSlots, shiftInstants, type DutyPeriod, ORGANISATION_LABELS, ORGANISATIONS, type ReminderKind, type PeriodRecord, type ShiftRecord, type OurDuty } from './roster';
import { daysStayed, outflowDueDay, type Stay } from '../stays/stays';
import type { Message } from '../../blockkit/message';

/** Block Kit for the roster: pure functions of data. */

const regionsOf = (p: DutyPeriod) => p.regions.map((r) => r.name).join(' + ');
const through = (endsOn: string) => addDays(endsOn, -1);

// /opvang rooster ---------------------------------------------------------------------------------

export interface RosterData {
  today: string;
  regionName: string;
  dutyToday: DutyPeriod[];
  coming: PeriodRecord[];
  ourDuty: OurDuty;
  isAdmin: boolean;
  /** Every period an admin may change (for the select). */
  editable: PeriodRecord[];
}

function stepLine(step: { startsOn: string; endsOn: string; periods: DutyPeriod[] }): string {
  const places = step.periods.every((p) => p.places === step.periods[0]!.places) && step.periods[0]!.places ? ` · ${formatNumber(step.periods[0]!.places)} plekken per dienst` : '';
  return `• ${formatShortDate(step.startsOn)} t/m ${formatShortDate(through(step.endsOn))}: ${step.periods.map(regionsOf).join(', ')}${places}`;
}

export function rosterMessage(data: RosterData): Message {
  const todayText =
    data.dutyToday.length === 0
      ? '*Vandaag* heeft geen regio CNO-dienst volgens het rooster.'
      : `*Vandaag* (${formatShortDate(data.today)}) dienst: ${data.dutyToday.map(regionsOf).join(', ')}`;
  const steps = groupByDates(data.coming.filter((p) => p.startsOn > data.today));
  const comingText =
    steps.length === 0 ? '*Komende perioden*\nNog geen perioden na vandaag ingevoerd.' : fitLines(['*Komende perioden*', ...steps.map(stepLine)], andMore('periode', 'perioden'));
  const blocks: KnownBlock[] = [
    header(`CNO-rooster · ${formatDate(data.today)}`),
    section(todayText),
    section(comingText),
    section(`*Onze dienst*\n${ourDutyLine(data.regionName, data.ourDuty)}`),
  ];
  if (data.isAdmin) {
    const elements: ActionsBlock['elements'] = [button('Periode toevoegen', ROSTER_PERIOD_ADD, 'add', 'primary'), button('Importeren (CSV)', ROSTER_IMPORT_OPEN, 'import')];
    if (data.editable.length > 0) {
      elements.push({
        type: 'static_select',
        action_id: ROSTER_PERIOD_EDIT,
        placeholder: { type: 'plain_text', text: 'Periode wijzigen of verwijderen…' },
        options: data.editable.slice(-LIMITS.selectOptions).map((p) => periodOption(p)),
      });
    }
    blocks.push({ type: 'actions', block_id: 'roster_admin', elements });
  }
  blocks.push(context('`/opvang rooster diensten`: de bemensing van de komende 7 dagen. Alleen jij ziet dit.'));
  return { text: `CNO-rooster ${formatDate(data.today)}`, blocks };
}

function periodOption(p: PeriodRecord): PlainTextOption {
  return option(`${formatShortDate(p.startsOn)} t/m ${formatShortDate(through(p.endsOn))}: ${p.regions.map((r) => r.code).join('+')}`, String(p.id));
}

/** Roster dates: real days, and not further ahead than a roster is made. */
export const rosterLatest = (today: string) => ({ day: addDays(today, 5 * 365), message: 'Kies een datum binnen vijf jaar.' });

/** The duty periods, shifts and pattern: "tot en met" never before "van". */
function throughAfterFrom(values: Values): Partial<FieldErrors> {
  const from = values.text('from');
  const thru = values.text('through');
  return from && thru && thru < from && !values.ticked('delete', 'yes') ? { through: 'De laatste dag ligt vóór de eerste dag.' } : {};
}

/** Add (no period) or change/delete (with period) one duty period. */
export function periodForm(regions: Region[], today: string, period?: PeriodRecord): FormDefinition {
  const items: FormItem[] = [
    {
      kind: 'multiselect',
      name: 'regions',
      label: 'Regio’s (meer regio’s = één gedeelde dienst)',
      placeholder: 'Kies één of meer regio’s',
      options: regions.map((r) => ({ label: `${r.code} ${r.name}`, value: r.code })),
      initial: period?.regions.map((r) => r.code) ?? [],
      required: 'Kies minstens één regio.',
      unknown: 'Kies alleen regio’s uit de lijst.',
    },
    { kind: 'date', name: 'from', label: 'Eerste dag', initial: period?.startsOn ?? null, required: 'Kies de eerste dag.', latest: rosterLatest(today) },
    { kind: 'date', name: 'through', label: 'Laatste dag', initial: period ? through(period.endsOn) : null, required: 'Kies de laatste dag.', latest: rosterLatest(today) },
    { kind: 'number', name: 'places', label: 'Plekken', optional: true, initial: String(period?.places ?? 150), min: 1, max: 100_000, outOfRange: 'Plekken moet een positief geheel getal zijn.' },
    { kind: 'text', name: 'note', label: 'Notitie', maxLength: 300, optional: true, initial: period?.note ?? null },
  ];
  if (period) items.push({ kind: 'checkboxes', name: 'delete', label: 'Verwijderen', optional: true, options: [{ label: 'Deze periode verwijderen', value: 'yes' }] });
  return { id: ROSTER_PERIOD_MODAL, title: period ? 'Periode wijzigen' : 'Periode toevoegen', items, meta: { id: period?.id ?? null }, rules: throughAfterFrom };
}

export function importForm(): FormDefinition {
  return {
    id: ROSTER_IMPORT_MODAL,
    title: 'Rooster importeren',
    submit: 'Importeren',
    items: [
      {
        kind: 'note',
        text: 'Plak de perioden uit Excel (CSV, puntkomma-gescheiden), één per regel:\n`eerste dag;laatste dag;regio’s;plekken;notitie`\nBijvoorbeeld `15-6-2022;28-6-2022;VR14+VR25;150;gedeelde dienst`. Regio’s met code of naam; regio’s die één dienst delen met `+`. Alles of niets: bij één fout wordt niets opgeslagen.',
      },
      { kind: 'text', name: 'csv', label: 'Perioden (CSV)', multiline: true, maxLength: 3000, required: 'Plak de perioden (CSV).' },
    ],
  };
}

// Shift forms --------------------------------------------------------------------------------------

const organisationChoices = () => ORGANISATIONS.map((o) => ({ label: ORGANISATION_LABELS[o], value: o }));

function locationField(locations: { id: number; name: string }[]): FormItem[] {
  if (locations.length === 0) return [];
  return [{ kind: 'select', name: 'location', label: 'Locatie', optional: true, options: locations.map((l) => ({ label: l.name, value: String(l.id) })) }];
}

const roleField = (placeholder: string): FormItem => ({ kind: 'text', name: 'role', label: 'Rol', maxLength: 100, placeholder, required: 'Vul een rol in.' });

/** The shift form's rules: one person at most, and real instants (a night shift ends the next day). */
function shiftRules(values: Values): Partial<FieldErrors> {
  if (values.has('person') && values.has('person_name')) return { person_name: 'Kies een persoon in Slack óf typ een naam, niet allebei.' };
  const day = values.text('date');
  const start = values.text('start');
  const end = values.text('end');
  if (!day || !start || !end) return {};
  const instants = shiftInstants(day, start, end, values.ticked('next_day', 'yes'));
  return instants.ok ? {} : { [instants.field]: instants.message };
}

export function shiftForm(locations: { id: number; name: string }[], day: string): FormDefinition {
  return {
    id: SHIFT_MODAL,
    title: 'Dienst toevoegen',
    items: [
      { kind: 'date', name: 'date', label: 'Datum', initial: day, required: 'Kies een datum.', latest: rosterLatest(day) },
      { kind: 'time', name: 'start', label: 'Begin', initial: '07:00', required: 'Kies een begintijd.' },
      { kind: 'time', name: 'end', label: 'Eind', initial: '15:00', required: 'Kies een eindtijd.' },
      { kind: 'checkboxes', name: 'next_day', label: 'Nachtdienst', optional: true, options: [{ label: 'Eindigt de volgende dag', value: 'yes' }] },
      { kind: 'select', name: 'organisation', label: 'Organisatie', options: organisationChoices() },
      roleField('bijv. begeleider, beveiliging, coördinator'),
      { kind: 'user', name: 'person', label: 'Persoon (in Slack)', optional: true, placeholder: 'Kies iemand' },
      { kind: 'text', name: 'person_name', label: 'Of naam (buiten Slack)', maxLength: 100, optional: true, hint: 'Leeg laten (beide) = open dienst.' },
      ...locationField(locations),
    ],
    rules: shiftRules,
  };
}

export function patternForm(locations: { id: number; name: string }[], from: string, thru: string, today: string): FormDefinition {
  return {
    id: SHIFT_PATTERN_MODAL,
    title: 'Dienstpatroon',
    submit: 'Diensten maken',
    items: [
      { kind: 'note', text: 'Maakt open diensten voor elke dag van de periode. Iedereen kan ze daarna nemen met *Ik neem deze dienst*.' },
      { kind: 'date', name: 'from', label: 'Eerste dag', initial: from, required: 'Kies de eerste dag.', latest: rosterLatest(today) },
      { kind: 'date', name: 'through', label: 'Laatste dag', initial: thru, required: 'Kies de laatste dag.', latest: rosterLatest(today) },
      { kind: 'text', name: 'slots', label: 'Tijden per dag', maxLength: 500, initial: '07-15, 15-23, 23-07', hint: 'Een tijdvak dat eindigt vóór het begint, loopt door tot de volgende dag.', required: 'Geef de tijden per dag.' },
      { kind: 'number', name: 'per_slot', label: 'Aantal mensen per tijdvak', initial: '1', min: 1, max: 10, outOfRange: 'Geef een aantal van 1 tot 10.', required: 'Geef een aantal van 1 tot 10.' },
      { kind: 'select', name: 'organisation', label: 'Organisatie', options: organisationChoices() },
      roleField('bijv. begeleider'),
      ...locationField(locations),
    ],
    rules: (values) => {
      const slots = values.text('slots');
      const parsed = slots ? parseSlots(slots) : undefined;
      return { ...throughAfterFrom(values), ...(parsed && !parsed.ok ? { slots: parsed.message } : {}) };
    },
  };
}

// /opvang rooster diensten ----------------------------------------------------------------------

function timeRange(s: Pick<ShiftRecord, 'startsAt' | 'endsAt'>): string {
  const start = new Date(s.startsAt);
  const end = new Date(s.endsAt);
  const nextDay = toLocalDay(end) !== toLocalDay(start) ? ' (+1)' : '';
  return `${formatTime(start)}–${formatTime(end)}${nextDay}`;
}

function shiftWhat(s: ShiftRecord): string {
  return `${ORGANISATION_LABELS[s.organisation]} · ${escapeMrkdwn(s.role)}${s.location ? ` · ${escapeMrkdwn(s.location)}` : ''}`;
}

/** "di 14 jun 07:00–15:00 · COA · begeleider" */
export function shiftLabel(s: ShiftRecord): string {
  return `${formatShortDate(toLocalDay(new Date(s.startsAt)))} ${timeRange(s)} · ${shiftWhat(s)}`;
}

function holder(s: ShiftRecord): string {
  if (s.slackUserId) return personRef(s.slackUserId);
  if (s.personName) return escapeMrkdwn(s.personName);
  return '';
}

/** One line per shift; identical open shifts share a line ("*OPEN* (2×)"). */
function shiftLines(shifts: ShiftRecord[]): string[] {
  const lines: string[] = [];
  const openLine = new Map<string, number>();
  const openCount = new Map<string, number>();
  for (const s of shifts) {
    if (s.slackUserId || s.personName) {
      lines.push(`• ${timeRange(s)} · ${shiftWhat(s)} · ${holder(s)}`);
      continue;
    }
    const key = [s.startsAt, s.endsAt, s.organisation, s.role, s.locationId].join('|');
    const count = (openCount.get(key) ?? 0) + 1;
    openCount.set(key, count);
    const line = `• :red_circle: *OPEN*${count > 1 ? ` (${count}×)` : ''} ${timeRange(s)} · ${shiftWhat(s)}`;
    const at = openLine.get(key);
    if (at === undefined) {
      openLine.set(key, lines.length);
      lines.push(line);
    } else lines[at] = line;
  }
  return lines;
}

/** Identical open shifts (same time, organisation, role, location) share one button that takes any of them. */
function groupOpen(shifts: ShiftRecord[]): ShiftRecord[][] {
  const groups = new Map<string, ShiftRecord[]>();
  for (const s of shifts) {
    if (s.slackUserId || s.personName) continue;
    const key = [s.startsAt, s.endsAt, s.organisation, s.role, s.locationId].join('|');
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups.values()];
}

function claimButton(group: ShiftRecord[], source: 'list' | 'channel', withDay = false): Button {
  const s = group[0]!;
  const when = withDay ? `${formatShortDate(toLocalDay(new Date(s.startsAt)))} ` : '';
  const count = group.length > 1 ? ` (${group.length} open)` : '';
  // A hundred ids stay well inside the 2000 characters a button value may hold.
  const value = `${source}:${group.slice(0, 100).map((g) => g.id).join(',')}`;
  return button(`Ik neem deze dienst: ${when}${timeRange(s)} · ${ORGANISATION_LABELS[s.organisation]}${count}`, uniqueActionId(SHIFT_CLAIM, s.id), value, 'primary');
}

export interface ShiftsData {
  now: Date;
  days: string[];
  shifts: ShiftRecord[];
  userId: string;
  isAdmin: boolean;
  notice?: string;
}

export function shiftsMessage(data: ShiftsData): Message {
  const open = data.shifts.filter((s) => !s.slackUserId && !s.personName);
  const mine = data.shifts.filter((s) => s.slackUserId === data.userId && new Date(s.startsAt) > data.now);
  const blocks: KnownBlock[] = [header(`Diensten ${formatShortDate(data.days[0]!)} t/m ${formatShortDate(data.days.at(-1)!)}`)];
  if (data.notice) blocks.push(section(data.notice));
  blocks.push(
    section(
      data.shifts.length === 0
        ? 'Geen diensten ingepland in de komende 7 dagen.'
        : `${formatCount(data.shifts.length, 'dienst', 'diensten')}, *${formatNumber(open.length)} open*${mine.length > 0 ? ` · jij hebt er ${formatNumber(mine.length)}` : ''}`,
    ),
  );
  for (const day of data.days) {
    const today = data.shifts.filter((s) => toLocalDay(new Date(s.startsAt)) === day || (day === data.days[0] && new Date(s.startsAt) < data.now));
    if (today.length === 0) continue;
    blocks.push(section(fitLines([`*${formatShortDate(day)}*`, ...shiftLines(today)], andMore('regel', 'regels'))));
    const groups = groupOpen(today);
    if (groups.length > 0) {
      blocks.push(actions(`shifts_open_${day}`, groups.slice(0, LIMITS.actionsElements).map((g) => claimButton(g, 'list'))));
      if (groups.length > LIMITS.actionsElements) blocks.push(context(`…en ${groups.length - LIMITS.actionsElements} soorten open diensten meer op deze dag.`));
    }
  }
  if (mine.length > 0) {
    blocks.push(
      actions(
        'shifts_mine',
        mine.slice(0, LIMITS.actionsElements).map((s) => button(`Dienst teruggeven: ${formatShortDate(toLocalDay(new Date(s.startsAt)))} ${timeRange(s)}`, uniqueActionId(SHIFT_HAND_BACK, s.id), String(s.id), 'danger')),
      ),
    );
  }
  if (data.isAdmin) {
    blocks.push(actions('shifts_admin', [button('Dienst toevoegen', SHIFT_ADD_OPEN, 'add'), button('Dienstpatroon', SHIFT_PATTERN_OPEN, 'pattern')]));
  }
  blocks.push(context('Open diensten: wie het eerst klikt, heeft de dienst. Alleen jij ziet dit.'));
  return { text: `Diensten: ${data.shifts.length}, waarvan ${open.length} open`, blocks };
}

/** Posted in the team channel when someone gives a shift back. */
export function handedBackMessage(shift: ShiftRecord, userId: string): Message {
  const text = `:arrows_counterclockwise: ${personRef(userId)} heeft een dienst teruggegeven; hij is weer open:\n${shiftLabel(shift)}`;
  return { text: `Dienst weer open: ${shiftLabel(shift)}`, blocks: [section(text), actions('shift_reopened', [claimButton([shift], 'channel', true)])] };
}

// Reminders and gaps -----------------------------------------------------------------------------

export function reminderMessage(shift: ShiftRecord, kind: ReminderKind, now: Date): Message {
  const start = new Date(shift.startsAt);
  const day = toLocalDay(start);
  const minutes = Math.max(1, Math.round((start.getTime() - now.getTime()) / 60_000));
  const when =
    kind === 'hour_before'
      ? `begint om ${formatTime(start)} (over ${formatCount(minutes, 'minuut', 'minuten')})`
      : `begint ${day === toLocalDay(now) ? 'vandaag' : day === addDays(toLocalDay(now), 1) ? 'morgen' : formatShortDate(day)} om ${formatTime(start)}`;
  const text = `:alarm_clock: *Je dienst ${when}.*\n${shiftLabel(shift)}\nKun je niet? Geef hem hier terug; het team hoort het meteen.`;
  // The reminder carries its button: handing back from here replaces this message with the outcome.
  return {
    text: `Herinnering: je dienst ${when}`,
    blocks: [section(text), actions(`shift_reminder_${shift.id}`, [button('Dienst teruggeven', uniqueActionId(SHIFT_HAND_BACK, shift.id), `reminder:${shift.id}`, 'danger')])],
  };
}

/** The morning post: open shifts in the next 48 hours, with buttons to take them. */
export function gapsMessage(gaps: ShiftRecord[]): Message {
  const lines = gaps.map((s) => `• ${shiftLabel(s)}`);
  const blocks: KnownBlock[] = [
    section(fitLines([`:warning: *Open diensten in de komende 48 uur: ${formatNumber(gaps.length)}*`, ...lines], (n) => `…en ${n} meer`)),
  ];
  const groups = groupOpen(gaps);
  blocks.push(actions('gaps_claim', groups.slice(0, LIMITS.actionsElements).map((g) => claimButton(g, 'channel', true))));
  if (groups.length > LIMITS.actionsElements) blocks.push(context(`…en ${groups.length - LIMITS.actionsElements} soorten open diensten meer: \`/opvang rooster diensten\`.`));
  else blocks.push(context('Alles zien: `/opvang rooster diensten`.'));
  return { text: `Open diensten in de komende 48 uur: ${gaps.length}`, blocks };
}

// The 14-day rule -------------------------------------------------------------------------------

const MAX_WARNED_STAYS = 40;

function stayLine(s: Stay, today: string, maxStayDays: number): string {
  const days = daysStayed(s.arrivedOn, today);
  return `*${formatCount(s.persons, 'persoon', 'personen')}* in ${escapeMrkdwn(s.location)} · aangekomen ${formatDay(s.arrivedOn, today)} · *${formatDays(days)}* in de CNO · uitstroom uiterlijk ${formatDay(addDays(s.arrivedOn, maxStayDays), today)}`;
}

/** Warns the team about groups on the rule's notice day (outflowDueDay) without an outflow destination, each with its button. */
export function stayWarningMessage(stays: Stay[], today: string, maxStayDays: number): Message {
  const persons = stays.reduce((sum, s) => sum + s.persons, 0);
  const dueDay = outflowDueDay(maxStayDays);
  const who = formatCount(persons, 'persoon is', 'personen zijn');
  const blocks: KnownBlock[] = [
    section(
      `:hourglass_flowing_sand: *Uitstroom vastleggen: ${who} ${dueDay} dagen of langer in de CNO zonder uitstroombestemming.* Na ${maxStayDays} dagen gaan zij door naar een duurzame opvanglocatie (${maxStayDays}-dagenregel).`,
    ),
  ];
  for (const s of stays.slice(0, MAX_WARNED_STAYS)) blocks.push(section(stayLine(s, today, maxStayDays), button('Uitstroom vastleggen', STAY_OUTFLOW_OPEN, String(s.id))));
  if (stays.length > MAX_WARNED_STAYS) blocks.push(context(`…en ${formatCount(stays.length - MAX_WARNED_STAYS, 'groep', 'groepen')} meer: \`/opvang rooster uitstroom\`.`));
  return { text: `${maxStayDays}-dagenregel: ${formatCount(persons, 'persoon', 'personen')} ${dueDay} dagen of langer in de CNO zonder uitstroombestemming`, blocks };
}

export function outflowForm(stays: Stay[], today: string, selected?: number): FormDefinition {
  const current = stays.find((s) => s.id === selected)?.outflowDestination;
  return {
    id: STAY_OUTFLOW_MODAL,
    title: 'Uitstroom vastleggen',
    items: [
      {
        kind: 'select',
        name: 'stay',
        label: 'Groep',
        options: stays.map((s) => ({
          label: `${s.persons} p. · ${s.location} · sinds ${formatShortDate(s.arrivedOn)} (${daysStayed(s.arrivedOn, today)} d.)${s.outflowDestination ? ' ✓' : ''}`,
          value: String(s.id),
        })),
        initial: selected === undefined ? null : String(selected),
        unknown: 'Deze groep verblijft niet (meer) in een CNO-locatie.',
      },
      { kind: 'text', name: 'destination', label: 'Uitstroombestemming', maxLength: 200, placeholder: 'bijv. AZC Zwolle, per 14 juni', initial: current ?? null, required: 'Vul de uitstroombestemming in.' },
    ],
  };
}

/** One line about our region's CNO duty, with a countdown. */
export function ourDutyLine(regionName: string, duty: OurDuty): string {
  switch (duty.kind) {
    case 'on_duty':
      return `:rotating_light: ${regionName} heeft nu dienst, nog ${formatDays(duty.daysLeft + 1)} (t/m ${formatDate(addDays(duty.period.endsOn, -1))}).`;
    case 'upcoming':
      return `${regionName} heeft de volgende dienst over ${formatDays(duty.daysUntil)}: ${formatDate(duty.period.startsOn)} t/m ${formatDate(addDays(duty.period.endsOn, -1))}.`;
    case 'not_scheduled':
      return duty.rosterKnownUntil
        ? `${regionName} staat niet in het bekende rooster (bekend t/m ${formatDate(addDays(duty.rosterKnownUntil, -1))}).`
        : `Er is nog geen CNO-rooster ingevoerd.`;
  }
}
