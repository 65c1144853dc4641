import type { ActionsBlock, Button, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { addDays, formatDate, formatDays, formatNumber, formatShortDate, formatTime, toLocalDay } from '../../format/nl';
import type { Region } from '../../domain/vocabulary';
import { actions, button, context, fitLines, header, section } from '../../blockkit/blocks';
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
import { checkboxes, datePicker, input, modal, numberField, option, staticSelect, textInput, timePicker } from '../../blockkit/modal';
import { groupByDates, type DutyPeriod, ORGANISATION_LABELS, ORGANISATIONS, type ReminderKind, type PeriodRecord, type ShiftRecord, type OurDuty } from './roster';
import { daysStayed, type Stay } from '../stays/stays';
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
  const places = step.periods.every((p) => p.places === step.periods[0]!.places) && step.periods[0]!.places ? ` · ${formatNumber(step.periods[0]!.places)} plekken per plek in het rooster` : '';
  return `• ${formatShortDate(step.startsOn)} t/m ${formatShortDate(through(step.endsOn))}: ${step.periods.map(regionsOf).join(', ')}${places}`;
}

export function rosterMessage(data: RosterData): Message {
  const todayText =
    data.dutyToday.length === 0
      ? '*Vandaag* heeft geen regio CNO-dienst volgens het rooster.'
      : `*Vandaag* (${formatShortDate(data.today)}) dienst: ${data.dutyToday.map(regionsOf).join(', ')}`;
  const steps = groupByDates(data.coming.filter((p) => p.startsOn > data.today));
  const comingText =
    steps.length === 0 ? '*Komende perioden*\nNog geen perioden na vandaag ingevoerd.' : fitLines(['*Komende perioden*', ...steps.map(stepLine)], (n) => `…en ${n} perioden meer`);
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

function multiSelectInput(name: string, label: string, options: PlainTextOption[], initial: string[]): KnownBlock {
  const initialOptions = options.filter((o) => initial.includes(o.value ?? ''));
  return {
    type: 'input',
    block_id: name,
    label: { type: 'plain_text', text: label },
    element: {
      type: 'multi_static_select',
      action_id: name,
      placeholder: { type: 'plain_text', text: 'Kies één of meer regio’s' },
      options,
      ...(initialOptions.length > 0 ? { initial_options: initialOptions } : {}),
    },
  };
}

/** Add (no period) or change/delete (with period) one duty period. */
export function periodModal(regions: Region[], period?: PeriodRecord): ModalView {
  const blocks: KnownBlock[] = [
    multiSelectInput(
      'regions',
      'Regio’s (meer regio’s = één gedeelde plek)',
      regions.map((r) => option(`${r.code} ${r.name}`, r.code)),
      period?.regions.map((r) => r.code) ?? [],
    ),
    input('from', 'Van', datePicker(period?.startsOn)),
    input('through', 'Tot en met', datePicker(period ? through(period.endsOn) : undefined)),
    input('places', 'Plekken', numberField(period?.places ?? 150), { optional: true }),
    input('note', 'Notitie', textInput(period?.note, { maxLength: 300 }), { optional: true }),
  ];
  if (period) blocks.push(input('delete', 'Verwijderen', checkboxes([option('Deze periode verwijderen', 'yes')]), { optional: true }));
  return modal(ROSTER_PERIOD_MODAL, period ? 'Periode wijzigen' : 'Periode toevoegen', blocks, { privateMetadata: JSON.stringify({ id: period?.id ?? null }) });
}

export function importModal(): ModalView {
  return modal(
    ROSTER_IMPORT_MODAL,
    'Rooster importeren',
    [
      section(
        'Plak de perioden uit Excel (CSV, puntkomma-gescheiden), één per regel:\n`van;tot en met;regio’s;plekken;notitie`\nBijvoorbeeld `15-6-2022;28-6-2022;VR14+VR25;150;gedeelde plek`. Regio’s met code of naam, gedeelde plek met `+`. Alles of niets: bij één fout wordt niets opgeslagen.',
      ),
      input('csv', 'Perioden (CSV)', textInput(undefined, { multiline: true, maxLength: 3000 })),
    ],
    { submit: 'Importeren' },
  );
}

// Shift modals --------------------------------------------------------------------------------------

const organisationOptions = () => ORGANISATIONS.map((o) => option(ORGANISATION_LABELS[o], o));

function locationInput(locations: { id: number; name: string }[]): KnownBlock[] {
  if (locations.length === 0) return [];
  return [input('location', 'Locatie', staticSelect(locations.map((l) => option(l.name, String(l.id)))), { optional: true })];
}

export function shiftModal(locations: { id: number; name: string }[], day: string): ModalView {
  return modal(
    SHIFT_MODAL,
    'Dienst toevoegen',
    [
      input('date', 'Datum', datePicker(day)),
      input('start', 'Begin', timePicker('07:00')),
      input('end', 'Eind', timePicker('15:00')),
      input('next_day', 'Nachtdienst', checkboxes([option('Eindigt de volgende dag', 'yes')]), { optional: true }),
      input('organisation', 'Organisatie', staticSelect(organisationOptions())),
      input('role', 'Rol', textInput(undefined, { maxLength: 100, placeholder: 'bijv. begeleider, beveiliging, coördinator' })),
      {
        type: 'input',
        block_id: 'person',
        optional: true,
        label: { type: 'plain_text', text: 'Persoon (in Slack)' },
        element: { type: 'users_select', action_id: 'person', placeholder: { type: 'plain_text', text: 'Kies iemand' } },
      },
      input('person_name', 'Of naam (buiten Slack)', textInput(undefined, { maxLength: 100 }), { optional: true, hint: 'Leeg laten (beide) = open dienst.' }),
      ...locationInput(locations),
    ],
  );
}

export function patternModal(locations: { id: number; name: string }[], from: string, thru: string): ModalView {
  return modal(
    SHIFT_PATTERN_MODAL,
    'Dienstpatroon',
    [
      section('Maakt open diensten voor elke dag van de periode. Iedereen kan ze daarna nemen met *Ik neem deze dienst*.'),
      input('from', 'Van', datePicker(from)),
      input('through', 'Tot en met', datePicker(thru)),
      input('slots', 'Tijden per dag', textInput('07-15, 15-23, 23-07', { maxLength: 200 }), { hint: 'Een tijdvak dat eindigt vóór het begint, loopt door tot de volgende dag.' }),
      input('per_slot', 'Aantal mensen per tijdvak', numberField(1)),
      input('organisation', 'Organisatie', staticSelect(organisationOptions())),
      input('role', 'Rol', textInput(undefined, { maxLength: 100, placeholder: 'bijv. begeleider' })),
      ...locationInput(locations),
    ],
    { submit: 'Diensten maken' },
  );
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
  return button(`Ik neem deze dienst: ${when}${timeRange(s)} ${ORGANISATION_LABELS[s.organisation]}${count}`, uniqueActionId(SHIFT_CLAIM, s.id), value, 'primary');
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
        : `${formatNumber(data.shifts.length)} diensten, *${formatNumber(open.length)} open*${mine.length > 0 ? ` · jij hebt er ${formatNumber(mine.length)}` : ''}`,
    ),
  );
  for (const day of data.days) {
    const today = data.shifts.filter((s) => toLocalDay(new Date(s.startsAt)) === day || (day === data.days[0] && new Date(s.startsAt) < data.now));
    if (today.length === 0) continue;
    blocks.push(section(fitLines([`*${formatShortDate(day)}*`, ...shiftLines(today)], (n) => `…en ${n} regels meer`)));
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
      ? `begint om ${formatTime(start)} (over ${minutes} minuten)`
      : `begint ${day === toLocalDay(now) ? 'vandaag' : day === addDays(toLocalDay(now), 1) ? 'morgen' : formatShortDate(day)} om ${formatTime(start)}`;
  const text = `:alarm_clock: Herinnering: je dienst ${when}.\n${shiftLabel(shift)}\nKun je niet? Geef hem terug met \`/opvang rooster diensten\`.`;
  return { text: `Herinnering: je dienst ${when}`, blocks: [section(text)] };
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
  return `*${formatNumber(s.persons)} ${s.persons === 1 ? 'persoon' : 'personen'}* in ${escapeMrkdwn(s.location)} · aangekomen ${formatDate(s.arrivedOn)} · *${formatDays(days)}* in de CNO · uitstroom uiterlijk ${formatDate(addDays(s.arrivedOn, maxStayDays))}`;
}

/** Warns the team about groups that reached day 12 without an outflow destination. */
export function stayWarningMessage(stays: Stay[], today: string, maxStayDays: number): Message {
  const persons = stays.reduce((sum, s) => sum + s.persons, 0);
  const blocks: KnownBlock[] = [
    section(
      `:hourglass_flowing_sand: *${maxStayDays}-dagenregel CNO*: ${formatNumber(persons)} ${persons === 1 ? 'persoon is' : 'personen zijn'} 12 dagen of langer in de crisisnoodopvang zonder uitstroombestemming. Na ${maxStayDays} dagen moeten zij door naar een duurzame opvanglocatie.`,
    ),
  ];
  for (const s of stays.slice(0, MAX_WARNED_STAYS)) blocks.push(section(stayLine(s, today, maxStayDays), button('Uitstroom vastleggen', STAY_OUTFLOW_OPEN, String(s.id))));
  if (stays.length > MAX_WARNED_STAYS) blocks.push(context(`…en ${stays.length - MAX_WARNED_STAYS} groepen meer: \`/opvang rooster uitstroom\`.`));
  return { text: `14-dagenregel: ${persons} personen 12 dagen of langer in de CNO zonder uitstroombestemming`, blocks };
}

export function outflowModal(stays: Stay[], today: string, selected?: number): ModalView {
  const options = stays.slice(0, LIMITS.selectOptions).map((s) =>
    option(`${s.persons} p. · ${s.location} · sinds ${formatShortDate(s.arrivedOn)} (${daysStayed(s.arrivedOn, today)} d.)${s.outflowDestination ? ' ✓' : ''}`, String(s.id)),
  );
  const current = stays.find((s) => s.id === selected)?.outflowDestination;
  return modal(STAY_OUTFLOW_MODAL, 'Uitstroom vastleggen', [
    input('stay', 'Groep', staticSelect(options, selected === undefined ? undefined : String(selected))),
    input('destination', 'Uitstroombestemming', textInput(current, { maxLength: 200, placeholder: 'bijv. AZC Zwolle, per 14 juni' })),
  ]);
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
