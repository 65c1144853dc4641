import type { Button, KnownBlock } from '@slack/types';
import { formatCount, formatMoment, formatNumber, progressBar } from '../../format/nl';
import { actions, context, fitLines, header, section, andMore } from '../../blockkit/blocks';
import { escapeMrkdwn, personRef, truncate } from '../../blockkit/escape';
import {
  NOODKNOP_CANCEL_OPEN,
  NOODKNOP_CANCEL_VIEW,
  NOODKNOP_FOLLOW_UP_OPEN,
  NOODKNOP_LEFTOVER_DISMISS,
  NOODKNOP_OFFER_EDIT,
  NOODKNOP_OFFER_OPEN,
  NOODKNOP_OFFER_VIEW,
  NOODKNOP_OFFER_WITHDRAW,
  NOODKNOP_PLACE_OPEN,
  NOODKNOP_PLACE_VIEW,
  NOODKNOP_REQUEST_VIEW,
} from '../../blockkit/ids';
import { LIMITS } from '../../blockkit/limits';
import type { Field, FormDefinition, FormItem } from '../../forms/form';
import { acceptsOffers, canCancel, canPlace, coverage, defaultNeededBy, MAX_PERSONS, offerRules, placementRules, requestRules, OTHER_LOCATION, placementField, SPECIAL_NEED_LABELS, SPECIAL_NEEDS, suggestPlacement, type Coverage, type ReminderKind, type RequestState, type OfferableLocation, type OfferRecord, type RequestRecord, leftoverOf, type Leftover } from './noodknop';
import type { Message } from '../../blockkit/message';

const plural = (n: number, one: string, many: string) => formatCount(n, one, many);

/** "5 van 12 plekken aangeboden" */
function progressText(c: Coverage): string {
  return `${formatNumber(c.offered)} van ${plural(c.persons, 'plek', 'plekken')} aangeboden`;
}

/** Where an offer is, escaped: "Sporthal Ommen (Ommen)" or "andere locatie: …". */
function offerPlace(o: Pick<OfferRecord, 'locationName' | 'municipality' | 'otherLocation'>): string {
  if (o.locationName) return `${escapeMrkdwn(o.locationName)}${o.municipality ? ` (${escapeMrkdwn(o.municipality)})` : ''}`;
  return `andere locatie: ${escapeMrkdwn(o.otherLocation ?? '?')}`;
}

/** Persons placed by a placement (the offers' used places); 0 before it. */
function placedPersons(offers: Pick<OfferRecord, 'usedPlaces'>[]): number {
  return offers.reduce((sum, o) => sum + (o.usedPlaces ?? 0), 0);
}

/** "Noodknop #1: 12 plekken nodig vóór di 21 jun 09:00": the request in one line, as the header says it. */
function requestHeadline(r: Pick<RequestRecord, 'id' | 'persons' | 'neededBy'>): string {
  return `Noodknop #${r.id}: ${plural(r.persons, 'plek', 'plekken')} nodig vóór ${formatMoment(new Date(r.neededBy))}`;
}

/** The first line under the header: what is still needed, or how the request ended. */
function stateLine(r: RequestRecord, c: Coverage, offers: OfferRecord[]): string {
  switch (r.state) {
    case 'open':
      return `:rotating_light: *Nog ${formatNumber(c.missing)} nodig* · ${progressText(c)}`;
    case 'gedekt':
      return `:white_check_mark: *Gedekt* · ${progressText(c)}${c.surplus > 0 ? ` (${formatNumber(c.surplus)} extra)` : ''} · ${personRef(r.requestedBy)} bevestigt de plaatsing`;
    case 'verlopen':
      return `:warning: *Verlopen, nog ${formatNumber(c.missing)} zonder plek* · ${progressText(c)}`;
    case 'geplaatst': {
      const placed = placedPersons(offers);
      const left = Math.max(0, r.persons - placed);
      const by = `bevestigd door ${personRef(r.closedBy ?? r.requestedBy)}${r.closedAt ? ` op ${formatMoment(new Date(r.closedAt))}` : ''}`;
      if (left === 0) return `:house: *Geplaatst: ${plural(placed, 'persoon', 'personen')} hebben een plek* · ${by}`;
      return `:warning: *${formatNumber(placed)} van ${formatNumber(r.persons)} geplaatst · ${plural(left, 'persoon', 'personen')} nog zonder plek* · ${by}${leftoverLine(leftoverOf(r, placed))}`;
    }
    case 'geannuleerd':
      return `:no_entry_sign: *Geannuleerd* door ${personRef(r.closedBy ?? r.requestedBy)}: ${escapeMrkdwn(r.cancelReason ?? '')}`;
  }
}

/** What became of the people without a place, on its own line (nothing while nobody took care of them). */
function leftoverLine(leftover: Leftover): string {
  if (leftover.status === 'followed_up') return `\nNieuwe oproep voor hen: noodknop #${leftover.by}`;
  if (leftover.status === 'dismissed') return `\nGeen nieuwe noodknop nodig, vastgelegd door ${personRef(leftover.by)} op ${formatMoment(new Date(leftover.at))}`;
  return '';
}

/** "Nieuwe noodknop voor 2 personen": the request form again, prefilled for those still without a place. */
export function followUpButton(requestId: number, persons: number): Button {
  return button(`Nieuwe noodknop voor ${plural(persons, 'persoon', 'personen')}`, NOODKNOP_FOLLOW_UP_OPEN, String(requestId), 'primary');
}

/**
 * "Geen nieuwe noodknop nodig": the people without a place are taken care of otherwise. Acts only
 * for the requester or an admin (checked at the click); asks first, as it takes them off "Nu actie nodig".
 */
export function dismissLeftoverButton(requestId: number, persons: number): Button {
  return button('Geen nieuwe noodknop nodig', NOODKNOP_LEFTOVER_DISMISS, String(requestId), undefined, {
    title: { type: 'plain_text', text: 'Geen nieuwe noodknop?' },
    text: { type: 'plain_text', text: `De ${plural(persons, 'persoon', 'personen')} zonder plek van noodknop #${requestId} verdwijnen uit "Nu actie nodig".` },
    confirm: { type: 'plain_text', text: 'Niet nodig' },
    deny: { type: 'plain_text', text: 'Terug' },
  });
}

/** The request's filled fields, one line each; empty fields are left out. */
function detailLines(r: RequestRecord): string[] {
  const composition: string[] = [];
  if (r.families !== null) composition.push(plural(r.families, 'gezin', 'gezinnen'));
  if (r.singleAdults !== null) composition.push(plural(r.singleAdults, 'alleenstaande volwassene', 'alleenstaande volwassenen'));
  if (r.unaccompaniedMinors !== null) composition.push(plural(r.unaccompaniedMinors, 'alleenreizende minderjarige', 'alleenreizende minderjarigen'));
  const needs = r.specialNeeds.map((n) => SPECIAL_NEED_LABELS[n] ?? n);
  return [
    `*Contact:* ${r.contact ? escapeMrkdwn(r.contact) : personRef(r.requestedBy)}`,
    ...(composition.length > 0 ? [`*Samenstelling:* ${composition.join(' · ')}`] : []),
    ...(needs.length > 0 ? [`*Bijzonderheden:* ${needs.join(', ')}`] : []),
    ...(r.origin ? [`*Herkomst:* ${escapeMrkdwn(r.origin)}`] : []),
    ...(r.note ? [`*Toelichting:* ${escapeMrkdwn(r.note)}`] : []),
  ];
}

function offerLine(o: OfferRecord, closed: boolean): string {
  const used = closed && o.usedPlaces !== null ? ` · ${formatNumber(o.usedPlaces)} geplaatst` : '';
  const note = o.note ? ` — _${escapeMrkdwn(truncate(o.note, 200))}_` : '';
  return `• *${plural(o.places, 'plek', 'plekken')}* · ${offerPlace(o)} · ${personRef(o.offeredBy)}${used}${note}`;
}

/**
 * The buttons, named by what they do. "Plaatsing bevestigen" and "Oproep annuleren" are on the
 * broadcast for everyone to see, but act only for the requester or an admin: the server checks at
 * the click and at the submit (noodknop.forms.ts), and says who can.
 */
function requestButtons(r: RequestRecord, offers: OfferRecord[]): Button[] {
  const buttons: Button[] = [];
  if (acceptsOffers(r.state)) buttons.push(button('Plekken aanbieden', NOODKNOP_OFFER_OPEN, String(r.id), 'primary'));
  if (canPlace(r.state, offers.length)) buttons.push(button('Plaatsing bevestigen', NOODKNOP_PLACE_OPEN, String(r.id)));
  const leftover = leftoverOf(r, placedPersons(offers));
  if (leftover.status === 'open') buttons.push(followUpButton(r.id, leftover.persons), dismissLeftoverButton(r.id, leftover.persons));
  if (canCancel(r.state)) buttons.push(button('Oproep annuleren', NOODKNOP_CANCEL_OPEN, String(r.id)));
  return buttons;
}

/**
 * The broadcast in the noodknop channel; re-rendered in place (chat.update) on every change. Read
 * in five seconds: the header says how many places by when (in Dutch, written by us), the first
 * line what is still needed, then the offers and who to call; only fields that were filled in.
 */
export function broadcastMessage(r: RequestRecord, offers: OfferRecord[], mention: string): Message {
  const c = coverage(r.persons, offers.map((o) => o.places));
  const closed = r.state === 'geplaatst' || r.state === 'geannuleerd';
  const mentioned = r.state === 'open' ? `${mention} ` : '';
  const fraction = r.persons > 0 ? Math.min(c.offered, r.persons) / r.persons : 0;
  const blocks: KnownBlock[] = [header(requestHeadline(r)), section(`${mentioned}${stateLine(r, c, offers)}${closed ? '' : `\n\`${progressBar(fraction)}\``}`)];
  if (offers.length > 0) {
    const lines = offers.map((o) => offerLine(o, closed));
    blocks.push(section(fitLines([`*Aangeboden (${plural(offers.length, 'aanbieding', 'aanbiedingen')}):*`, ...lines], (n) => `…en ${plural(n, 'aanbieding', 'aanbiedingen')} meer (zie de draad)`)));
  } else if (!closed) {
    blocks.push(section('*Aangeboden:* nog niets. Heb je plekken? Klik op *Plekken aanbieden*.'));
  }
  blocks.push(section(detailLines(r).join('\n')));
  const buttons = requestButtons(r, offers);
  if (buttons.length > 0) blocks.push(actions(`noodknop_actions_${r.id}`, buttons));
  blocks.push(
    context(
      `Oproep van ${personRef(r.requestedBy)} op ${formatMoment(new Date(r.createdAt))}${
        closed ? '' : ` · plaatsing bevestigen en annuleren: ${personRef(r.requestedBy)} of een beheerder · je aanbod wijzigen of intrekken doe je in de draad`
      }`,
    ),
  );
  const text = `${mentioned}${requestHeadline(r)} · ${plainState(r, c, offers)}`;
  return { text, blocks };
}

/** The state for the notification text (no mrkdwn). */
function plainState(r: RequestRecord, c: Coverage, offers: OfferRecord[]): string {
  switch (r.state) {
    case 'open':
      return `nog ${formatNumber(c.missing)} nodig`;
    case 'gedekt':
      return 'gedekt';
    case 'verlopen':
      return `verlopen, nog ${formatNumber(c.missing)} zonder plek`;
    case 'geplaatst': {
      const left = Math.max(0, r.persons - placedPersons(offers));
      return left > 0 ? `${plural(left, 'persoon', 'personen')} nog zonder plek` : 'geplaatst';
    }
    case 'geannuleerd':
      return 'geannuleerd';
  }
}

function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger', confirm?: Button['confirm']): Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text: truncate(text, LIMITS.buttonText), emoji: true },
    action_id: actionId,
    value,
    ...(style ? { style } : {}),
    ...(confirm ? { confirm } : {}),
  };
}

/** The thread reply for a new or changed offer, with the offerer's buttons to change or withdraw it. */
export function offerReply(r: RequestRecord, offer: OfferRecord, offers: OfferRecord[], changed: boolean): Message {
  const c = coverage(r.persons, offers.map((o) => o.places));
  const now = c.covered ? `*Gedekt*: ${progressText(c)}${c.surplus > 0 ? ` (${formatNumber(c.surplus)} extra)` : ''}.` : `*Nog ${formatNumber(c.missing)} nodig* · ${progressText(c)}.`;
  const head = `${personRef(offer.offeredBy)} ${changed ? 'wijzigt het aanbod:' : 'biedt aan:'} *${plural(offer.places, 'plek', 'plekken')}* in ${offerPlace(offer)}.`;
  const lines = [now, head];
  if (offer.note) lines.push(`_${escapeMrkdwn(offer.note)}_`);
  return {
    text: `${changed ? 'Aanbod gewijzigd' : 'Nieuw aanbod'}: ${plural(offer.places, 'plek', 'plekken')} · ${c.covered ? 'gedekt' : `nog ${formatNumber(c.missing)} nodig`}`,
    blocks: [
      section(lines.join('\n')),
      actions(`noodknop_offer_${offer.id}`, [
        button('Aanbod wijzigen', NOODKNOP_OFFER_EDIT, String(offer.id)),
        button('Aanbod intrekken', NOODKNOP_OFFER_WITHDRAW, String(offer.id), 'danger', {
          title: { type: 'plain_text', text: 'Aanbod intrekken?' },
          text: { type: 'plain_text', text: `Je trekt ${plural(offer.places, 'plek', 'plekken')} in.` },
          confirm: { type: 'plain_text', text: 'Intrekken' },
          deny: { type: 'plain_text', text: 'Terug' },
        }),
      ]),
      context(`Alleen ${personRef(offer.offeredBy)} kan dit aanbod wijzigen of intrekken.`),
    ],
  };
}

/** Replaces an offer's thread reply once it is withdrawn (no buttons any more). */
export function withdrawnReply(offer: OfferRecord, r: RequestRecord, offers: OfferRecord[]): Message {
  const c = coverage(r.persons, offers.map((o) => o.places));
  const text = `${c.covered ? `Gedekt: ${progressText(c)}.` : `*Nog ${formatNumber(c.missing)} nodig* · ${progressText(c)}.`} ~${plural(offer.places, 'plek', 'plekken')} in ${offerPlace(offer)}~ ingetrokken door ${personRef(offer.offeredBy)}.`;
  return { text: `Aanbod ingetrokken · ${c.covered ? 'gedekt' : `nog ${formatNumber(c.missing)} nodig`}`, blocks: [section(text)] };
}

/** A thread reply closing the request (placed or cancelled); a partial placement says who is left and offers a new noodknop. */
export function closedReply(r: RequestRecord, placed: { offer: OfferRecord; used: number; occupied?: { before: number; after: number } }[]): Message {
  if (r.state === 'geannuleerd') {
    const text = `:no_entry_sign: ${personRef(r.closedBy ?? r.requestedBy)} heeft de oproep geannuleerd: ${escapeMrkdwn(r.cancelReason ?? '')}`;
    return { text: `Noodknop #${r.id} geannuleerd`, blocks: [section(text)] };
  }
  const total = placed.reduce((a, p) => a + p.used, 0);
  const left = Math.max(0, r.persons - total);
  const lines = placed.map(
    (p) =>
      `• ${plural(p.used, 'persoon', 'personen')} in ${offerPlace(p.offer)}${p.occupied ? ` · bezetting ${formatNumber(p.occupied.before)} → ${formatNumber(p.occupied.after)}` : ' · niet in de capaciteitscijfers'}`,
  );
  const head =
    left > 0
      ? `:warning: *${formatNumber(total)} van ${formatNumber(r.persons)} geplaatst · ${plural(left, 'persoon', 'personen')} nog zonder plek.* Bevestigd door ${personRef(r.closedBy ?? r.requestedBy)}.`
      : `:house: *${plural(total, 'persoon', 'personen')} geplaatst.* Bevestigd door ${personRef(r.closedBy ?? r.requestedBy)}.`;
  const blocks: KnownBlock[] = [section(fitLines([head, ...lines], andMore('locatie', 'locaties')))];
  if (left > 0) blocks.push(actions(`noodknop_follow_up_${r.id}`, [followUpButton(r.id, left)]));
  return { text: left > 0 ? `Noodknop #${r.id}: ${formatNumber(total)} van ${formatNumber(r.persons)} geplaatst, ${formatNumber(left)} nog zonder plek` : `Noodknop #${r.id}: ${plural(total, 'persoon', 'personen')} geplaatst`, blocks };
}

/** The escalation reminder in the thread: the mention again, what is still missing, and the button itself. */
export function reminderMessage(r: RequestRecord, offers: OfferRecord[], mention: string, kinds: ReminderKind[]): Message {
  const c = coverage(r.persons, offers.map((o) => o.places));
  const label = kinds.includes('halfway') ? 'Tweede herinnering' : 'Herinnering';
  const text = `${mention} :rotating_light: *${label}: nog ${plural(c.missing, 'plek', 'plekken')} nodig vóór ${formatMoment(new Date(r.neededBy))}* (noodknop #${r.id}, ${progressText(c)}). Heb je plekken? Bied ze hier aan.`;
  return {
    text: `${mention} ${label}: nog ${plural(c.missing, 'plek', 'plekken')} nodig voor noodknop #${r.id}`,
    blocks: [section(text), actions(`noodknop_reminder_${r.id}`, [button('Plekken aanbieden', NOODKNOP_OFFER_OPEN, String(r.id), 'primary')])],
  };
}

/** What the requester can do with a verlopen request: confirm what there is, ask again, or cancel. */
function expiredButtons(r: RequestRecord, offers: OfferRecord[]): Button[] {
  const buttons: Button[] = [];
  if (canPlace(r.state, offers.length)) buttons.push(button('Plaatsing bevestigen', NOODKNOP_PLACE_OPEN, String(r.id), 'primary'));
  if (canCancel(r.state)) buttons.push(button('Oproep annuleren', NOODKNOP_CANCEL_OPEN, String(r.id)));
  return buttons;
}

export function expiredThreadMessage(r: RequestRecord, offers: OfferRecord[]): Message {
  const c = coverage(r.persons, offers.map((o) => o.places));
  const text = `:warning: *Noodknop #${r.id} is verlopen: nog ${plural(c.missing, 'plek', 'plekken')} nodig*, ${formatMoment(new Date(r.neededBy))} is voorbij (${progressText(c)}). ${personRef(r.requestedBy)} bevestigt de plaatsing met wat er is, of annuleert de oproep.`;
  const buttons = expiredButtons(r, offers);
  return { text: `Noodknop #${r.id} verlopen: nog ${plural(c.missing, 'plek', 'plekken')} nodig`, blocks: [section(text), ...(buttons.length > 0 ? [actions(`noodknop_expired_${r.id}`, buttons)] : [])] };
}

export function expiredDirectMessage(r: RequestRecord, offers: OfferRecord[]): Message {
  const c = coverage(r.persons, offers.map((o) => o.places));
  const where = r.channelId ? ` in <#${r.channelId}>` : '';
  const text = `:warning: *Je noodknop #${r.id} is verlopen: nog ${plural(c.missing, 'plek', 'plekken')} nodig.* ${formatMoment(new Date(r.neededBy))} is voorbij${where}; ${progressText(c)}. Bevestig de plaatsing met wat er is, annuleer de oproep, of doe een nieuwe oproep met \`/opvang noodknop\`.`;
  const buttons = expiredButtons(r, offers);
  return { text: `Je noodknop #${r.id} is verlopen`, blocks: [section(text), ...(buttons.length > 0 ? [actions(`noodknop_expired_dm_${r.id}`, buttons)] : [])] };
}

/** `/opvang noodknop lijst` */
export function listMessage(requests: { request: RequestRecord; offers: OfferRecord[] }[]): Message {
  if (requests.length === 0) {
    const text = 'Er staan geen noodknop-oproepen open. Een nieuwe oproep: `/opvang noodknop`.';
    return { text, blocks: [section(text)] };
  }
  const icon: Record<RequestState, string> = { open: ':rotating_light:', gedekt: ':white_check_mark:', verlopen: ':warning:', geplaatst: ':house:', geannuleerd: ':no_entry_sign:' };
  const lines = requests.map(({ request: r, offers }) => {
    const c = coverage(r.persons, offers.map((o) => o.places));
    return `${icon[r.state]} *${requestHeadline(r)}* · ${r.state}${c.missing > 0 ? ` · nog ${formatNumber(c.missing)} nodig` : ''} · ${progressText(c)} · oproep van ${personRef(r.requestedBy)}`;
  });
  return {
    text: `${plural(requests.length, 'noodknop-oproep staat', 'noodknop-oproepen staan')} open`,
    blocks: [
      header(`Noodknop: ${plural(requests.length, 'open oproep', 'open oproepen')}`),
      section(fitLines(lines, andMore('oproep', 'oproepen'))),
      context('Open, gedekt of verlopen, nog niet geplaatst of geannuleerd. Vroegste tijdstip eerst.'),
    ],
  };
}

// ---- modals ---------------------------------------------------------------------------------------

// ---- forms (surface-neutral definitions; noodknop.forms.ts builds and submits them) -------------

const GONE = 'Deze noodknop-oproep bestaat niet (meer).';

/** What the offer form carries: the request, and the offer when it changes one. */
export interface OfferMetadata {
  requestId: number;
  offerId?: number;
}

const whole = (name: string, label: string, options: { optional?: boolean; min: number; required?: string; hint?: string; placeholder?: string; initial?: string | null }): Field => ({
  kind: 'number',
  name,
  label,
  min: options.min,
  max: MAX_PERSONS,
  ...(options.optional ? { optional: true } : {}),
  ...(options.required ? { required: options.required } : {}),
  ...(options.hint ? { hint: options.hint } : {}),
  ...(options.placeholder ? { placeholder: options.placeholder } : {}),
  ...(options.initial !== undefined ? { initial: options.initial } : {}),
});

/** A new noodknop for the people a placement left without a place: prefilled from the first request. */
export interface FollowUp {
  request: RequestRecord;
  /** Persons still without a place. */
  persons: number;
}

/** The noodknop itself: who needs a place, by when (within 24 hours of `now`); prefilled for a follow-up. */
export function requestForm(now: Date, followUp?: FollowUp): FormDefinition {
  const defaults = defaultNeededBy(now);
  const first = followUp?.request;
  return {
    id: NOODKNOP_REQUEST_VIEW,
    title: 'Noodknop',
    submit: 'Noodknop indrukken',
    // The request this one is for travels with the form; the server checks it again at the submit.
    ...(followUp ? { meta: { followUpOf: followUp.request.id } } : {}),
    items: [
      {
        kind: 'note',
        text: followUp
          ? `*Vervolg op noodknop #${followUp.request.id}: ${plural(followUp.persons, 'persoon', 'personen')} nog zonder plek.* Kijk de gegevens na; de oproep gaat naar het noodknop-kanaal en het hele team krijgt een melding.`
          : 'Mensen hebben *binnen 24 uur* een slaapplek nodig. De oproep gaat naar het noodknop-kanaal en het hele team krijgt een melding.',
      },
      whole('persons', 'Aantal personen', { min: 1, required: 'Vul het aantal personen in.', placeholder: 'bijv. 12', ...(followUp ? { initial: String(followUp.persons) } : {}) }),
      whole('families', 'Gezinnen (aantal)', { min: 0, optional: true }),
      whole('singleAdults', 'Alleenstaande volwassenen', { min: 0, optional: true }),
      whole('unaccompaniedMinors', 'Alleenreizende minderjarigen', { min: 0, optional: true }),
      {
        kind: 'checkboxes',
        name: 'specialNeeds',
        label: 'Bijzonderheden',
        optional: true,
        options: SPECIAL_NEEDS.map((n) => ({ label: SPECIAL_NEED_LABELS[n], value: n })),
        unknown: 'Onbekende bijzonderheid.',
        ...(first ? { initial: first.specialNeeds } : {}),
      },
      { kind: 'text', name: 'origin', label: 'Herkomst', maxLength: 200, optional: true, placeholder: 'bijv. aanmeldcentrum Ter Apel', ...(first?.origin ? { initial: first.origin } : {}) },
      { kind: 'date', name: 'neededDate', label: 'Nodig vóór (datum)', hint: 'Uiterlijk 24 uur vanaf nu.', initial: defaults.date, required: 'Kies een datum.' },
      { kind: 'time', name: 'neededTime', label: 'Nodig vóór (tijd)', initial: defaults.time, required: 'Kies een tijd.' },
      { kind: 'text', name: 'contact', label: 'Contactpersoon', maxLength: 200, optional: true, placeholder: 'naam en telefoonnummer', ...(first?.contact ? { initial: first.contact } : {}) },
      {
        kind: 'text',
        name: 'note',
        label: 'Toelichting',
        maxLength: 1000,
        multiline: true,
        optional: true,
        ...(followUp ? { initial: `Vervolg op noodknop #${followUp.request.id}: ${plural(followUp.persons, 'persoon', 'personen')} nog zonder plek.` } : {}),
      },
    ],
    rules: (values) => requestRules(values, now),
  };
}

export interface OfferFormOptions {
  /** Undefined when it is gone (a crafted or stale form): the submission then says so. */
  request: RequestRecord | undefined;
  locations: OfferableLocation[];
  /** An existing offer to change. */
  offer?: OfferRecord;
  /** Why a location that is not among the choices (any more) cannot be offered from. */
  unavailable: (value: string) => string;
}

/** Plekken aanbieden (or changing one's offer): a location of the region, or another place by name. */
export function offerForm({ request, locations, offer, unavailable }: OfferFormOptions): FormDefinition {
  const initialLocation = offer ? (offer.locationId !== null ? String(offer.locationId) : OTHER_LOCATION) : null;
  const meta: Partial<OfferMetadata> = { ...(request ? { requestId: request.id } : {}), ...(offer ? { offerId: offer.id } : {}) };
  return {
    id: NOODKNOP_OFFER_VIEW,
    title: offer ? 'Aanbod wijzigen' : 'Plekken aanbieden',
    submit: offer ? 'Wijzigen' : 'Aanbieden',
    items: [
      { kind: 'note', text: request ? `*${requestHeadline(request)}*` : GONE },
      {
        kind: 'select',
        name: 'location',
        label: 'Locatie',
        placeholder: 'Kies een locatie',
        hint: 'Operationele locaties, die met vrije plekken eerst.',
        options: [
          ...locations.map((l) => ({ label: `${l.name} (${l.municipality}) · ${l.free > 0 ? `${formatNumber(l.free)} vrij` : 'vol'}`, value: String(l.id) })),
          { label: 'Andere locatie (hieronder invullen)', value: OTHER_LOCATION },
        ],
        // A select shows 100 options: "other" must stay among them however many locations there are.
        alwaysShown: [OTHER_LOCATION],
        initial: initialLocation,
        unknown: unavailable,
      },
      { kind: 'text', name: 'otherLocation', label: 'Andere locatie', maxLength: 150, optional: true, placeholder: 'naam en plaats', hint: 'Alleen als de locatie niet in de lijst staat.', initial: offer?.otherLocation ?? null },
      whole('places', 'Aantal plekken', { min: 1, required: 'Vul het aantal plekken in.', initial: offer ? String(offer.places) : null }),
      { kind: 'checkboxes', name: 'overCapacity', label: 'Meer dan vrij', optional: true, options: [{ label: 'Ja, ik bied meer plekken aan dan er nu vrij zijn', value: 'yes' }] },
      { kind: 'text', name: 'note', label: 'Toelichting', maxLength: 500, multiline: true, optional: true, initial: offer?.note ?? null },
    ],
    meta: { ...meta },
    rules: offerRules,
  };
}

/** The placement form: per offer how many persons were placed there, suggested in offer order. */
export function placeForm(request: RequestRecord | undefined, offers: OfferRecord[]): FormDefinition {
  const shown = offers.slice(0, LIMITS.viewBlocks - 3);
  const persons = request?.persons ?? 0;
  const suggested = suggestPlacement(shown, persons);
  const items: FormItem[] = [
    {
      kind: 'note',
      text: request
        ? `*${requestHeadline(request)}*\nVul per aanbod in hoeveel personen er een plek hebben gekregen (0 = niet gebruikt). De bezetting van die locaties gaat omhoog. Wie nog geen plek heeft, vraag je daarna met een nieuwe noodknop.`
        : GONE,
    },
    ...shown.map(
      (o): Field => ({
        kind: 'number',
        name: placementField(o.id),
        label: truncate(`${o.locationName ? `${o.locationName} (${o.municipality})` : `Andere locatie: ${o.otherLocation}`} · aangeboden: ${o.places}`, 150),
        optional: true,
        min: 0,
        max: o.places,
        outOfRange: `Dit aanbod was ${o.places} ${o.places === 1 ? 'plek' : 'plekken'}; meer kan niet.`,
        initial: String(suggested.get(o.id) ?? 0),
      }),
    ),
  ];
  if (shown.length < offers.length) items.push({ kind: 'note', small: true, text: `${offers.length - shown.length} aanbiedingen passen niet in dit formulier; die worden als niet gebruikt vastgelegd.` });
  if (shown.some((o) => o.locationId !== null)) {
    items.push({ kind: 'checkboxes', name: 'overCapacity', label: 'Meer dan vrij', optional: true, options: [{ label: 'Ja, plaats ook als een locatie nu minder vrije plekken heeft', value: 'yes' }] });
  }
  return {
    id: NOODKNOP_PLACE_VIEW,
    title: 'Plaatsing bevestigen',
    submit: 'Bevestigen',
    items,
    meta: request ? { requestId: request.id } : {},
    rules: (values) => placementRules(values, shown, persons),
  };
}

export function cancelForm(request: RequestRecord | undefined): FormDefinition {
  return {
    id: NOODKNOP_CANCEL_VIEW,
    title: 'Oproep annuleren',
    submit: 'Oproep annuleren',
    close: 'Terug',
    items: [
      { kind: 'note', text: request ? `*${requestHeadline(request)}*\nDe oproep vervalt, en het aanbod ook. De bezetting verandert niet.` : GONE },
      { kind: 'text', name: 'reason', label: 'Reden', maxLength: 500, multiline: true, placeholder: 'bijv. groep elders opgevangen', required: 'Schrijf waarom de oproep vervalt.' },
    ],
    meta: request ? { requestId: request.id } : {},
  };
}
