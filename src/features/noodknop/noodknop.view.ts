import type { Button, KnownBlock } from '@slack/types';
import { formatDateTime, formatNumber, progressBar } from '../../format/nl';
import { actions, context, fitLines, header, section } from '../../blockkit/blocks';
import { escapeMrkdwn, personRef, truncate } from '../../blockkit/escape';
import {
  NOODKNOP_CANCEL_OPEN,
  NOODKNOP_CANCEL_VIEW,
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
import { acceptsOffers, canCancel, canPlace, coverage, defaultNeededBy, MAX_PERSONS, offerRules, placementRules, requestRules, OTHER_LOCATION, placementField, SPECIAL_NEED_LABELS, SPECIAL_NEEDS, suggestPlacement, type Coverage, type ReminderKind, type RequestState, type OfferableLocation, type OfferRecord, type RequestRecord } from './noodknop';
import type { Message } from '../../blockkit/message';

const plural = (n: number, one: string, many: string) => `${formatNumber(n)} ${n === 1 ? one : many}`;

/** A deadline Slack renders in each reader's own time zone; the fallback is Amsterdam time. */
function slackDate(moment: Date | string): string {
  const at = new Date(moment);
  return `<!date^${Math.floor(at.getTime() / 1000)}^{date_short_pretty} {time}|${formatDateTime(at)}>`;
}

/** "5 van 12 plekken aangeboden" */
function progressText(c: Coverage): string {
  return `${formatNumber(c.offered)} van ${formatNumber(c.persons)} ${c.persons === 1 ? 'plek' : 'plekken'} aangeboden`;
}

/** Where an offer is, escaped: "Sporthal Ommen (Ommen)" or "Andere locatie: …". */
function offerPlace(o: Pick<OfferRecord, 'locationName' | 'municipality' | 'otherLocation'>): string {
  if (o.locationName) return `${escapeMrkdwn(o.locationName)}${o.municipality ? ` (${escapeMrkdwn(o.municipality)})` : ''}`;
  return `andere locatie: ${escapeMrkdwn(o.otherLocation ?? '?')}`;
}

const STATE_LINES: Record<RequestState, (c: Coverage, r: RequestRecord) => string> = {
  open: (c) => `:rotating_light: *OPEN* · ${progressText(c)} · nog *${formatNumber(c.missing)}* nodig`,
  gedekt: (c) =>
    `:white_check_mark: *GEDEKT* · ${progressText(c)}${c.surplus > 0 ? ` (${formatNumber(c.surplus)} extra)` : ''} · de aanvrager bevestigt de plaatsing met *Geplaatst*`,
  geplaatst: (_c, r) => `:house: *GEPLAATST* · bevestigd door ${personRef(r.closedBy ?? r.requestedBy)}${r.closedAt ? ` op ${formatDateTime(new Date(r.closedAt))}` : ''}`,
  geannuleerd: (_c, r) => `:no_entry_sign: *GEANNULEERD* door ${personRef(r.closedBy ?? r.requestedBy)}: ${escapeMrkdwn(r.cancelReason ?? '')}`,
  verlopen: (c) => `:warning: *VERLOPEN* · de deadline is voorbij met ${progressText(c)} · nog ${formatNumber(c.missing)} nodig`,
};

function compositionText(r: Pick<RequestRecord, 'families' | 'singleAdults' | 'unaccompaniedMinors'>): string {
  const parts: string[] = [];
  if (r.families !== null) parts.push(plural(r.families, 'gezin', 'gezinnen'));
  if (r.singleAdults !== null) parts.push(plural(r.singleAdults, 'alleenstaande volwassene', 'alleenstaande volwassenen'));
  if (r.unaccompaniedMinors !== null) parts.push(plural(r.unaccompaniedMinors, 'alleenreizende minderjarige', 'alleenreizende minderjarigen'));
  return parts.length > 0 ? parts.join(' · ') : 'niet opgegeven';
}

function offerLine(o: OfferRecord, closed: boolean): string {
  const used = closed && o.usedPlaces !== null ? ` · ${formatNumber(o.usedPlaces)} gebruikt` : '';
  const note = o.note ? ` — _${escapeMrkdwn(truncate(o.note, 200))}_` : '';
  return `• *${plural(o.places, 'plek', 'plekken')}* · ${offerPlace(o)} · ${personRef(o.offeredBy)}${used}${note}`;
}

/** The broadcast in the noodknop channel; re-rendered in place (chat.update) on every change. */
export function broadcastMessage(r: RequestRecord, offers: OfferRecord[], mention: string): Message {
  const c = coverage(r.persons, offers.map((o) => o.places));
  const closed = r.state === 'geplaatst' || r.state === 'geannuleerd';
  const needs = r.specialNeeds.map((n) => SPECIAL_NEED_LABELS[n] ?? n);
  const intro = `${r.state === 'open' ? `${mention} ` : ''}*Noodknop #${r.id}*: opvang nodig voor *${plural(r.persons, 'persoon', 'personen')}* vóór *${slackDate(r.neededBy)}*.`;
  const details = [
    `*Samenstelling:* ${compositionText(r)}`,
    `*Bijzonderheden:* ${needs.length > 0 ? needs.join(', ') : 'geen opgegeven'}`,
    `*Herkomst:* ${r.origin ? escapeMrkdwn(r.origin) : 'niet opgegeven'}`,
    `*Contactpersoon:* ${r.contact ? escapeMrkdwn(r.contact) : personRef(r.requestedBy)}`,
  ];
  const blocks: KnownBlock[] = [
    header(`Noodknop: ${plural(r.persons, 'persoon', 'personen')} zoeken opvang`),
    section(intro),
    section(details.join('\n')),
  ];
  if (r.note) blocks.push(section(`*Toelichting:* ${escapeMrkdwn(r.note)}`));
  const fraction = r.persons > 0 ? c.offered / r.persons : 0;
  blocks.push(section(`${STATE_LINES[r.state](c, r)}\n\`${progressBar(fraction)}\``));
  if (offers.length > 0) {
    const lines = offers.map((o) => offerLine(o, closed));
    blocks.push(section(fitLines([`*Aanbod (${plural(offers.length, 'aanbieding', 'aanbiedingen')})*`, ...lines], (n) => `…en ${plural(n, 'aanbieding', 'aanbiedingen')} meer (zie de draad)`)));
  } else if (!closed) {
    blocks.push(section('_Nog geen aanbod. Heb je plekken? Klik op *Plekken aanbieden*._'));
  }
  const buttons: Button[] = [];
  if (acceptsOffers(r.state)) buttons.push(button('Plekken aanbieden', NOODKNOP_OFFER_OPEN, String(r.id), 'primary'));
  if (canPlace(r.state, offers.length)) buttons.push(button('Geplaatst', NOODKNOP_PLACE_OPEN, String(r.id)));
  if (canCancel(r.state)) buttons.push(button('Annuleren', NOODKNOP_CANCEL_OPEN, String(r.id), 'danger'));
  if (buttons.length > 0) blocks.push(actions(`noodknop_actions_${r.id}`, buttons));
  blocks.push(context(`Aangevraagd door ${personRef(r.requestedBy)} op ${formatDateTime(new Date(r.createdAt))} · wijzigen of intrekken van een aanbod kan in de draad`));
  const text = `${r.state === 'open' ? `${mention} ` : ''}Noodknop: opvang nodig voor ${plural(r.persons, 'persoon', 'personen')} vóór ${formatDateTime(new Date(r.neededBy))} · ${r.state} · ${progressText(c)}`;
  return { text, blocks };
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
  const verb = changed ? 'past het aanbod aan naar' : 'biedt';
  const head = `${personRef(offer.offeredBy)} ${verb} *${plural(offer.places, 'plek', 'plekken')}* ${changed ? 'in' : 'aan in'} ${offerPlace(offer)}.`;
  const lines = [head];
  if (offer.note) lines.push(`_${escapeMrkdwn(offer.note)}_`);
  lines.push(`Nu ${progressText(c)}${c.covered ? ` · *gedekt*${c.surplus > 0 ? ` (${formatNumber(c.surplus)} extra)` : ''}` : ` · nog ${formatNumber(c.missing)} nodig`}.`);
  return {
    text: `${changed ? 'Aanbod gewijzigd' : 'Nieuw aanbod'}: ${plural(offer.places, 'plek', 'plekken')} · ${progressText(c)}`,
    blocks: [
      section(lines.join('\n')),
      actions(`noodknop_offer_${offer.id}`, [
        button('Wijzigen', NOODKNOP_OFFER_EDIT, String(offer.id)),
        button('Intrekken', NOODKNOP_OFFER_WITHDRAW, String(offer.id), 'danger', {
          title: { type: 'plain_text', text: 'Aanbod intrekken?' },
          text: { type: 'plain_text', text: `Je trekt ${plural(offer.places, 'plek', 'plekken')} in.` },
          confirm: { type: 'plain_text', text: 'Intrekken' },
          deny: { type: 'plain_text', text: 'Terug' },
        }),
      ]),
      context('Alleen wie het aanbod deed kan het wijzigen of intrekken.'),
    ],
  };
}

/** Replaces an offer's thread reply once it is withdrawn (no buttons any more). */
export function withdrawnReply(offer: OfferRecord, r: RequestRecord, offers: OfferRecord[]): Message {
  const c = coverage(r.persons, offers.map((o) => o.places));
  const text = `~${plural(offer.places, 'plek', 'plekken')} in ${offerPlace(offer)}~ · ingetrokken door ${personRef(offer.offeredBy)}. Nu ${progressText(c)}${c.covered ? '' : ` · nog ${formatNumber(c.missing)} nodig`}.`;
  return { text: `Aanbod ingetrokken · ${progressText(c)}`, blocks: [section(text)] };
}

/** A thread reply closing the request (placed or cancelled). */
export function closedReply(r: RequestRecord, placed: { offer: OfferRecord; used: number; occupied?: { before: number; after: number } }[]): Message {
  if (r.state === 'geannuleerd') {
    const text = `:no_entry_sign: ${personRef(r.closedBy ?? r.requestedBy)} heeft de oproep geannuleerd: ${escapeMrkdwn(r.cancelReason ?? '')}`;
    return { text: 'Noodknop geannuleerd', blocks: [section(text)] };
  }
  const total = placed.reduce((a, p) => a + p.used, 0);
  const lines = placed.map(
    (p) =>
      `• ${plural(p.used, 'persoon', 'personen')} in ${offerPlace(p.offer)}${p.occupied ? ` · bezetting ${formatNumber(p.occupied.before)} → ${formatNumber(p.occupied.after)}` : ' · niet in de capaciteitscijfers'}`,
  );
  const text = fitLines(
    [`:house: ${personRef(r.closedBy ?? r.requestedBy)} bevestigt: *${formatNumber(total)} van ${plural(r.persons, 'persoon', 'personen')} geplaatst*.`, ...lines],
    (n) => `…en ${formatNumber(n)} locaties meer`,
  );
  return { text: `Noodknop: ${formatNumber(total)} personen geplaatst`, blocks: [section(text)] };
}

/** The escalation reminder in the thread: the mention again and what is still missing. */
export function reminderMessage(r: RequestRecord, offers: OfferRecord[], mention: string, kinds: ReminderKind[]): Message {
  const c = coverage(r.persons, offers.map((o) => o.places));
  const label = kinds.includes('halfway') ? 'Tweede herinnering' : 'Herinnering';
  const text = `${mention} :rotating_light: *${label}: noodknop #${r.id} is nog niet gedekt.* Nog *${plural(c.missing, 'plek', 'plekken')}* nodig (${progressText(c)}) vóór ${slackDate(r.neededBy)}. Heb je plekken? Klik op *Plekken aanbieden* in het bericht hierboven.`;
  return { text: `${mention} ${label}: nog ${plural(c.missing, 'plek', 'plekken')} nodig voor noodknop #${r.id}`, blocks: [section(text)] };
}

export function expiredThreadMessage(r: RequestRecord, offers: OfferRecord[]): Message {
  const c = coverage(r.persons, offers.map((o) => o.places));
  const text = `:warning: *De deadline van noodknop #${r.id} is verstreken* met ${progressText(c)}; er ontbreken nog ${plural(c.missing, 'plek', 'plekken')}. ${personRef(r.requestedBy)} kan de oproep met het aanbod dat er is afronden (*Geplaatst*) of annuleren.`;
  return { text: `Noodknop #${r.id} verlopen`, blocks: [section(text)] };
}

export function expiredDirectMessage(r: RequestRecord, offers: OfferRecord[]): Message {
  const c = coverage(r.persons, offers.map((o) => o.places));
  const where = r.channelId ? ` in <#${r.channelId}>` : '';
  const text = `:warning: Je noodknop-oproep #${r.id}${where} voor ${plural(r.persons, 'persoon', 'personen')} is *verlopen*: de deadline (${slackDate(r.neededBy)}) is voorbij met ${progressText(c)}. Nog ${plural(c.missing, 'plek', 'plekken')} nodig. Rond de oproep af met *Geplaatst* (met het aanbod dat er is), annuleer hem, of doe een nieuwe oproep met \`/opvang noodknop\`.`;
  return { text: `Je noodknop-oproep #${r.id} is verlopen`, blocks: [section(text)] };
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
    return `${icon[r.state]} *#${r.id}* · *${r.state}* · ${plural(r.persons, 'persoon', 'personen')} vóór ${slackDate(r.neededBy)} · ${progressText(c)}${
      c.missing > 0 ? ` · nog ${formatNumber(c.missing)} nodig` : ''
    } · door ${personRef(r.requestedBy)}`;
  });
  return {
    text: `${plural(requests.length, 'noodknop-oproep staat', 'noodknop-oproepen staan')} open`,
    blocks: [
      header(`Noodknop: ${plural(requests.length, 'open oproep', 'open oproepen')}`),
      section(fitLines(lines, (n) => `…en ${plural(n, 'oproep', 'oproepen')} meer`)),
      context('Open, gedekt of verlopen, nog niet geplaatst of geannuleerd. Soonste deadline eerst.'),
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

/** The noodknop itself: who needs a place, by when (within 24 hours of `now`). */
export function requestForm(now: Date): FormDefinition {
  const defaults = defaultNeededBy(now);
  return {
    id: NOODKNOP_REQUEST_VIEW,
    title: 'Noodknop',
    submit: 'Noodknop indrukken',
    items: [
      { kind: 'note', text: 'Mensen hebben *binnen 24 uur* een slaapplek nodig. De oproep gaat naar het noodknop-kanaal en het hele team krijgt een melding.' },
      whole('persons', 'Aantal personen', { min: 1, required: 'Vul het aantal personen in.', placeholder: 'bijv. 12' }),
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
      },
      { kind: 'text', name: 'origin', label: 'Herkomst', maxLength: 200, optional: true, placeholder: 'bijv. aanmeldcentrum Ter Apel' },
      { kind: 'date', name: 'neededDate', label: 'Nodig vóór (datum)', hint: 'Uiterlijk 24 uur vanaf nu.', initial: defaults.date, required: 'Kies een datum.' },
      { kind: 'time', name: 'neededTime', label: 'Nodig vóór (tijd)', initial: defaults.time, required: 'Kies een tijd.' },
      { kind: 'text', name: 'contact', label: 'Contactpersoon', maxLength: 200, optional: true, placeholder: 'naam en telefoonnummer' },
      { kind: 'text', name: 'note', label: 'Toelichting', maxLength: 1000, multiline: true, optional: true },
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
      { kind: 'note', text: request ? `Noodknop #${request.id}: *${plural(request.persons, 'persoon', 'personen')}* vóór ${formatDateTime(new Date(request.neededBy))}.` : GONE },
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
        ? `Noodknop #${request.id}: ${plural(request.persons, 'persoon', 'personen')}. Vul per aanbod in hoeveel personen er geplaatst zijn (0 = niet gebruikt). De bezetting van die locaties gaat omhoog.`
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
    title: 'Geplaatst',
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
    submit: 'Annuleren',
    close: 'Terug',
    items: [
      { kind: 'note', text: request ? `Noodknop #${request.id} voor ${plural(request.persons, 'persoon', 'personen')} annuleren. Het aanbod vervalt; de bezetting verandert niet.` : GONE },
      { kind: 'text', name: 'reason', label: 'Reden', maxLength: 500, multiline: true, placeholder: 'bijv. groep elders opgevangen', required: 'Schrijf waarom de oproep vervalt.' },
    ],
    meta: request ? { requestId: request.id } : {},
  };
}
