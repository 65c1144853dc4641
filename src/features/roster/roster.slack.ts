import type { BlockAction, ButtonAction, StaticSelectAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { Deps } from '../../deps';
import { addDays, formatDate, toLocalDay } from '../../format/nl';
import { section } from '../../blockkit/blocks';
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
  actionIdPattern,
} from '../../blockkit/ids';
import { firstInputBlockId, modal, readFields } from '../../blockkit/modal';
import { fieldErrors, wholeNumberField, type FormValues } from '../../domain/forms';
import { ALREADY_STORED, storeOnce } from '../../store/store-once';
import { holdsRole, requireRole } from '../access/require-role';
import { type CommandReply, type Feature, type ScheduledJob, type Listeners } from '../feature';
import { referenceData } from '../../store/reference';
import type { Role } from '../../domain/vocabulary';
import { expandPattern, ORGANISATIONS, parseDutyCsv, parseSlots, shiftInstants, type Organisation, type ShiftRow, ourDuty } from './roster';
import type { Db } from '../../store/database';
import { claimShift, createShifts, deletePeriod, dutyReads, findPeriod, importPeriods, listPeriods, savePeriod, type ClaimResult, type NewShift } from './roster.store';
import { recordOutflow } from '../stays/stays.store';
import { handBackAndAnnounce } from './notices.write';
import { cnoLocations, findShift, listShifts, nameShift, nameStays, openStays } from './roster.query';
import { postStaffingGaps, sendShiftReminders, warnLongStays } from './roster.jobs';
import { importModal, outflowModal, patternModal, periodModal, rosterMessage, shiftLabel, shiftModal, shiftsMessage } from './roster.view';
import { textMessage, type Message } from '../../blockkit/message';

const reply = (text: string): CommandReply => ({ kind: 'message', message: textMessage(text) });

/** /opvang rooster: today's duty, the coming periods and our next duty with a countdown. */
function renderRoster(deps: Deps, userId: string): Message {
  const today = toLocalDay(deps.clock.now());
  const duty = dutyReads(deps.db);
  const region = deps.config.region;
  const isAdmin = holdsRole(deps.db, userId, 'admin');
  return rosterMessage({
    today,
    regionName: referenceData(deps.db).regionName(region) ?? region,
    dutyToday: duty.dutyOn(today),
    coming: listPeriods(deps.db, today),
    ourDuty: ourDuty(duty.nextDutyOf(region, today), today, duty.lastRosterDay()),
    isAdmin,
    editable: isAdmin ? listPeriods(deps.db) : [],
  });
}

/** /opvang rooster diensten: shifts of today and the six days after. */
function renderShifts(deps: Deps, userId: string, notice?: string): Message {
  const now = deps.clock.now();
  const today = toLocalDay(now);
  const days = Array.from({ length: 7 }, (_, i) => addDays(today, i));
  const end = localMidnight(addDays(today, 7));
  return shiftsMessage({ now, days, shifts: listShifts(deps.db, now, end), userId, isAdmin: holdsRole(deps.db, userId, 'admin'), notice });
}

function localMidnight(day: string): Date {
  // shiftInstants cannot fail at midnight: DST changes in Europe/Amsterdam happen at 02:00/03:00.
  const r = shiftInstants(day, '00:00', '00:01');
  return r.ok ? r.startsAt : new Date(`${day}T00:00:00Z`);
}

function patternDefaults(deps: Deps): { from: string; through: string } {
  const today = toLocalDay(deps.clock.now());
  const next = dutyReads(deps.db).nextDutyOf(deps.config.region, today);
  if (next) return { from: next.startsOn > today ? next.startsOn : today, through: addDays(next.endsOn, -1) };
  return { from: today, through: addDays(today, 13) };
}

const USAGE =
  '`/opvang rooster`: CNO-dienst van de regio’s · `/opvang rooster diensten`: bemensing komende 7 dagen · beheerders: `rooster periode`, `rooster import`, `rooster dienst`, `rooster patroon` · `/opvang rooster uitstroom`: uitstroombestemming vastleggen';

function modalReply(view: ModalView, fallback: string): CommandReply {
  return { kind: 'modal', view, fallback: textMessage(fallback) };
}

function guarded(deps: Deps, userId: string, role: Role, open: () => CommandReply): CommandReply {
  const refusal = requireRole(deps, userId, role);
  return refusal ? reply(refusal) : open();
}

function runRoster(args: string, userId: string, deps: Deps): CommandReply {
  const word = args.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  switch (word) {
    case '':
      return { kind: 'message', message: renderRoster(deps, userId) };
    case 'diensten':
      return { kind: 'message', message: renderShifts(deps, userId) };
    case 'periode':
      return guarded(deps, userId, 'admin', () => modalReply(periodModal(referenceData(deps.db).regions()), 'Een periode toevoegen kan alleen in Slack.'));
    case 'import':
      return guarded(deps, userId, 'admin', () => modalReply(importModal(), 'Importeren kan alleen in Slack.'));
    case 'dienst':
      return guarded(deps, userId, 'admin', () => modalReply(shiftModal(cnoLocations(deps.db, deps.config.region), toLocalDay(deps.clock.now())), 'Een dienst toevoegen kan alleen in Slack.'));
    case 'patroon': {
      const d = patternDefaults(deps);
      return guarded(deps, userId, 'admin', () => modalReply(patternModal(cnoLocations(deps.db, deps.config.region), d.from, d.through), 'Een dienstpatroon kan alleen in Slack.'));
    }
    case 'uitstroom':
      return guarded(deps, userId, 'editor', () => outflowReply(deps));
    default:
      return reply(`Onbekend: \`rooster ${escapeMrkdwn(word)}\`. ${USAGE}`);
  }
}

function outflowReply(deps: Deps, selected?: number): CommandReply {
  const stays = openStays(deps.db, deps.config.region);
  if (stays.length === 0) return reply('Er verblijven nu geen groepen in een CNO-locatie.');
  return modalReply(outflowModal(stays, toLocalDay(deps.clock.now()), selected), 'Uitstroom vastleggen kan alleen in Slack.');
}

// Validation of the forms ---------------------------------------------------------------------------

const day = (label: string) => z.string({ error: `Kies ${label}.` }).regex(/^\d{4}-\d{2}-\d{2}$/, `Kies ${label}.`);
const clock = (label: string) => z.string({ error: `Kies ${label}.` }).regex(/^\d{2}:\d{2}$/, `Kies ${label}.`);
const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : null));
const wholeNumber = (message: string) => wholeNumberField({ check: (value) => (value <= 0 ? message : undefined) });

const periodSchema = z
  .object({
    regions: z.array(z.string(), { error: 'Kies minstens één regio.' }).min(1, 'Kies minstens één regio.'),
    from: day('de begindatum'),
    through: day('de einddatum'),
    places: wholeNumber('Plekken moet een positief geheel getal zijn.'),
    note: optionalText,
    delete: z.array(z.string()).optional(),
  })
  .refine((v) => v.delete?.includes('yes') || v.through >= v.from, { path: ['through'], message: 'De einddatum ligt vóór de begindatum.' });

const organisation = z.enum(ORGANISATIONS, { error: 'Kies een organisatie.' });
const role = z.string({ error: 'Vul een rol in.' }).trim().min(1, 'Vul een rol in.').max(100);

const shiftSchema = z.object({
  date: day('een datum'),
  start: clock('een begintijd'),
  end: clock('een eindtijd'),
  next_day: z.array(z.string()).optional(),
  organisation,
  role,
  person: z.string().optional(),
  person_name: optionalText,
  location: z.string().optional(),
});

const patternSchema = z.object({
  from: day('de begindatum'),
  through: day('de einddatum'),
  slots: z.string({ error: 'Geef de tijden per dag.' }).trim().min(1, 'Geef de tijden per dag.'),
  per_slot: wholeNumberField({ required: 'Geef een aantal van 1 tot 10.', check: (n) => (n < 1 || n > 10 ? 'Geef een aantal van 1 tot 10.' : undefined) }),
  organisation,
  role,
  location: z.string().optional(),
});

type Submission = { ok: true; view?: ModalView } | { ok: false; errors: Record<string, string> };

/** The modal after a successful save: only a close button. */
function doneView(title: string, text: string): ModalView {
  const view = modal('roster_done', title, [section(text)], { close: 'Sluiten' });
  delete (view as { submit?: unknown }).submit;
  return view;
}

const viewKey = (view: { id: string; hash: string }) => `view:${view.id}:${view.hash}`;

function submitPeriod(deps: Deps, userId: string, fields: FormValues, metadata: string, key: string): Submission {
  const parsed = periodSchema.safeParse(fields);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const v = parsed.data;
  const id = (JSON.parse(metadata || '{}') as { id?: number | null }).id ?? undefined;
  const now = deps.clock.now();
  if (id !== undefined && v.delete?.includes('yes')) {
    const removed = storeOnce(deps.db, key, now, () => deletePeriod(deps.db, id, userId, now), { stored: (r) => r !== undefined });
    if (removed === ALREADY_STORED) return { ok: true };
    if (!removed) return { ok: false, errors: { regions: 'Deze periode bestaat niet meer.' } };
    return { ok: true, view: doneView('Periode verwijderd', `Verwijderd: ${formatDate(removed.startsOn)} t/m ${formatDate(addDays(removed.endsOn, -1))} (${removed.regions.map((r) => r.name).join(' + ')}).`) };
  }
  const input = { id, startsOn: v.from, endsOn: addDays(v.through, 1), places: v.places, regions: v.regions, note: v.note };
  const result = storeOnce(deps.db, key, now, () => savePeriod(deps.db, input, userId, now), { stored: (r) => r.status === 'saved' });
  if (result === ALREADY_STORED) return { ok: true };
  if (result.status === 'not_found') return { ok: false, errors: { regions: 'Deze periode bestaat niet meer.' } };
  if (result.status === 'conflict') {
    const names = new Map(referenceData(deps.db).regions().map((r) => [r.code, r.name]));
    const text = result.conflicts
      .map((c) => `${names.get(c.region) ?? c.region} heeft al dienst van ${formatDate(c.other.startsOn)} t/m ${formatDate(addDays(c.other.endsOn, -1))}`)
      .join('; ');
    return { ok: false, errors: { regions: `Overlapt: ${text}. Pas de data aan of wijzig die periode.` } };
  }
  const p = result.period;
  return {
    ok: true,
    view: doneView(id ? 'Periode gewijzigd' : 'Periode toegevoegd', `Opgeslagen: ${p.regions.map((r) => r.name).join(' + ')}, ${formatDate(p.startsOn)} t/m ${formatDate(addDays(p.endsOn, -1))}.`),
  };
}

function submitImport(deps: Deps, userId: string, fields: FormValues, key: string): Submission {
  const csv = typeof fields.csv === 'string' ? fields.csv : '';
  const parsed = parseDutyCsv(csv, referenceData(deps.db).regions());
  const summarise = (errors: string[]) => (errors.length > 6 ? [...errors.slice(0, 6), `…en ${errors.length - 6} fouten meer`] : errors).join('\n') + '\nEr is niets opgeslagen.';
  if (!parsed.ok) return { ok: false, errors: { csv: summarise(parsed.errors) } };
  const result = storeOnce(deps.db, key, deps.clock.now(), () => importPeriods(deps.db, parsed.periods, userId, deps.clock.now()), { stored: (r) => r.ok });
  if (result === ALREADY_STORED) return { ok: true };
  if (!result.ok) return { ok: false, errors: { csv: summarise(result.errors) } };
  return { ok: true, view: doneView('Rooster geïmporteerd', `${result.count} ${result.count === 1 ? 'periode' : 'perioden'} geïmporteerd.`) };
}

function busyText(db: Db, clash: ShiftRow | NewShift): string {
  const c = 'id' in clash ? clash : undefined;
  return c ? `heeft dan al een dienst: ${shiftLabel(nameShift(db, c))}` : 'staat in dit formulier al op een overlappende dienst';
}

function submitShift(deps: Deps, userId: string, fields: FormValues, key: string): Submission {
  const parsed = shiftSchema.safeParse(fields);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const v = parsed.data;
  if (v.person && v.person_name) return { ok: false, errors: { person_name: 'Kies een persoon in Slack óf typ een naam, niet allebei.' } };
  const instants = shiftInstants(v.date, v.start, v.end, v.next_day?.includes('yes') ?? false);
  if (!instants.ok) return { ok: false, errors: { [instants.field]: instants.message } };
  const shift: NewShift = {
    locationId: v.location ? Number(v.location) : null,
    startsAt: instants.startsAt,
    endsAt: instants.endsAt,
    organisation: v.organisation as Organisation,
    role: v.role,
    slackUserId: v.person ?? null,
    personName: v.person_name,
  };
  const result = storeOnce(deps.db, key, deps.clock.now(), () => createShifts(deps.db, [shift], userId, deps.clock.now()), { stored: (r) => r.status === 'created' });
  if (result === ALREADY_STORED) return { ok: true };
  if (result.status === 'person_busy') {
    const who = v.person ? 'Deze persoon' : v.person_name!;
    return { ok: false, errors: { [v.person ? 'person' : 'person_name']: `${who} ${busyText(deps.db, result.clash)}.`.replace(/\*/g, '') } };
  }
  const hours = Math.round((instants.minutes / 60) * 10) / 10;
  const created = findShift(deps.db, result.ids[0]!)!;
  return { ok: true, view: doneView('Dienst toegevoegd', `Opgeslagen: ${shiftLabel(created)} (${String(hours).replace('.', ',')} uur)${shift.slackUserId || shift.personName ? '' : ' · open dienst'}.`) };
}

function submitPattern(deps: Deps, userId: string, fields: FormValues, key: string): Submission {
  const parsed = patternSchema.safeParse(fields);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const v = parsed.data;
  const slots = parseSlots(v.slots);
  if (!slots.ok) return { ok: false, errors: { slots: slots.message } };
  const expanded = expandPattern(v.from, v.through, slots.slots, v.per_slot!);
  if (!expanded.ok) return { ok: false, errors: { through: expanded.message } };
  const shifts: NewShift[] = expanded.shifts.map((s) => ({
    ...s,
    locationId: v.location ? Number(v.location) : null,
    organisation: v.organisation as Organisation,
    role: v.role,
    slackUserId: null,
    personName: null,
  }));
  const result = storeOnce(deps.db, key, deps.clock.now(), () => createShifts(deps.db, shifts, userId, deps.clock.now(), 'shift.pattern'), { stored: (r) => r.status === 'created' });
  if (result === ALREADY_STORED) return { ok: true };
  return {
    ok: true,
    view: doneView('Diensten gemaakt', `${shifts.length} open diensten gemaakt, ${formatDate(v.from)} t/m ${formatDate(v.through)}. Ze staan in \`/opvang rooster diensten\`; wie het eerst klikt, heeft de dienst.`),
  };
}

function submitOutflow(deps: Deps, userId: string, fields: FormValues, key: string): Submission {
  const stayId = Number(fields.stay);
  const destination = typeof fields.destination === 'string' ? fields.destination.trim() : '';
  if (!Number.isInteger(stayId) || stayId <= 0) return { ok: false, errors: { stay: 'Kies een groep.' } };
  if (!destination) return { ok: false, errors: { destination: 'Vul de uitstroombestemming in.' } };
  const result = storeOnce(deps.db, key, deps.clock.now(), () => recordOutflow(deps.db, stayId, destination, userId, deps.clock.now()), { stored: (r) => r !== undefined });
  if (result === ALREADY_STORED) return { ok: true };
  if (!result) return { ok: false, errors: { stay: 'Deze groep bestaat niet meer.' } };
  return {
    ok: true,
    view: doneView('Uitstroom vastgelegd', `${result.after.persons} personen uit ${escapeMrkdwn(nameStays(deps.db, [result.after])[0]!.location)}: uitstroom naar ${escapeMrkdwn(destination)}.`),
  };
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

// The feature ----------------------------------------------------------------------------------------

async function openModal(client: WebClient, triggerId: string, view: ModalView): Promise<void> {
  await client.views.open({ trigger_id: triggerId, view });
}

const rosterJobs: ScheduledJob[] = [
  { name: 'roster.reminders', cron: () => '*/5 * * * *', run: sendShiftReminders, runAtStart: true },
  { name: 'roster.gaps', cron: () => '0 7 * * *', run: postStaffingGaps, runAtStart: true },
  { name: 'roster.stays', cron: () => '0 8-20 * * *', run: warnLongStays, runAtStart: true },
];

export const rosterFeature: Feature = {
  name: 'roster',
  subcommands: [
    {
      name: 'rooster',
      usage: 'rooster [diensten|uitstroom]',
      summary: 'CNO-dienst van de regio’s en onze volgende dienst; met `diensten` de bemensing van de komende 7 dagen en open diensten.',
      run: (input, deps) => runRoster(input.args, input.userId, deps),
    },
  ],
  jobs: rosterJobs,
  register(app: Listeners, deps: Deps) {
    const respondRefusal = async (respond: (m: { response_type: 'ephemeral'; replace_original: false; text: string }) => Promise<unknown>, refusal: string) => {
      await respond({ response_type: 'ephemeral', replace_original: false, text: refusal });
    };

    const openButton = (actionId: string, role: Role, view: (deps: Deps, value?: string) => ModalView | CommandReply) => {
      app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, client, respond, action }) => {
        await ack();
        const refusal = requireRole(deps, body.user.id, role, actionId);
        if (refusal) return respondRefusal(respond, refusal);
        const result = view(deps, action.value);
        if ('type' in result) return openModal(client, body.trigger_id, result);
        if (result.kind === 'modal') return openModal(client, body.trigger_id, result.view);
        await respond({ response_type: 'ephemeral', replace_original: false, text: result.message.text });
      });
    };
    openButton(ROSTER_PERIOD_ADD, 'admin', (d) => periodModal(referenceData(d.db).regions()));
    openButton(ROSTER_IMPORT_OPEN, 'admin', () => importModal());
    openButton(SHIFT_ADD_OPEN, 'admin', (d) => shiftModal(cnoLocations(d.db, d.config.region), toLocalDay(d.clock.now())));
    openButton(SHIFT_PATTERN_OPEN, 'admin', (d) => {
      const p = patternDefaults(d);
      return patternModal(cnoLocations(d.db, d.config.region), p.from, p.through);
    });
    openButton(STAY_OUTFLOW_OPEN, 'editor', (d, value) => outflowReply(d, Number(value)));

    app.action<BlockAction<StaticSelectAction>>(ROSTER_PERIOD_EDIT, async ({ ack, body, client, respond, action }) => {
      await ack();
      const refusal = requireRole(deps, body.user.id, 'admin', ROSTER_PERIOD_EDIT);
      if (refusal) return respondRefusal(respond, refusal);
      const period = findPeriod(deps.db, Number(action.selected_option.value));
      if (!period) return void (await respond({ response_type: 'ephemeral', replace_original: false, text: 'Deze periode bestaat niet meer.' }));
      await openModal(client, body.trigger_id, periodModal(referenceData(deps.db).regions(), period));
    });

    const viewHandler = (callbackId: string, role: Role, submit: (userId: string, fields: FormValues, metadata: string, key: string) => Submission) => {
      app.view(callbackId, async ({ ack, body, view }) => {
        const userId = body.user.id;
        if (requireRole(deps, userId, role, callbackId)) {
          await ack({ response_action: 'errors', errors: { [firstInputBlockId(view) ?? 'regions']: 'Hiervoor heb je niet de juiste rechten; er is niets opgeslagen.' } });
          return;
        }
        const result = submit(userId, readFields(view), view.private_metadata, viewKey(view));
        if (!result.ok) await ack({ response_action: 'errors', errors: result.errors });
        else if (result.view) await ack({ response_action: 'update', view: result.view });
        else await ack();
        deps.logger.event('info', 'roster.submitted', { user: userId, callbackId, ok: result.ok });
      });
    };
    viewHandler(ROSTER_PERIOD_MODAL, 'admin', (u, f, m, k) => submitPeriod(deps, u, f, m, k));
    viewHandler(ROSTER_IMPORT_MODAL, 'admin', (u, f, _m, k) => submitImport(deps, u, f, k));
    viewHandler(SHIFT_MODAL, 'admin', (u, f, _m, k) => submitShift(deps, u, f, k));
    viewHandler(SHIFT_PATTERN_MODAL, 'admin', (u, f, _m, k) => submitPattern(deps, u, f, k));
    viewHandler(STAY_OUTFLOW_MODAL, 'editor', (u, f, _m, k) => submitOutflow(deps, u, f, k));

    // Taking or handing back a shift is a write like any other: it needs the editor role now, at
    // the click, not when the list with the button was shown (issue 10 §3).
    app.action<BlockAction<ButtonAction>>(actionIdPattern(SHIFT_CLAIM), async ({ ack, body, action, respond }) => {
      await ack();
      const refusal = requireRole(deps, body.user.id, 'editor', SHIFT_CLAIM);
      if (refusal) return respondRefusal(respond, refusal);
      const [source, list = ''] = (action.value ?? '').split(':');
      const ids = list.split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
      const userId = body.user.id;
      const outcome = claimOutcome(deps.db, claimAny(deps, ids, userId), userId);
      deps.logger.event('info', 'roster.claim', { user: userId, ids, outcome: outcome.slice(0, 40) });
      if (source === 'list') await respond({ replace_original: true, ...renderShifts(deps, userId, outcome) });
      else await respond({ response_type: 'ephemeral', replace_original: false, text: outcome });
    });

    app.action<BlockAction<ButtonAction>>(actionIdPattern(SHIFT_HAND_BACK), async ({ ack, body, action, respond }) => {
      await ack();
      const refusal = requireRole(deps, body.user.id, 'editor', SHIFT_HAND_BACK);
      if (refusal) return respondRefusal(respond, refusal);
      const userId = body.user.id;
      // The team channel hears it through the outbox, in the same transaction as the hand-back.
      const result = handBackAndAnnounce(deps.db, Number(action.value), userId, deps.clock.now(), deps.config.digest.channel ?? body.channel?.id);
      const released = result.status === 'released' ? nameShift(deps.db, result.shift) : undefined;
      const notice = released
          ? `Je hebt de dienst teruggegeven (${shiftLabel(released)}); hij staat weer open en het team is ingelicht.`
          : result.status === 'not_yours'
            ? 'Dit is niet (meer) jouw dienst.'
            : result.status === 'started'
              ? 'Deze dienst is al begonnen; teruggeven kan niet meer. Overleg met de coördinator.'
              : 'Deze dienst bestaat niet meer.';
      await respond({ replace_original: true, ...renderShifts(deps, userId, notice) });
    });
  },
};
