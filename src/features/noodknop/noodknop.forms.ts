import { personRef } from '../../blockkit/escape';
import {
  NOODKNOP_CANCEL_OPEN,
  NOODKNOP_CANCEL_VIEW,
  NOODKNOP_FOLLOW_UP_OPEN,
  NOODKNOP_HOME_OPEN,
  NOODKNOP_LEFTOVER_DISMISS,
  NOODKNOP_OFFER_EDIT,
  NOODKNOP_OFFER_OPEN,
  NOODKNOP_OFFER_VIEW,
  NOODKNOP_OFFER_WITHDRAW,
  NOODKNOP_PLACE_OPEN,
  NOODKNOP_PLACE_VIEW,
  NOODKNOP_REQUEST_VIEW,
} from '../../blockkit/ids';
import { textMessage } from '../../blockkit/message';
import { formatCount } from '../../format/nl';
import type { Deps } from '../../deps';
import { ALREADY_STORED, storeOnce } from '../../store/store-once';
import { holdsRole, requireRole } from '../access/require-role';
import { adminIds } from '../access/access.store';
import { whoCanHelp } from '../access/access';
import { findRegionLocation } from '../capacity/capacity.store';
import { alertRoute } from '../capacity/figures.write';
import type { ActionContext, ActionResult, CommandReply, FeatureAction, FeatureForm, FormContext, FormOutcome } from '../feature';
import { openForm, openFormFromAction } from '../form-runner';
import { announceOf, cancelAndAnnounce, createAndAnnounce, dismissAndAnnounce, offerAndAnnounce, placeAndAnnounce, withdrawAndAnnounce } from './announce.write';
import {
  acceptsOffers,
  canCancel,
  canPlace,
  offerInput,
  overCapacityError,
  placementField,
  placementOverCapacityError,
  placementUsed,
  requestInput,
  unavailableLocationError,
  type Leftover,
  type RequestRecord,
} from './noodknop';
import { findRequest, leftoverOfRequest } from './noodknop.store';
import { activeOffers, findOffer, offerableLocations } from './noodknop.query';
import type { OfferResult } from './offer.write';
import { cancelForm, offerForm, placeForm, requestForm, type FollowUp, type OfferMetadata } from './noodknop.view';

/**
 * The noodknop's forms and buttons, surface-neutral: the request, offers (new or changed), the
 * placement and the cancellation, and the buttons on the broadcast, its thread and the Home tab.
 * Every change is stored with what it tells Slack (announce.write.ts, through the outbox), in one
 * transaction, before Slack's ack; the console prints those messages where Slack would post them.
 */

const NOT_CONFIGURED =
  'De noodknop is nog niet ingesteld: de bot weet niet in welk kanaal de oproep moet. Er is niets opgeslagen. Vraag wie de bot heeft geïnstalleerd het noodknop-kanaal in te stellen en de bot daar uit te nodigen. Waarschuw het team tot dan zelf.';

const CLOSE_ACTS = 'de plaatsing bevestigen of de oproep annuleren';
const DISMISS_ACT = 'vastleggen dat er geen nieuwe noodknop nodig is';

/** Who may confirm, cancel or dismiss, by name: the requester and the admins (the next step of the refusal). */
function closeRefusalText(deps: Deps, request: RequestRecord | undefined, acts = CLOSE_ACTS): string {
  const who = request ? [request.requestedBy, ...adminIds(deps.db).filter((id) => id !== request.requestedBy)] : adminIds(deps.db);
  return `Alleen wie de noodknop indrukte of een beheerder kan ${acts}. Er is niets opgeslagen. Vraag het ${whoCanHelp(who)}.`;
}

/** Not a field: the runner's transports put such an error under the form's first input. */
const FORM_WIDE = '';

const requestIdOf = (meta: { requestId?: unknown }) => (typeof meta.requestId === 'number' && Number.isSafeInteger(meta.requestId) ? meta.requestId : undefined);
const idOf = (value: string | undefined) => (/^\d+$/.test(value ?? '') ? Number(value) : undefined);

/**
 * Who may place or cancel a request, asked at the moment of the click or submission: an admin, or
 * the requester while they still hold the editor role (a former editor can no longer close their
 * own noodknop; issue 10 §3). The refusal to show, or undefined.
 */
function closeRefusal(deps: Deps, userId: string, request: RequestRecord, act: string, acts = CLOSE_ACTS): string | undefined {
  if (holdsRole(deps.db, userId, 'admin')) return undefined;
  if (request.requestedBy !== userId) return closeRefusalText(deps, request, acts);
  return requireRole(deps, userId, 'editor', act);
}

const GONE = 'Deze noodknop-oproep bestaat niet (meer).';

/** What the request form carries: the request a follow-up is for (the form is then prefilled). */
interface RequestMeta {
  followUpOf: number;
}

/** The people a placement left without a place, for a follow-up's prefilled form (none: a fresh form). */
function followUpOf(db: Deps['db'], meta: Partial<RequestMeta>): FollowUp | undefined {
  const first = requestIdOf({ requestId: meta.followUpOf });
  const found = first === undefined ? undefined : findRequest(db, first);
  const leftover = found && leftoverOfRequest(db, found);
  return found && leftover?.status === 'open' ? { request: found, persons: leftover.persons } : undefined;
}

/** Why a new noodknop cannot be the follow-up of this request (any more): its people are taken care of, or it has none. */
function leftoverTakenCareOf(requestId: number, leftover: Leftover): string {
  switch (leftover.status) {
    case 'followed_up':
      return `Voor de mensen zonder plek van noodknop #${requestId} is al een nieuwe oproep gedaan: noodknop #${leftover.by}.`;
    case 'dismissed':
      return `Bij noodknop #${requestId} is al vastgelegd dat er geen nieuwe noodknop nodig is (door ${personRef(leftover.by)}).`;
    default:
      return `Bij noodknop #${requestId} is niemand meer zonder plek.`;
  }
}

const request: FeatureForm<RequestMeta> = {
  id: NOODKNOP_REQUEST_VIEW,
  role: 'editor',
  build: (ctx, meta) => requestForm(ctx.deps.clock.now(), followUpOf(ctx.deps.db, meta)),
  submit(values, ctx) {
    const { db, config } = ctx.deps;
    const announce = announceOf(config);
    if (!announce) return { kind: 'errors', errors: { persons: NOT_CONFIGURED } };
    const now = ctx.deps.clock.now();
    const input = requestInput(values, now);
    // A follow-up names the partly placed request in the form's metadata; the store checks, in the
    // request's transaction, that its people are still without a place and nobody asked for them yet.
    const hasFollowUp = ctx.meta.followUpOf !== undefined;
    const followUp = requestIdOf({ requestId: ctx.meta.followUpOf });
    if (hasFollowUp && followUp === undefined) return { kind: 'errors', errors: { persons: `${GONE} Er is niets opgeslagen.` } };
    // The broadcast is in the outbox with the request (one transaction): it goes out once, also
    // across a restart or a Slack outage. One Slack refuses for good is told to the requester.
    const result = storeOnce(
      db,
      ctx.submissionKey,
      now,
      () =>
        createAndAnnounce(db, { input, actor: ctx.userId, at: now, submissionKey: ctx.submissionKey, escalateMinutes: config.noodknop.escalateMinutes, announce, followUpOf: followUp }),
      { stored: (r) => r.status === 'created', outcome: 'noodknop.request' },
    );
    if (result === ALREADY_STORED) return { kind: 'done' };
    if (result.status !== 'created') {
      ctx.deps.logger.event('info', 'noodknop.follow_up_refused', { user: ctx.userId, followUpOf: result.followUpOf, leftover: result.leftover.status });
      return { kind: 'errors', errors: { persons: `${leftoverTakenCareOf(result.followUpOf, result.leftover)} Er is niets opgeslagen. Een andere nieuwe oproep doe je met \`/opvang noodknop\`.` } };
    }
    ctx.deps.logger.event('info', 'noodknop.requested', { user: ctx.userId, request: result.request.id, persons: result.request.persons, followUpOf: followUp });
    return { kind: 'done' };
  },
};

/** /opvang noodknop and the Home button: the form, unless the channel is not set. */
export function openRequest(ctx: FormContext): CommandReply {
  const opened = openForm(request, ctx);
  if (opened.kind === 'form' && !ctx.deps.config.noodknop.channel) return { kind: 'message', message: textMessage(NOT_CONFIGURED) };
  return opened;
}

/** Why an offer was not stored, under the field it is about (the form stays open). */
function offerErrors(result: Exclude<OfferResult, { status: 'saved' }>, requestId: number): Record<string, string> {
  switch (result.status) {
    case 'location_unavailable':
      return { location: unavailableLocationError(result.reason, result.name) };
    case 'over_capacity':
      return { places: overCapacityError(result.places, result.available, false, result.name, result.offered)! };
    case 'closed':
      return { places: `Noodknop #${requestId} is ${result.request.state}; aanbieden kan niet meer. Er is niets opgeslagen.` };
    case 'not_yours':
      return { places: 'Dit aanbod is niet van jou; alleen wie het deed kan het wijzigen. Er is niets opgeslagen.' };
    case 'not_found':
      return { places: 'Dit aanbod of deze oproep bestaat niet meer. Er is niets opgeslagen.' };
  }
}

const offer: FeatureForm<OfferMetadata> = {
  id: NOODKNOP_OFFER_VIEW,
  role: 'editor',
  build(ctx, meta) {
    const { db, config } = ctx.deps;
    const requestId = requestIdOf(meta);
    const offerId = typeof meta.offerId === 'number' ? meta.offerId : undefined;
    const existing = offerId === undefined ? undefined : findOffer(db, offerId);
    return offerForm({
      request: requestId === undefined ? undefined : findRequest(db, requestId),
      locations: offerableLocations(db, config.region, offerId),
      offer: existing,
      // A location that is not among the choices: say why, from what is stored now.
      unavailable: (value) => {
        const id = idOf(value);
        const location = id === undefined ? undefined : findRegionLocation(db, config.region, id);
        return unavailableLocationError(location ? 'not_operational' : 'gone', location?.name);
      },
    });
  },
  submit(values, ctx) {
    const { db, config } = ctx.deps;
    const requestId = requestIdOf(ctx.meta);
    const found = requestId === undefined ? undefined : findRequest(db, requestId);
    if (!found || !acceptsOffers(found.state)) return { kind: 'errors', errors: { places: `Deze oproep is ${found?.state ?? 'verdwenen'}; aanbieden kan niet meer. Er is niets opgeslagen.` } };
    const announce = announceOf(config);
    if (!announce) return { kind: 'errors', errors: { places: NOT_CONFIGURED } };
    const offerId = typeof ctx.meta.offerId === 'number' ? ctx.meta.offerId : undefined;
    const at = ctx.deps.clock.now();
    // The location's room is checked inside the same transaction as the offer (offer.write.ts).
    const result = storeOnce(
      db,
      ctx.submissionKey,
      at,
      () => offerAndAnnounce(db, config.region, { requestId: found.id, offerId, input: offerInput(values), actor: ctx.userId, at, submissionKey: ctx.submissionKey, announce }),
      { stored: (r) => r.status === 'saved', outcome: 'noodknop.offer' },
    );
    if (result === ALREADY_STORED) return { kind: 'done' };
    if (result.status !== 'saved') {
      ctx.deps.logger.event('info', 'noodknop.offer_not_saved', { user: ctx.userId, request: found.id, status: result.status });
      return { kind: 'errors', errors: offerErrors(result, found.id) };
    }
    ctx.deps.logger.event('info', 'noodknop.offered', { user: ctx.userId, request: found.id, offer: result.offer.id, places: result.offer.places });
    return { kind: 'done' };
  },
};

/** The request a placement or cancellation is about, and whether this person may close it now. */
function closing(ctx: FormContext, meta: { requestId?: unknown }, act: string, allowed: (r: RequestRecord) => boolean): { ok: true; request: RequestRecord } | { ok: false; outcome: FormOutcome } {
  const requestId = requestIdOf(meta);
  const found = requestId === undefined ? undefined : findRequest(ctx.deps.db, requestId);
  const refusal = found ? closeRefusal(ctx.deps, ctx.userId, found, act) : GONE;
  if (!found || refusal) return { ok: false, outcome: { kind: 'errors', errors: { [FORM_WIDE]: refusal ?? GONE } } };
  if (!allowed(found)) return { ok: false, outcome: { kind: 'errors', errors: { [FORM_WIDE]: `Noodknop #${found.id} is ${found.state}; er is niets opgeslagen.` } } };
  return { ok: true, request: found };
}

const place: FeatureForm<{ requestId: number }> = {
  id: NOODKNOP_PLACE_VIEW,
  role: 'editor',
  build(ctx, meta) {
    const requestId = requestIdOf(meta);
    const found = requestId === undefined ? undefined : findRequest(ctx.deps.db, requestId);
    return placeForm(found, found ? activeOffers(ctx.deps.db, found.id) : []);
  },
  submit(values, ctx) {
    const { db, config } = ctx.deps;
    const checked = closing(ctx, ctx.meta, NOODKNOP_PLACE_VIEW, (r) => canPlace(r.state, activeOffers(db, r.id).length));
    if (!checked.ok) return checked.outcome;
    const announce = announceOf(config);
    if (!announce) return { kind: 'errors', errors: { [FORM_WIDE]: NOT_CONFIGURED } };
    const used = placementUsed(values, activeOffers(db, checked.request.id));
    const at = ctx.deps.clock.now();
    const overCapacityConfirmed = values.ticked('overCapacity', 'yes');
    const result = storeOnce(
      db,
      ctx.submissionKey,
      at,
      () => placeAndAnnounce(db, { requestId: checked.request.id, used, overCapacityConfirmed, actor: ctx.userId, at, announce, alerts: alertRoute(config) }),
      {
        stored: (r) => r.status === 'closed',
        outcome: 'noodknop.place',
      },
    );
    if (result === ALREADY_STORED) return { kind: 'done' };
    if (result.status === 'location_unavailable') return { kind: 'errors', errors: { [placementField(result.offerId)]: `${unavailableLocationError(result.reason, result.name)} Er is niets opgeslagen.` } };
    if (result.status === 'over_capacity') {
      return { kind: 'errors', errors: { [placementField(result.offerId)]: `${placementOverCapacityError(result.name, result.places, result.available, result.offered)} Er is niets opgeslagen.` } };
    }
    if (result.status !== 'closed') {
      // Closed or gone meanwhile (another process): the form stays open and says so.
      ctx.deps.logger.event('info', 'noodknop.place_not_saved', { user: ctx.userId, request: checked.request.id, status: result.status });
      return { kind: 'errors', errors: { [FORM_WIDE]: `Noodknop #${checked.request.id} is ${result.status === 'not_allowed' ? result.request.state : 'verdwenen'}; er is niets opgeslagen.` } };
    }
    ctx.deps.logger.event('info', 'noodknop.placed', { user: ctx.userId, request: checked.request.id, placed: result.placed.map((p) => [p.offer.id, p.used]) });
    return { kind: 'done' };
  },
};

const cancel: FeatureForm<{ requestId: number }> = {
  id: NOODKNOP_CANCEL_VIEW,
  role: 'editor',
  build(ctx, meta) {
    const requestId = requestIdOf(meta);
    return cancelForm(requestId === undefined ? undefined : findRequest(ctx.deps.db, requestId));
  },
  submit(values, ctx) {
    const { db, config } = ctx.deps;
    const checked = closing(ctx, ctx.meta, NOODKNOP_CANCEL_VIEW, (r) => canCancel(r.state));
    if (!checked.ok) return checked.outcome;
    const announce = announceOf(config);
    if (!announce) return { kind: 'errors', errors: { reason: NOT_CONFIGURED } };
    const at = ctx.deps.clock.now();
    const result = storeOnce(db, ctx.submissionKey, at, () => cancelAndAnnounce(db, { requestId: checked.request.id, reason: values.text('reason')!, actor: ctx.userId, at, announce }), {
      stored: (r) => r.status === 'closed',
      outcome: 'noodknop.cancel',
    });
    if (result === ALREADY_STORED) return { kind: 'done' };
    if (result.status !== 'closed') {
      ctx.deps.logger.event('info', 'noodknop.cancel_not_saved', { user: ctx.userId, request: checked.request.id, status: result.status });
      return { kind: 'errors', errors: { reason: `Noodknop #${checked.request.id} is ${result.status === 'not_allowed' ? result.request.state : 'verdwenen'}; er is niets opgeslagen.` } };
    }
    ctx.deps.logger.event('info', 'noodknop.cancelled', { user: ctx.userId, request: checked.request.id });
    return { kind: 'done' };
  },
};

export const noodknopForms = [request, offer, place, cancel];

const tell = (text: string): ActionResult => ({ kind: 'tell', message: textMessage(text) });

/** "Plekken aanbieden" and "Wijzigen": the offer form, or why not. */
function openOffer(ctx: ActionContext, found: RequestRecord | undefined, offerId?: number): ActionResult {
  const refusal = requireRole(ctx.deps, ctx.userId, 'editor', NOODKNOP_OFFER_OPEN);
  if (refusal) return tell(refusal);
  if (!found) return tell(GONE);
  if (!acceptsOffers(found.state)) return tell(`Noodknop #${found.id} is ${found.state}; aanbieden kan niet meer.`);
  if (offerId !== undefined) {
    const existing = findOffer(ctx.deps.db, offerId);
    if (!existing || existing.withdrawnAt) return tell('Dit aanbod is al ingetrokken.');
    if (existing.offeredBy !== ctx.userId) return tell(`Alleen ${personRef(existing.offeredBy)} kan dit aanbod wijzigen of intrekken.`);
  }
  return openFormFromAction(offer, ctx, { requestId: found.id, ...(offerId !== undefined ? { offerId } : {}) });
}

function requestOf(ctx: ActionContext): RequestRecord | undefined {
  const id = idOf(ctx.value);
  return id === undefined ? undefined : findRequest(ctx.deps.db, id);
}

export const noodknopActions: FeatureAction[] = [
  {
    id: NOODKNOP_HOME_OPEN,
    run: (ctx) => {
      const opened = openRequest(ctx);
      return opened.kind === 'form' ? opened : tell(opened.kind === 'message' ? opened.message.text : NOT_CONFIGURED);
    },
  },
  { id: NOODKNOP_OFFER_OPEN, run: (ctx) => openOffer(ctx, requestOf(ctx)) },
  {
    // After a partial placement: the request form again, for those still without a place.
    id: NOODKNOP_FOLLOW_UP_OPEN,
    run: (ctx) => {
      const refusal = requireRole(ctx.deps, ctx.userId, 'editor', NOODKNOP_FOLLOW_UP_OPEN);
      if (refusal) return tell(refusal);
      const found = requestOf(ctx);
      if (!found) return tell(GONE);
      if (!followUpOf(ctx.deps.db, { followUpOf: found.id })) return tell(`${leftoverTakenCareOf(found.id, leftoverOfRequest(ctx.deps.db, found))} Een andere nieuwe oproep doe je met \`/opvang noodknop\`.`);
      if (!ctx.deps.config.noodknop.channel) return tell(NOT_CONFIGURED);
      return openFormFromAction(request, ctx, { followUpOf: found.id });
    },
  },
  {
    // "Geen nieuwe noodknop nodig": the people a partial placement left without a place leave
    // "Nu actie nodig". The requester (still an editor) or an admin, checked now, at the click.
    id: NOODKNOP_LEFTOVER_DISMISS,
    run: (ctx) => {
      const { deps, userId } = ctx;
      const found = requestOf(ctx);
      if (!found) return tell(GONE);
      const refusal = closeRefusal(deps, userId, found, NOODKNOP_LEFTOVER_DISMISS, DISMISS_ACT);
      if (refusal) return tell(refusal);
      const announce = announceOf(deps.config);
      if (!announce) return tell(NOT_CONFIGURED);
      const result = dismissAndAnnounce(deps.db, { requestId: found.id, actor: userId, at: deps.clock.now(), announce });
      if (result.status === 'not_found') return tell(GONE);
      if (result.status === 'not_open') return tell(`${leftoverTakenCareOf(found.id, result.leftover)} Er is niets veranderd.`);
      deps.logger.event('info', 'noodknop.leftover_dismissed', { user: userId, request: found.id, persons: result.persons });
      return tell(
        `Vastgelegd: voor de ${formatCount(result.persons, 'persoon', 'personen')} zonder plek van noodknop #${found.id} is geen nieuwe noodknop nodig. Ze staan niet meer onder "Nu actie nodig".`,
      );
    },
  },
  {
    id: NOODKNOP_OFFER_EDIT,
    run: (ctx) => {
      const existing = findOffer(ctx.deps.db, idOf(ctx.value) ?? -1);
      return openOffer(ctx, existing && findRequest(ctx.deps.db, existing.requestId), existing?.id ?? -1);
    },
  },
  {
    id: NOODKNOP_OFFER_WITHDRAW,
    run: (ctx) => {
      const { deps, userId, source } = ctx;
      const refusal = requireRole(deps, userId, 'editor', NOODKNOP_OFFER_WITHDRAW);
      if (refusal) return tell(refusal);
      const announce = announceOf(deps.config);
      if (!announce) return tell(NOT_CONFIGURED);
      // The reply clicked is updated through the outbox with the withdrawal (not an ephemeral one).
      const reply = source.channelId && source.messageTs ? { channel: source.channelId, ts: source.messageTs } : undefined;
      const result = withdrawAndAnnounce(deps.db, { offerId: idOf(ctx.value) ?? -1, actor: userId, at: deps.clock.now(), reply, announce });
      if (result.status === 'not_yours') return tell('Alleen wie het aanbod deed kan het intrekken. Er is niets veranderd.');
      if (result.status === 'already_withdrawn') return tell('Dit aanbod was al ingetrokken.');
      if (result.status === 'closed') return tell(`Noodknop #${result.request.id} is ${result.request.state}; het aanbod kan niet meer worden ingetrokken.`);
      if (result.status !== 'saved') return tell('Dit aanbod bestaat niet (meer).');
      deps.logger.event('info', 'noodknop.offer_withdrawn', { user: userId, offer: result.offer.id });
      return { kind: 'nothing' };
    },
  },
  {
    id: NOODKNOP_PLACE_OPEN,
    run: (ctx) => {
      const found = requestOf(ctx);
      if (!found) return tell(GONE);
      const refusal = closeRefusal(ctx.deps, ctx.userId, found, NOODKNOP_PLACE_OPEN);
      if (refusal) return tell(refusal);
      if (!canPlace(found.state, activeOffers(ctx.deps.db, found.id).length)) {
        return tell(acceptsOffers(found.state) ? `Noodknop #${found.id} heeft nog geen aanbod; bevestigen kan pas als er plekken zijn aangeboden.` : `Noodknop #${found.id} is al ${found.state}.`);
      }
      return openFormFromAction(place, ctx, { requestId: found.id });
    },
  },
  {
    id: NOODKNOP_CANCEL_OPEN,
    run: (ctx) => {
      const found = requestOf(ctx);
      if (!found) return tell(GONE);
      const refusal = closeRefusal(ctx.deps, ctx.userId, found, NOODKNOP_CANCEL_OPEN);
      if (refusal) return tell(refusal);
      if (!canCancel(found.state)) return tell(`Noodknop #${found.id} is al ${found.state}.`);
      return openFormFromAction(cancel, ctx, { requestId: found.id });
    },
  },
];
