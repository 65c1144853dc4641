import { formatCount, formatNumber, formatTime, TIME_ZONE, toLocalDay } from '../../format/nl';
import { wallClockInstant } from '../../domain/dates';
import type { Values } from '../../forms/form';

/**
 * The noodknop's pure logic: the forms' rules across fields (each field's own check comes from
 * its definition in noodknop.view.ts), the request's state machine and the escalation schedule.
 * No Slack, no SQL.
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

/** The form's default deadline: 24 hours from now, to the minute (never past the 24 hours). */
export function defaultNeededBy(now: Date): { date: string; time: string } {
  const at = new Date(Math.floor((now.getTime() + MAX_LEAD_HOURS * 3_600_000) / 60_000) * 60_000);
  return { date: toLocalDay(at), time: formatTime(at) };
}

/** Latest deadline accepted at `now`: 24 hours ahead, rounded up to the minute the time picker shows. */
function latestNeededBy(now: Date): Date {
  return new Date(Math.ceil((now.getTime() + MAX_LEAD_HOURS * 3_600_000) / 60_000) * 60_000);
}

export const OTHER_LOCATION = 'other';

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

/** A placement above what a location can still take (it filled up since the offer), without the box ticked. */
export function placementOverCapacityError(locationName: string, places: number, available: number, offered: number): string {
  const held = offered > 0 ? ` (${formatNumber(offered)} ${offered === 1 ? 'is' : 'zijn'} aangeboden bij andere open noodknop-oproepen)` : '';
  return `${locationName} heeft nu nog ${formatNumber(available)} vrije ${available === 1 ? 'plek' : 'plekken'}${held}, minder dan de ${formatNumber(places)} die je hier plaatst. Pas het aantal aan, of vink "Meer dan vrij" aan om toch te plaatsen.`;
}

/** Why an offer cannot name a location at all (the over-capacity box does not change this). */
export function unavailableLocationError(reason: 'gone' | 'not_operational', locationName?: string): string {
  return reason === 'gone'
    ? 'Deze locatie bestaat niet (meer) of hoort niet bij de regio. Kies een andere.'
    : `${locationName ?? 'Deze locatie'} is niet operationeel; alleen operationele locaties kunnen plekken aanbieden. Kies een andere of gebruik "Andere locatie".`;
}

export interface PlacementOffer {
  id: number;
  places: number;
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

/** A noodknop request as stored: what was asked (the deadline as an ISO string) and how it went. */
export interface RequestRecord extends Omit<RequestInput, 'neededBy'> {
  id: number;
  neededBy: string;
  state: RequestState;
  channelId: string | null;
  messageTs: string | null;
  requestedBy: string;
  createdAt: string;
  closedAt: string | null;
  closedBy: string | null;
  cancelReason: string | null;
  /** The partly placed request whose people without a place this request is for (migration 0010). */
  followUpOf: number | null;
  /** The request opened for this one's people without a place, if any. */
  followedUpBy: number | null;
  /** When and by whom it was recorded that this request's people without a place need no new noodknop. */
  leftoverDismissedAt: string | null;
  leftoverDismissedBy: string | null;
}

// ---- people left without a place by a partial placement ------------------------------------------

/**
 * How long the people a partial placement left without a place stay under "Nu actie nodig" when
 * nobody takes care of them: a day after the placement, the noodknop's own horizon ("within 24
 * hours"). By then they have been placed outside the bot or will not be; the broadcast keeps
 * saying how many had no place, and its button still opens a new noodknop for them.
 */
export const LEFTOVER_HOURS = 24;

/**
 * What became of the people a placement left without a place: `open` while nobody took care of
 * them, `followed_up` once a new noodknop was opened for them, `dismissed` once the requester or
 * an admin recorded that none is needed; `none` when the request was not placed partly.
 */
export type Leftover =
  | { status: 'none' }
  | { status: 'open'; persons: number }
  | { status: 'followed_up'; persons: number; by: number }
  | { status: 'dismissed'; persons: number; by: string; at: string };

export function leftoverOf(
  r: Pick<RequestRecord, 'state' | 'persons' | 'followedUpBy' | 'leftoverDismissedAt' | 'leftoverDismissedBy'>,
  placed: number,
): Leftover {
  const persons = r.state === 'geplaatst' ? Math.max(0, r.persons - placed) : 0;
  if (persons === 0) return { status: 'none' };
  if (r.followedUpBy !== null) return { status: 'followed_up', persons, by: r.followedUpBy };
  if (r.leftoverDismissedAt !== null) return { status: 'dismissed', persons, by: r.leftoverDismissedBy ?? '', at: r.leftoverDismissedAt };
  return { status: 'open', persons };
}

/** A partly placed request whose people without a place nobody took care of yet: a line under "Nu actie nodig". */
export interface LeftoverRow {
  id: number;
  persons: number;
  placed: number;
  closedAt: string;
  requestedBy: string;
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

/** A request that still needs someone to act (open, gedekt or verlopen), with the places offered so far. */
export interface NoodknopRow {
  id: number;
  persons: number;
  neededBy: string;
  state: 'open' | 'gedekt' | 'verlopen';
  origin: string | null;
  requestedBy: string;
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
// ---- the forms' rules across fields (the fields' own checks come from their definitions) ----------

/** Placing people takes at most this many per field; the request asks for at most this many. */
export { MAX_PERSONS };

/** When the request's people need a place: the form's day and time in Amsterdam, within 24 hours of `now`. */
function neededBy(values: Values, now: Date): { ok: true; at: Date } | { ok: false; field: string; message: string } | undefined {
  const day = values.text('neededDate');
  const time = values.text('neededTime');
  if (!day || !time) return undefined;
  const instant = wallClockInstant(day, time, TIME_ZONE);
  if (!instant.ok) return { ok: false, field: 'neededTime', message: instant.reason };
  if (instant.at.getTime() <= now.getTime()) return { ok: false, field: 'neededTime', message: 'Dit moment is al voorbij. Kies een moment in de komende 24 uur.' };
  if (instant.at.getTime() > latestNeededBy(now).getTime()) return { ok: false, field: 'neededDate', message: 'De noodknop is voor opvang binnen 24 uur. Kies een moment uiterlijk 24 uur vanaf nu.' };
  return { ok: true, at: instant.at };
}

/** The request form's rules: the composition fits the persons, and the deadline exists and is within 24 hours. */
export function requestRules(values: Values, now: Date): Partial<Record<string, string>> {
  const errors: Record<string, string> = {};
  const persons = values.number('persons');
  if (persons !== null) {
    const counted = (values.number('singleAdults') ?? 0) + (values.number('unaccompaniedMinors') ?? 0);
    if (counted > persons) errors.singleAdults = `Alleenstaanden en minderjarigen samen (${counted}) zijn meer dan het aantal personen (${persons}).`;
    const families = values.number('families');
    if (families !== null && families > persons) errors.families = `Meer gezinnen dan personen (${persons}).`;
  }
  const deadline = neededBy(values, now);
  if (deadline && !deadline.ok) errors[deadline.field] = deadline.message;
  return errors;
}

/** A validated request form as the store takes it. */
export function requestInput(values: Values, now: Date): RequestInput {
  const deadline = neededBy(values, now);
  return {
    persons: values.number('persons')!,
    families: values.number('families'),
    singleAdults: values.number('singleAdults'),
    unaccompaniedMinors: values.number('unaccompaniedMinors'),
    specialNeeds: values.list('specialNeeds') as SpecialNeed[],
    origin: values.text('origin'),
    neededBy: deadline?.ok ? deadline.at : now,
    contact: values.text('contact'),
    note: values.text('note'),
  };
}

/** "Andere locatie" needs its name. */
export function offerRules(values: Values): Partial<Record<string, string>> {
  return values.text('location') === OTHER_LOCATION && !values.text('otherLocation') ? { otherLocation: 'Schrijf welke locatie je aanbiedt.' } : {};
}

/** A validated offer form as the store takes it. */
export function offerInput(values: Values): OfferInput {
  const location = values.text('location');
  const locationId = location && location !== OTHER_LOCATION ? Number(location) : null;
  return {
    locationId,
    otherLocation: locationId === null ? values.text('otherLocation') : null,
    places: values.number('places')!,
    note: values.text('note'),
    overCapacityConfirmed: values.ticked('overCapacity', 'yes'),
  };
}

/** Persons placed per offer (offers left empty or 0 were not used). */
export function placementUsed(values: Values, offers: PlacementOffer[]): Map<number, number> {
  const used = new Map<number, number>();
  for (const offer of offers) {
    const value = values.number(placementField(offer.id));
    if (value) used.set(offer.id, value);
  }
  return used;
}

/** At least one person placed, and no more than were asked for; said under the form's first offer. */
export function placementRules(values: Values, offers: PlacementOffer[], persons: number): Partial<Record<string, string>> {
  const first = offers[0] ? placementField(offers[0].id) : 'placement';
  const total = [...placementUsed(values, offers).values()].reduce((a, b) => a + b, 0);
  if (total === 0) return { [first]: 'Vul bij minstens één aanbod in hoeveel personen er geplaatst zijn.' };
  if (total > persons) return { [first]: `Samen ${total} geplaatst, maar er waren ${formatCount(persons, 'persoon', 'personen')} gevraagd.` };
  return {};
}
