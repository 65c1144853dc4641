import { TZDate } from '@date-fns/tz';
import { z } from 'zod';
import { formatNumber, formatTime, TIME_ZONE, toLocalDay } from '../../format/nl';
import { wholeNumberField, type FormValues } from '../../domain/forms';
import { parseWholeNumber } from '../../domain/numbers';

/**
 * The noodknop's pure logic: validation of the three forms (request, offer, placement/cancel),
 * the request's state machine and the escalation schedule. No Slack, no SQL.
 */

export type RequestState = 'open' | 'gedekt' | 'geplaatst' | 'geannuleerd' | 'verlopen';

export const SPECIAL_NEEDS = ['medisch', 'rolstoel', 'huisdieren', 'zwangerschap', 'baby', 'tolk', 'dieet'] as const;
export type SpecialNeed = (typeof SPECIAL_NEEDS)[number];

export const SPECIAL_NEED_LABELS: Record<SpecialNeed, string> = {
  medisch: 'Medische zorg',
  rolstoel: 'Rolstoeltoegankelijk',
  huisdieren: 'Huisdieren',
  zwangerschap: 'Zwangerschap',
  baby: "Baby's (onder 2 jaar)",
  tolk: 'Tolk nodig',
  dieet: 'Dieetwensen',
};

/** The most a request may ask for ahead: the noodknop is for "within 24 hours". */
const MAX_LEAD_HOURS = 24;
const MAX_PERSONS = 10_000;

export interface RequestInput {
  persons: number;
  families: number | null;
  singleAdults: number | null;
  unaccompaniedMinors: number | null;
  specialNeeds: SpecialNeed[];
  origin: string | null;
  neededBy: Date;
  contact: string | null;
  note: string | null;
}

export interface OfferInput {
  /** A location id, or null for "andere locatie". */
  locationId: number | null;
  otherLocation: string | null;
  places: number;
  note: string | null;
  overCapacityConfirmed: boolean;
}

// ---- field parsing --------------------------------------------------------------------------------

const str = (value: string | string[] | undefined): string => (typeof value === 'string' ? value.trim() : '');

function wholeField(opts: { required: boolean; min: number; max: number; name: string }) {
  return wholeNumberField({
    required: opts.required ? `Vul ${opts.name} in.` : undefined,
    check: (value) => (value < opts.min ? `Minimaal ${opts.min}.` : value > opts.max ? `Maximaal ${opts.max.toLocaleString('nl-NL')}.` : undefined),
  });
}

const optionalText = (max: number) =>
  z
    .string()
    .transform((v) => v.trim())
    .pipe(z.string().max(max, `Maximaal ${max} tekens.`))
    .transform((v) => (v === '' ? null : v));

/** "2022-05-26" + "09:30" in Amsterdam → the moment. */
function localDateTime(day: string, time: string): Date | undefined {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return undefined;
  return new Date(new TZDate(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]), TIME_ZONE).getTime());
}

/** The form's default deadline: 24 hours from now, to the minute (never past the 24 hours). */
export function defaultNeededBy(now: Date): { date: string; time: string } {
  const at = new Date(Math.floor((now.getTime() + MAX_LEAD_HOURS * 3_600_000) / 60_000) * 60_000);
  return { date: toLocalDay(at), time: formatTime(at) };
}

/** Latest deadline accepted at `now`: 24 hours ahead, rounded up to the minute the time picker shows. */
function latestNeededBy(now: Date): Date {
  return new Date(Math.ceil((now.getTime() + MAX_LEAD_HOURS * 3_600_000) / 60_000) * 60_000);
}

/** The request form's schema at `now`; errors are keyed by field (block_id). */
export function requestSchema(now: Date) {
  return z
    .object({
      persons: wholeField({ required: true, min: 1, max: MAX_PERSONS, name: 'het aantal personen' }),
      families: wholeField({ required: false, min: 0, max: MAX_PERSONS, name: 'het aantal gezinnen' }),
      singleAdults: wholeField({ required: false, min: 0, max: MAX_PERSONS, name: 'het aantal alleenstaanden' }),
      unaccompaniedMinors: wholeField({ required: false, min: 0, max: MAX_PERSONS, name: 'het aantal minderjarigen' }),
      specialNeeds: z.array(z.enum(SPECIAL_NEEDS, 'Onbekende bijzonderheid.')).default([]),
      origin: optionalText(200),
      neededDate: z.string({ error: 'Kies een datum.' }).min(1, 'Kies een datum.'),
      neededTime: z.string({ error: 'Kies een tijd.' }).min(1, 'Kies een tijd.'),
      contact: optionalText(200),
      note: optionalText(1000),
    })
    .transform((v, ctx): RequestInput => {
      const persons = v.persons ?? 0;
      const counted = (v.singleAdults ?? 0) + (v.unaccompaniedMinors ?? 0);
      if (v.persons !== null && counted > persons) {
        ctx.addIssue({ code: 'custom', path: ['singleAdults'], message: `Alleenstaanden en minderjarigen samen (${counted}) zijn meer dan het aantal personen (${persons}).` });
      }
      if (v.families !== null && v.persons !== null && v.families > persons) {
        ctx.addIssue({ code: 'custom', path: ['families'], message: `Meer gezinnen dan personen (${persons}).` });
      }
      const neededBy = localDateTime(v.neededDate, v.neededTime);
      if (!neededBy) {
        ctx.addIssue({ code: 'custom', path: ['neededDate'], message: 'Kies een geldige datum en tijd.' });
      } else if (neededBy.getTime() <= now.getTime()) {
        ctx.addIssue({ code: 'custom', path: ['neededTime'], message: 'Dit moment is al voorbij. Kies een moment in de komende 24 uur.' });
      } else if (neededBy.getTime() > latestNeededBy(now).getTime()) {
        ctx.addIssue({ code: 'custom', path: ['neededDate'], message: 'De noodknop is voor opvang binnen 24 uur. Kies een moment uiterlijk 24 uur vanaf nu.' });
      }
      return {
        persons,
        families: v.families,
        singleAdults: v.singleAdults,
        unaccompaniedMinors: v.unaccompaniedMinors,
        specialNeeds: v.specialNeeds,
        origin: v.origin,
        neededBy: neededBy ?? now,
        contact: v.contact,
        note: v.note,
      };
    });
}

/** The request modal's fields → the schema's input. */
export function requestFields(fields: FormValues) {
  return {
    persons: str(fields.persons),
    families: str(fields.families),
    singleAdults: str(fields.singleAdults),
    unaccompaniedMinors: str(fields.unaccompaniedMinors),
    specialNeeds: Array.isArray(fields.specialNeeds) ? fields.specialNeeds : [],
    origin: str(fields.origin),
    neededDate: str(fields.neededDate),
    neededTime: str(fields.neededTime),
    contact: str(fields.contact),
    note: str(fields.note),
  };
}

export const OTHER_LOCATION = 'other';

export const offerSchema = z
  .object({
    location: z.string().min(1, 'Kies een locatie.'),
    otherLocation: optionalText(150),
    places: wholeField({ required: true, min: 1, max: MAX_PERSONS, name: 'het aantal plekken' }),
    note: optionalText(500),
    overCapacity: z.array(z.string()).default([]),
  })
  .transform((v, ctx): OfferInput => {
    let locationId: number | null = null;
    if (v.location === OTHER_LOCATION) {
      if (!v.otherLocation) ctx.addIssue({ code: 'custom', path: ['otherLocation'], message: 'Schrijf welke locatie je aanbiedt.' });
    } else if (/^\d+$/.test(v.location)) {
      locationId = Number(v.location);
    } else {
      ctx.addIssue({ code: 'custom', path: ['location'], message: 'Kies een locatie uit de lijst.' });
    }
    return {
      locationId,
      otherLocation: locationId === null ? v.otherLocation : null,
      places: v.places ?? 0,
      note: v.note,
      overCapacityConfirmed: v.overCapacity.includes('yes'),
    };
  });

export function offerFields(fields: FormValues) {
  return {
    location: str(fields.location),
    otherLocation: str(fields.otherLocation),
    places: str(fields.places),
    note: str(fields.note),
    overCapacity: Array.isArray(fields.overCapacity) ? fields.overCapacity : [],
  };
}

/**
 * Places a location can still offer: its free places less what active offers on open or covered
 * requests already hold there. Offers are promises of those places, so two requests cannot both
 * be promised the same ones (issue 10 §3).
 */
export function availableForOffer(location: { places: number; occupied: number }, offered: number): number {
  return Math.max(0, Math.max(0, location.places - location.occupied) - offered);
}

/**
 * An offer above a location's available places needs the box ticked; the error names what is
 * left and, when other offers hold some of the free places, how many.
 */
export function overCapacityError(places: number, available: number, confirmed: boolean, locationName: string, offered = 0): string | undefined {
  if (confirmed || places <= available) return undefined;
  const held = offered > 0 ? ` (${formatNumber(offered)} ${offered === 1 ? 'is' : 'zijn'} al aangeboden bij open noodknop-oproepen)` : '';
  return `${locationName} heeft nog ${formatNumber(available)} vrije ${available === 1 ? 'plek' : 'plekken'}${held}. Vink hieronder "Meer dan vrij" aan om toch ${formatNumber(places)} aan te bieden.`;
}

/** Why an offer cannot name a location at all (the over-capacity box does not change this). */
export function unavailableLocationError(reason: 'gone' | 'not_operational', locationName?: string): string {
  return reason === 'gone'
    ? 'Deze locatie bestaat niet (meer) of hoort niet bij de regio. Kies een andere.'
    : `${locationName ?? 'Deze locatie'} is niet operationeel; alleen operationele locaties kunnen plekken aanbieden. Kies een andere of gebruik "Andere locatie".`;
}

export const cancelSchema = z.object({
  reason: z.string().transform((v) => v.trim()).pipe(z.string().min(1, 'Schrijf waarom de oproep vervalt.').max(500, 'Maximaal 500 tekens.')),
});

export interface PlacementOffer {
  id: number;
  places: number;
}

/**
 * Reads the placement form: one number per offer (field `used_<offerId>`). Errors are keyed by
 * field; the total may not exceed the persons asked for and must be at least one.
 */
export function parsePlacement(fields: FormValues, offers: PlacementOffer[], persons: number): { ok: true; used: Map<number, number> } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const used = new Map<number, number>();
  for (const offer of offers) {
    const name = placementField(offer.id);
    const raw = str(fields[name]);
    const parsed = raw === '' ? undefined : parseWholeNumber(raw);
    const value = parsed?.ok ? parsed.value : null;
    if (parsed && !parsed.ok) errors[name] = `${parsed.reason} Vul 0 in als dit aanbod niet is gebruikt.`;
    else if (value !== null && value > offer.places) errors[name] = `Dit aanbod was ${offer.places} ${offer.places === 1 ? 'plek' : 'plekken'}; meer kan niet.`;
    else if (value) used.set(offer.id, value);
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const total = [...used.values()].reduce((a, b) => a + b, 0);
  // Errors about the total go under an input of the submitted form: Slack refuses errors keyed by
  // anything else (docs.slack.dev/reference/interaction-payloads/view-interactions-payload), and an
  // offer made after the form opened has no field in it.
  const inForm = offers.map((o) => placementField(o.id)).find((name) => name in fields);
  const first = inForm ?? Object.keys(fields)[0] ?? (offers[0] ? placementField(offers[0].id) : 'intro');
  if (total === 0) return { ok: false, errors: { [first]: 'Vul bij minstens één aanbod in hoeveel personen er geplaatst zijn.' } };
  if (total > persons) return { ok: false, errors: { [first]: `Samen ${total} geplaatst, maar er waren ${persons} personen gevraagd.` } };
  return { ok: true, used };
}

export const placementField = (offerId: number) => `used_${offerId}`;

/** Suggested use of each offer, in order, until the persons are placed. */
export function suggestPlacement(offers: PlacementOffer[], persons: number): Map<number, number> {
  const out = new Map<number, number>();
  let left = persons;
  for (const offer of offers) {
    const take = Math.min(offer.places, left);
    out.set(offer.id, take);
    left -= take;
  }
  return out;
}

// ---- state machine --------------------------------------------------------------------------------

export interface Coverage {
  persons: number;
  offered: number;
  /** Still needed (0 when covered). */
  missing: number;
  /** Offered beyond the need. */
  surplus: number;
  covered: boolean;
}

export function coverage(persons: number, offeredPlaces: number[]): Coverage {
  const offered = offeredPlaces.reduce((a, b) => a + b, 0);
  return { persons, offered, missing: Math.max(0, persons - offered), surplus: Math.max(0, offered - persons), covered: offered >= persons };
}

/** The state after the offers changed: only open and gedekt follow the offers. */
export function stateAfterOffers(current: RequestState, c: Coverage): RequestState {
  if (current === 'open' && c.covered) return 'gedekt';
  if (current === 'gedekt' && !c.covered) return 'open';
  return current;
}

/** Offers (new, changed, withdrawn) are accepted while the request is open or covered. */
export function acceptsOffers(state: RequestState): boolean {
  return state === 'open' || state === 'gedekt';
}

/** Placement can be confirmed with at least one offer, also partly or after the deadline. */
export function canPlace(state: RequestState, activeOffers: number): boolean {
  return (state === 'open' || state === 'gedekt' || state === 'verlopen') && activeOffers > 0;
}

export function canCancel(state: RequestState): boolean {
  return state === 'open' || state === 'gedekt' || state === 'verlopen';
}

/** Only an uncovered open request expires: a covered one waits for its placement. */
export function shouldExpire(state: RequestState, neededBy: Date, now: Date): boolean {
  return state === 'open' && now.getTime() >= neededBy.getTime();
}

export type ReminderKind = 'escalate' | 'halfway' | 'expired';

/**
 * When the bot speaks up for an uncovered request: after `escalateMinutes`, again at half the time
 * then left, and at the deadline. Reminders that would fall at or after the deadline are dropped.
 */
export function reminderSchedule(createdAt: Date, neededBy: Date, escalateMinutes: number): { kind: ReminderKind; dueAt: Date }[] {
  const out: { kind: ReminderKind; dueAt: Date }[] = [];
  const escalateAt = createdAt.getTime() + escalateMinutes * 60_000;
  if (escalateAt < neededBy.getTime()) {
    out.push({ kind: 'escalate', dueAt: new Date(escalateAt) });
    const halfway = escalateAt + Math.floor((neededBy.getTime() - escalateAt) / 2);
    if (halfway > escalateAt && halfway < neededBy.getTime()) out.push({ kind: 'halfway', dueAt: new Date(halfway) });
  }
  out.push({ kind: 'expired', dueAt: neededBy });
  return out;
}

/**
 * What the configured NOODKNOP_MENTION becomes in mrkdwn: a user group id (S…) or `<!subteam^S…>`
 * becomes a group mention, "here" becomes `<!here>`, empty or anything else `<!channel>`.
 */
export function mentionFor(configured: string | undefined): string {
  const value = configured?.trim() ?? '';
  const group = /^<!subteam\^(S[A-Z0-9]+)(\|[^>]*)?>$/.exec(value) ?? /^@?(S[A-Z0-9]{2,})$/.exec(value);
  if (group) return `<!subteam^${group[1]}>`;
  if (/^[@!<]*here>?$/i.test(value)) return '<!here>';
  return '<!channel>';
}

/** A noodknop request as stored. */
export interface RequestRecord {
  id: number;
  persons: number;
  families: number | null;
  singleAdults: number | null;
  unaccompaniedMinors: number | null;
  specialNeeds: SpecialNeed[];
  origin: string | null;
  neededBy: string;
  contact: string | null;
  note: string | null;
  state: RequestState;
  channelId: string | null;
  messageTs: string | null;
  requestedBy: string;
  createdAt: string;
  closedAt: string | null;
  closedBy: string | null;
  cancelReason: string | null;
}

/** An offer with its location's name, as shown. */
export interface OfferRecord {
  id: number;
  requestId: number;
  locationId: number | null;
  locationName: string | null;
  municipality: string | null;
  otherLocation: string | null;
  places: number;
  note: string | null;
  offeredBy: string;
  createdAt: string;
  updatedAt: string;
  withdrawnAt: string | null;
  usedPlaces: number | null;
}

/** An operational location that can take people, for the offer form. */
export interface OfferableLocation {
  id: number;
  name: string;
  municipality: string;
  places: number;
  occupied: number;
  free: number;
}

/** An offer as the noodknop's own table holds it: without the location's name and municipality. */
export type OfferRow = Omit<OfferRecord, 'locationName' | 'municipality'>;

export interface NoodknopRow {
  id: number;
  persons: number;
  neededBy: string;
  state: 'open' | 'gedekt';
  origin: string | null;
  offeredPlaces: number;
}

/**
 * The outbox keys of what the noodknop says in Slack: each message's identity for good (the
 * outbox never posts a key twice and finds it again in the channel by its metadata).
 */
export const noodknopKeys = {
  broadcast: (requestId: number) => `noodknop:${requestId}:broadcast`,
  /** A thread reply for a new offer, or (with `change`: the submission) for a changed one. */
  offer: (requestId: number, offerId: number, change?: string) => `noodknop:${requestId}:offer:${offerId}${change ? `:${change}` : ''}`,
  closed: (requestId: number) => `noodknop:${requestId}:closed`,
  expired: (requestId: number) => `noodknop:${requestId}:expired`,
  expiredDm: (requestId: number) => `noodknop:${requestId}:expired:dm`,
  /** Reminders that fell due together go out as one message. */
  reminder: (requestId: number, kinds: readonly string[]) => `noodknop:${requestId}:reminder:${kinds.join('+')}`,
  broadcastFailedDm: (requestId: number) => `noodknop:${requestId}:broadcast:failed:dm`,
  /** The request id in a broadcast key, or undefined for any other key. */
  requestOfBroadcast: (key: string): number | undefined => {
    const m = /^noodknop:(\d+):broadcast$/.exec(key);
    return m ? Number(m[1]) : undefined;
  },
};
