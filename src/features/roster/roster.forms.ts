import { personRef, escapeMrkdwn } from '../../blockkit/escape';
import {
  ROSTER_IMPORT_MODAL,
  ROSTER_IMPORT_OPEN,
  ROSTER_PERIOD_ADD,
  ROSTER_PERIOD_EDIT,
  ROSTER_PERIOD_MODAL,
  SHIFT_ADD_OPEN,
  SHIFT_CLAIM,
  SHIFT_HAND_BACK,
  SHIFT_LIST_OPEN,
  SHIFT_MODAL,
  SHIFT_PATTERN_MODAL,
  SHIFT_PATTERN_OPEN,
  STAY_OUTFLOW_MODAL,
  STAY_OUTFLOW_OPEN,
} from '../../blockkit/ids';
import { textMessage, type Message } from '../../blockkit/message';
import { andMore } from '../../blockkit/blocks';
import type { Deps } from '../../deps';
import { addDays, formatCount, formatDate, toLocalDay } from '../../format/nl';
import { referenceData } from '../../store/reference';
import { ALREADY_STORED, storeOnce } from '../../store/store-once';
import type { Db } from '../../store/database';
import type { ActionResult, FeatureAction, FeatureForm, FormContext, FormOutcome } from '../feature';
import { openFormFromAction } from '../form-runner';
import { expandPattern, parseDutyCsv, parseSlots, shiftInstants, type Organisation, type ShiftRow } from './roster';
import { cnoLocations, findShift, listShifts, nameShift, nameStays, openStays } from './roster.query';
import { holdsRole, requireRole } from '../access/require-role';
import { claimShift, createShifts, deletePeriod, dutyReads, findPeriod, importPeriods, savePeriod, type ClaimResult, type NewShift } from './roster.store';
import { handBackAndAnnounce } from './notices.write';
import { recordOutflow } from '../stays/stays.store';
import { importForm, outflowForm, patternForm, periodForm, rosterLatest, shiftForm, shiftLabel, shiftsMessage } from './roster.view';

/**
 * The roster's forms and buttons, surface-neutral: duty periods, the CSV import, shifts, shift
 * patterns and outflow. A saved form shows what was stored in the form itself (Slack: the modal
 * turns into a notice).
 */

const today = (ctx: FormContext) => toLocalDay(ctx.deps.clock.now());

const done = (title: string, text: string): FormOutcome => ({ kind: 'done', title, confirmation: textMessage(text) });

export const period: FeatureForm<{ id: number | null }> = {
  id: ROSTER_PERIOD_MODAL,
  role: 'admin',
  build: (ctx, meta) => periodForm(referenceData(ctx.deps.db).regions(), today(ctx), typeof meta.id === 'number' ? findPeriod(ctx.deps.db, meta.id) : undefined),
  submit(values, ctx) {
    const { db } = ctx.deps;
    const id = typeof ctx.meta.id === 'number' ? ctx.meta.id : undefined;
    const now = ctx.deps.clock.now();
    if (id !== undefined && values.ticked('delete', 'yes')) {
      const removed = storeOnce(db, ctx.submissionKey, now, () => deletePeriod(db, id, ctx.userId, now), { stored: (r) => r !== undefined });
      if (removed === ALREADY_STORED) return { kind: 'done' };
      if (!removed) return { kind: 'errors', errors: { regions: 'Deze periode bestaat niet meer.' } };
      return done('Periode verwijderd', `Verwijderd: ${formatDate(removed.startsOn)} t/m ${formatDate(addDays(removed.endsOn, -1))} (${removed.regions.map((r) => r.name).join(' + ')}).`);
    }
    const input = { id, startsOn: values.text('from')!, endsOn: addDays(values.text('through')!, 1), places: values.number('places'), regions: values.list('regions'), note: values.text('note') };
    const result = storeOnce(db, ctx.submissionKey, now, () => savePeriod(db, input, ctx.userId, now), { stored: (r) => r.status === 'saved' });
    if (result === ALREADY_STORED) return { kind: 'done' };
    if (result.status === 'not_found') return { kind: 'errors', errors: { regions: 'Deze periode bestaat niet meer.' } };
    if (result.status === 'conflict') {
      const names = new Map(referenceData(db).regions().map((r) => [r.code, r.name]));
      const text = result.conflicts.map((c) => `${names.get(c.region) ?? c.region} heeft al dienst van ${formatDate(c.other.startsOn)} t/m ${formatDate(addDays(c.other.endsOn, -1))}`).join('; ');
      return { kind: 'errors', errors: { regions: `Overlapt: ${text}. Pas de data aan of wijzig die periode.` } };
    }
    const p = result.period;
    return done(id ? 'Periode gewijzigd' : 'Periode toegevoegd', `Opgeslagen: ${p.regions.map((r) => r.name).join(' + ')}, ${formatDate(p.startsOn)} t/m ${formatDate(addDays(p.endsOn, -1))}.`);
  },
};

export const dutyImport: FeatureForm = {
  id: ROSTER_IMPORT_MODAL,
  role: 'admin',
  build: () => importForm(),
  submit(values, ctx) {
    const { db } = ctx.deps;
    const parsed = parseDutyCsv(values.text('csv')!, referenceData(db).regions(), { earliest: '2000-01-01', latest: rosterLatest(today(ctx)).day });
    const summarise = (errors: string[]) => (errors.length > 6 ? [...errors.slice(0, 6), andMore('fout', 'fouten')(errors.length - 6)] : errors).join('\n') + '\nEr is niets opgeslagen.';
    if (!parsed.ok) return { kind: 'errors', errors: { csv: summarise(parsed.errors) } };
    const now = ctx.deps.clock.now();
    const result = storeOnce(db, ctx.submissionKey, now, () => importPeriods(db, parsed.periods, ctx.userId, now), { stored: (r) => r.ok });
    if (result === ALREADY_STORED) return { kind: 'done' };
    if (!result.ok) return { kind: 'errors', errors: { csv: summarise(result.errors) } };
    return done('Rooster geïmporteerd', `${result.count} ${result.count === 1 ? 'periode' : 'perioden'} geïmporteerd.`);
  },
};

function busyText(db: Db, clash: ShiftRow | NewShift): string {
  const c = 'id' in clash ? clash : undefined;
  return c ? `heeft dan al een dienst: ${shiftLabel(nameShift(db, c))}` : 'staat in dit formulier al op een overlappende dienst';
}

export const shift: FeatureForm = {
  id: SHIFT_MODAL,
  role: 'admin',
  build: (ctx) => shiftForm(cnoLocations(ctx.deps.db, ctx.deps.config.region), today(ctx)),
  submit(values, ctx) {
    const { db } = ctx.deps;
    // The form's rule refused a time that does not exist or a shift that ends before it starts.
    const instants = shiftInstants(values.text('date')!, values.text('start')!, values.text('end')!, values.ticked('next_day', 'yes'));
    if (!instants.ok) return { kind: 'errors', errors: { [instants.field]: instants.message } };
    const person = values.text('person');
    const personName = values.text('person_name');
    const location = values.text('location');
    const draft: NewShift = {
      locationId: location ? Number(location) : null,
      startsAt: instants.startsAt,
      endsAt: instants.endsAt,
      organisation: values.text('organisation') as Organisation,
      role: values.text('role')!,
      slackUserId: person,
      personName,
    };
    const now = ctx.deps.clock.now();
    const result = storeOnce(db, ctx.submissionKey, now, () => createShifts(db, [draft], ctx.userId, now), { stored: (r) => r.status === 'created' });
    if (result === ALREADY_STORED) return { kind: 'done' };
    if (result.status === 'person_busy') {
      const who = person ? 'Deze persoon' : personName!;
      return { kind: 'errors', errors: { [person ? 'person' : 'person_name']: `${who} ${busyText(db, result.clash)}.`.replace(/\*/g, '') } };
    }
    const hours = Math.round((instants.minutes / 60) * 10) / 10;
    const created = findShift(db, result.ids[0]!)!;
    return done('Dienst toegevoegd', `Opgeslagen: ${shiftLabel(created)} (${String(hours).replace('.', ',')} uur)${draft.slackUserId || draft.personName ? '' : ' · open dienst'}.`);
  },
};

/** The pattern form opens on our next duty period (or the coming two weeks). */
function patternDefaults(deps: Deps): { from: string; through: string } {
  const day = toLocalDay(deps.clock.now());
  const next = dutyReads(deps.db).nextDutyOf(deps.config.region, day);
  if (next) return { from: next.startsOn > day ? next.startsOn : day, through: addDays(next.endsOn, -1) };
  return { from: day, through: addDays(day, 13) };
}

export const shiftPattern: FeatureForm = {
  id: SHIFT_PATTERN_MODAL,
  role: 'admin',
  build: (ctx) => {
    const d = patternDefaults(ctx.deps);
    return patternForm(cnoLocations(ctx.deps.db, ctx.deps.config.region), d.from, d.through, today(ctx));
  },
  submit(values, ctx) {
    const { db } = ctx.deps;
    const slots = parseSlots(values.text('slots')!);
    if (!slots.ok) return { kind: 'errors', errors: { slots: slots.message } };
    const from = values.text('from')!;
    const thru = values.text('through')!;
    const expanded = expandPattern(from, thru, slots.slots, values.number('per_slot')!);
    if (!expanded.ok) return { kind: 'errors', errors: { through: expanded.message } };
    const location = values.text('location');
    const shifts: NewShift[] = expanded.shifts.map((s) => ({
      ...s,
      locationId: location ? Number(location) : null,
      organisation: values.text('organisation') as Organisation,
      role: values.text('role')!,
      slackUserId: null,
      personName: null,
    }));
    const now = ctx.deps.clock.now();
    const result = storeOnce(db, ctx.submissionKey, now, () => createShifts(db, shifts, ctx.userId, now, 'shift.pattern'), { stored: (r) => r.status === 'created' });
    if (result === ALREADY_STORED) return { kind: 'done' };
    return done(
      'Diensten gemaakt',
      `${shifts.length} open diensten gemaakt, ${formatDate(from)} t/m ${formatDate(thru)}. Ze staan in \`/opvang rooster diensten\`; wie het eerst klikt, heeft de dienst.`,
    );
  },
};

const outflow: FeatureForm<{ stay: number }> = {
  id: STAY_OUTFLOW_MODAL,
  role: 'editor',
  build: (ctx, meta) => outflowForm(openStays(ctx.deps.db, ctx.deps.config.region), today(ctx), typeof meta.stay === 'number' ? meta.stay : undefined),
  submit(values, ctx) {
    const { db } = ctx.deps;
    const destination = values.text('destination')!;
    const now = ctx.deps.clock.now();
    const result = storeOnce(db, ctx.submissionKey, now, () => recordOutflow(db, Number(values.text('stay')), destination, ctx.userId, now), { stored: (r) => r !== undefined });
    if (result === ALREADY_STORED) return { kind: 'done' };
    if (!result) return { kind: 'errors', errors: { stay: 'Deze groep bestaat niet meer.' } };
    return done('Uitstroom vastgelegd', `${formatCount(result.after.persons, 'persoon', 'personen')} uit ${escapeMrkdwn(nameStays(db, [result.after])[0]!.location)}: uitstroom naar ${escapeMrkdwn(destination)}.`);
  },
};

export const rosterForms = [period, dutyImport, shift, shiftPattern, outflow];

/** The outflow form, or why there is nothing to record. */
export function openOutflow(ctx: FormContext, stay?: number): ActionResult {
  if (openStays(ctx.deps.db, ctx.deps.config.region).length === 0) return { kind: 'tell', message: textMessage('Er verblijven nu geen groepen in een CNO-locatie.') };
  return openFormFromAction(outflow, ctx, stay === undefined ? {} : { stay });
}

// Claiming and handing back --------------------------------------------------------------------

function claimOutcome(db: Db, results: ClaimResult[], userId: string): string {
  const claimed = results.find((r) => r.status === 'claimed');
  if (claimed && claimed.status === 'claimed') return `:white_check_mark: De dienst is van jou: ${shiftLabel(nameShift(db, claimed.shift))}. Je krijgt een dag en een uur van tevoren een herinnering.`;
  const busy = results.find((r) => r.status === 'busy');
  if (busy && busy.status === 'busy') return `Je hebt dan al een dienst (${shiftLabel(nameShift(db, busy.clash))}); deze heb ik niet aan je gegeven.`;
  const mine = results.find((r) => r.status === 'taken' && r.shift.slackUserId === userId);
  if (mine) return 'Deze dienst heb je al.';
  const taken = results.find((r) => r.status === 'taken');
  if (taken && taken.status === 'taken') {
    const by = taken.shift.slackUserId ? ` door ${personRef(taken.shift.slackUserId)}` : '';
    return `Helaas, deze dienst is al genomen${by}. Dank je wel voor het aanbieden! Kijk in \`/opvang rooster diensten\` of er nog een andere open is.`;
  }
  if (results.some((r) => r.status === 'started')) return 'Deze dienst is al voorbij.';
  return 'Deze dienst bestaat niet meer.';
}

function claimAny(deps: Deps, ids: number[], userId: string): ClaimResult[] {
  const results: ClaimResult[] = [];
  for (const id of ids) {
    const result = claimShift(deps.db, id, userId, deps.clock.now());
    results.push(result);
    if (result.status === 'claimed' || result.status === 'busy') break;
  }
  return results;
}

function localMidnight(day: string): Date {
  // shiftInstants cannot fail at midnight: DST changes in Europe/Amsterdam happen at 02:00/03:00.
  const r = shiftInstants(day, '00:00', '00:01');
  return r.ok ? r.startsAt : new Date(`${day}T00:00:00Z`);
}

/** /opvang rooster diensten: shifts of today and the six days after. */
export function renderShifts(deps: Deps, userId: string, notice?: string): Message {
  const now = deps.clock.now();
  const day = toLocalDay(now);
  const days = Array.from({ length: 7 }, (_, i) => addDays(day, i));
  const end = localMidnight(addDays(day, 7));
  return shiftsMessage({ now, days, shifts: listShifts(deps.db, now, end), userId, isAdmin: holdsRole(deps.db, userId, 'admin'), notice });
}

export const rosterActions: FeatureAction[] = [
    { id: ROSTER_PERIOD_ADD, run: (ctx) => openFormFromAction(period, ctx) },
    {
      id: ROSTER_PERIOD_EDIT,
      run: (ctx) => {
        const id = /^\d+$/.test(ctx.value ?? '') ? Number(ctx.value) : undefined;
        const found = id === undefined ? undefined : findPeriod(ctx.deps.db, id);
        const opened = openFormFromAction(period, ctx, { id: found?.id ?? null });
        if (opened.kind === 'form' && !found) return { kind: 'tell', message: textMessage('Deze periode bestaat niet meer.') };
        return opened;
      },
    },
    { id: ROSTER_IMPORT_OPEN, run: (ctx) => openFormFromAction(dutyImport, ctx) },
    { id: SHIFT_ADD_OPEN, run: (ctx) => openFormFromAction(shift, ctx) },
    { id: SHIFT_PATTERN_OPEN, run: (ctx) => openFormFromAction(shiftPattern, ctx) },
    { id: STAY_OUTFLOW_OPEN, run: (ctx) => openOutflow(ctx, /^\d+$/.test(ctx.value ?? '') ? Number(ctx.value) : undefined) },
    // "Dienst nemen" under "Nu actie nodig": the coming days' shifts, privately, with a button per open one.
    { id: SHIFT_LIST_OPEN, run: ({ deps, userId }) => ({ kind: 'tell', message: renderShifts(deps, userId) }) },
    {
      // First come, first served: the conditional UPDATE in claimShift decides.
      id: SHIFT_CLAIM,
      run: ({ deps, userId, value }) => {
        // Taking or handing back a shift is a write like any other: it needs the editor role now,
        // at the click, not when the list with the button was shown (issue 10 §3).
        const refusal = requireRole(deps, userId, 'editor', SHIFT_CLAIM);
        if (refusal) return { kind: 'tell', message: textMessage(refusal) };
        const [source, list = ''] = (value ?? '').split(':');
        const ids = list.split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
        const outcome = claimOutcome(deps.db, claimAny(deps, ids, userId), userId);
        deps.logger.event('info', 'roster.claim', { user: userId, ids, outcome: outcome.slice(0, 40) });
        return source === 'list' ? { kind: 'replace', message: renderShifts(deps, userId, outcome) } : { kind: 'tell', message: textMessage(outcome) };
      },
    },
    {
      id: SHIFT_HAND_BACK,
      run: ({ deps, userId, value, source }) => {
        const refusal = requireRole(deps, userId, 'editor', SHIFT_HAND_BACK);
        if (refusal) return { kind: 'tell', message: textMessage(refusal) };
        // "reminder:<id>" from the reminder's own button, "<id>" from the list.
        const [, from, id] = /^(?:(\w+):)?(\d+)$/.exec(value ?? '') ?? [];
        // The team channel hears it through the outbox, in the same transaction as the hand-back.
        const result = handBackAndAnnounce(deps.db, Number(id ?? -1), userId, deps.clock.now(), deps.config.digest.channel ?? source.channelId);
        const released = result.status === 'released' ? nameShift(deps.db, result.shift) : undefined;
        const notice = released
          ? `Je hebt de dienst teruggegeven (${shiftLabel(released)}); hij staat weer open en het team is ingelicht.`
          : result.status === 'not_yours'
            ? 'Dit is niet (meer) jouw dienst.'
            : result.status === 'started'
              ? 'Deze dienst is al begonnen; teruggeven kan niet meer. Overleg met de coördinator.'
              : 'Deze dienst bestaat niet meer.';
        // The reminder becomes the outcome (its button is gone); the list is drawn again with it on top.
        return { kind: 'replace', message: from === 'reminder' ? textMessage(notice) : renderShifts(deps, userId, notice) };
      },
    },
];
