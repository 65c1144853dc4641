import type { BlockAction, ButtonAction } from '@slack/bolt';
import { personRef } from '../../blockkit/escape';
import type { Button } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../deps';
import { ALREADY_STORED, storeOnce } from '../../store/store-once';
import { tellPrivately } from '../../webapi/tell-privately';
import { button } from '../../blockkit/blocks';
import {
  NOODKNOP_CANCEL_OPEN,
  NOODKNOP_CANCEL_VIEW,
  NOODKNOP_HOME_OPEN,
  NOODKNOP_OFFER_EDIT,
  NOODKNOP_OFFER_OPEN,
  NOODKNOP_OFFER_VIEW,
  NOODKNOP_OFFER_WITHDRAW,
  NOODKNOP_PLACE_OPEN,
  NOODKNOP_PLACE_VIEW,
  NOODKNOP_REQUEST_VIEW,
} from '../../blockkit/ids';
import { firstInputBlockId, readFields } from '../../blockkit/modal';
import { fieldErrors } from '../../domain/forms';
import { holdsRole, requireRole } from '../access/require-role';
import { type CommandReply, type Feature, type ScheduledJob, type Listeners } from '../feature';
import { acceptsOffers, cancelSchema, canCancel, canPlace, defaultNeededBy, offerFields, offerSchema, overCapacityError, parsePlacement, unavailableLocationError, requestFields, requestSchema, type RequestRecord } from './noodknop';
import { dueReminders, expiringRequests, findRequest, pendingExpiryNotices, unresolvedRequests } from './noodknop.store';
import {
  announceOf,
  broadcastDelivered,
  broadcastRefused,
  cancelAndAnnounce,
  createAndAnnounce,
  ensureBroadcast,
  expireAndAnnounce,
  issueExpiryNotices,
  offerAndAnnounce,
  placeAndAnnounce,
  remindAndAnnounce,
  withdrawAndAnnounce,
} from './announce.write';
import { deliverNow } from '../../outbox/signal';
import { activeOffers, findOffer, offerableLocations } from './noodknop.query';
import type { OfferResult } from './offer.write';
import {
  cancelModal,
  listMessage,
  noticeModal,
  offerModal,
  placeModal,
  requestModal,
  type OfferMetadata,
} from './noodknop.view';
import { textMessage, type Message } from '../../blockkit/message';

const NOT_CONFIGURED =
  'De noodknop is nog niet ingesteld: er is geen noodknop-kanaal (`NOODKNOP_CHANNEL`). Er is niets opgeslagen. Vraag een beheerder het kanaal in te stellen en de bot daar uit te nodigen.';


/** The interaction key of a view submission: a retry or double submit carries the same view id and hash. */
const submissionKey = (callbackId: string, view: { id: string; hash: string }) => `${callbackId}:${view.id}:${view.hash}`;

function openRequestForm(deps: Deps, userId: string): CommandReply {
  const refusal = requireRole(deps, userId, 'editor');
  if (refusal) return { kind: 'message', message: textMessage(refusal) };
  if (!deps.config.noodknop.channel) return { kind: 'message', message: textMessage(NOT_CONFIGURED) };
  return {
    kind: 'modal',
    view: requestModal(defaultNeededBy(deps.clock.now())),
    fallback: textMessage('De noodknop werkt met een formulier en kan alleen in Slack. `/opvang noodknop lijst` werkt hier wel.'),
  };
}

function renderList(deps: Deps): Message {
  return listMessage(unresolvedRequests(deps.db).map((request) => ({ request, offers: activeOffers(deps.db, request.id) })));
}

/** Tells the clicking user privately where they clicked (ephemeral, DM fallback); a failure is logged. */
async function tellClicker(deps: Deps, client: WebClient, body: BlockAction, text: string): Promise<void> {
  const channelId = body.channel?.id ?? body.container?.channel_id;
  await tellPrivately(client, { userId: body.user.id, channelId }, textMessage(text)).catch((error: unknown) =>
    deps.logger.event('warn', 'noodknop.tell_failed', { user: body.user.id, error }),
  );
}

/** Why an offer was not stored, under the field it is about (the modal stays open). */
function offerErrors(result: Exclude<OfferResult, { status: 'saved' }>, request: RequestRecord): Record<string, string> {
  switch (result.status) {
    case 'location_unavailable':
      return { location: unavailableLocationError(result.reason, result.name) };
    case 'over_capacity':
      return { places: overCapacityError(result.places, result.available, false, result.name, result.offered)! };
    case 'closed':
      return { places: `Noodknop #${request.id} is ${result.request.state}; aanbod is niet meer mogelijk. Er is niets opgeslagen.` };
    case 'not_yours':
      return { places: 'Dit aanbod is niet van jou; alleen wie het deed kan het wijzigen. Er is niets opgeslagen.' };
    case 'not_found':
      return { places: 'Dit aanbod of deze oproep bestaat niet meer. Er is niets opgeslagen.' };
  }
}

const CLOSE_REFUSAL = 'Alleen wie de noodknop indrukte of een beheerder (admin) kan de oproep afronden of annuleren. Er is niets opgeslagen.';

/**
 * Who may place or cancel a request, asked at the moment of the click or submission: an admin, or
 * the requester while they still hold the editor role (a former editor can no longer close their
 * own noodknop; issue 10 §3). The refusal to show, or undefined.
 */
function closeRefusal(deps: Deps, userId: string, request: RequestRecord, act: string): string | undefined {
  if (holdsRole(deps.db, userId, 'admin')) return undefined;
  if (request.requestedBy !== userId) return CLOSE_REFUSAL;
  return requireRole(deps, userId, 'editor', act);
}

/**
 * The escalation job: expires uncovered requests past their deadline (broadcast shows verlopen,
 * thread and requester are told) and issues due reminders in the thread, each in one transaction
 * with the messages it causes (announce.write.ts); the outbox delivers them. What is due lives in
 * noodknop_reminders, so a restart neither repeats nor skips one; reminders that fell due together
 * while the bot was down go out as one message. It also gives a broadcast to a request stored
 * before the outbox existed whose broadcast never went out.
 */
export async function runNoodknopEscalation(deps: Deps, _client?: WebClient): Promise<void> {
  const now = deps.clock.now();
  const { db } = deps;
  const announce = announceOf(deps.config);
  if (!announce) return;

  for (const request of unresolvedRequests(db)) {
    if (request.state !== 'verlopen' && ensureBroadcast(db, request, announce, now)) deps.logger.event('info', 'noodknop.broadcast_enqueued', { request: request.id, late: true });
  }
  for (const candidate of expiringRequests(db, now)) {
    if (expireAndAnnounce(db, candidate.id, announce, now)) deps.logger.event('info', 'noodknop.expired', { request: candidate.id });
  }
  // Notices of requests that expired before the outbox existed and were never sent.
  for (const pending of pendingExpiryNotices(db)) issueExpiryNotices(db, pending.requestId, pending.kinds, announce, now);
  for (const due of dueReminders(db, now)) {
    if (remindAndAnnounce(db, due.requestId, due.kinds, announce, now)) deps.logger.event('info', 'noodknop.reminded', { request: due.requestId, kinds: due.kinds });
  }
  await deliverNow(db);
}

const noodknopJob: ScheduledJob = {
  name: 'noodknop.escalation',
  cron: () => '* * * * *',
  run: runNoodknopEscalation,
  runAtStart: true,
};

export const noodknopFeature: Feature = {
  name: 'noodknop',
  subcommands: [
    {
      name: 'noodknop',
      usage: 'noodknop [lijst]',
      summary: 'Noodknop: vraag het team om binnen 24 uur opvang voor een groep (met `lijst`: de open oproepen).',
      run: (input, deps): CommandReply => {
        const args = input.args.trim().toLowerCase();
        if (args === 'lijst' || args === 'list') return { kind: 'message', message: renderList(deps) };
        if (args !== '') return { kind: 'message', message: textMessage('Gebruik `/opvang noodknop` voor een nieuwe oproep of `/opvang noodknop lijst` voor de open oproepen.') };
        return openRequestForm(deps, input.userId);
      },
    },
  ],
  homeButtons: (): Button[] => [button('Noodknop', NOODKNOP_HOME_OPEN, undefined, 'danger')],
  jobs: [noodknopJob],
  onOutboxSent: (db, row) => {
    if (row.kind === 'noodknop_broadcast') broadcastDelivered(db, row);
  },
  onOutboxFailed: (db, row, at) => {
    if (row.kind === 'noodknop_broadcast') broadcastRefused(db, row, at);
  },

  register(app: Listeners, deps: Deps) {
    const { db } = deps;

    app.action<BlockAction<ButtonAction>>(NOODKNOP_HOME_OPEN, async ({ ack, body, client }) => {
      await ack();
      const reply = openRequestForm(deps, body.user.id);
      const view = reply.kind === 'modal' ? reply.view : noticeModal('Noodknop', reply.kind === 'message' ? reply.message.text : '');
      await client.views.open({ trigger_id: body.trigger_id, view });
    });

    // ---- the request ----
    app.view(NOODKNOP_REQUEST_VIEW, async ({ ack, body, view }) => {
      const user = body.user.id;
      const refusal = requireRole(deps, user, 'editor', NOODKNOP_REQUEST_VIEW);
      if (refusal) return void (await ack({ response_action: 'errors', errors: { persons: refusal } }));
      if (!deps.config.noodknop.channel) return void (await ack({ response_action: 'errors', errors: { persons: NOT_CONFIGURED } }));
      const now = deps.clock.now();
      const parsed = requestSchema(now).safeParse(requestFields(readFields(view)));
      if (!parsed.success) return void (await ack({ response_action: 'errors', errors: fieldErrors(parsed.error) }));
      // Stored before the ack: a 200 to Slack means the submission is on disk.
      const key = submissionKey(NOODKNOP_REQUEST_VIEW, view);
      const announce = announceOf(deps.config)!;
      const result = storeOnce(db, key, now, () => createAndAnnounce(db, { input: parsed.data, actor: user, at: now, submissionKey: key, escalateMinutes: deps.config.noodknop.escalateMinutes, announce }), {
        outcome: 'noodknop.request',
      });
      await ack();
      if (result === ALREADY_STORED) return void deps.logger.event('info', 'noodknop.duplicate_request', { user, view: view.id });
      // The broadcast is in the outbox with the request (one transaction): it goes out once, also
      // across a restart or a Slack outage. A broadcast Slack refuses for good is told to the
      // requester privately (broadcastRefused).
      deps.logger.event('info', 'noodknop.requested', { user, request: result.request.id, persons: result.request.persons });
    });

    // ---- offers ----
    const openOfferForm = async (client: WebClient, body: BlockAction, request: RequestRecord | undefined, offerId?: number) => {
      const refusal = requireRole(deps, body.user.id, 'editor', NOODKNOP_OFFER_OPEN);
      if (refusal) return tellClicker(deps, client, body, refusal);
      if (!request) return tellClicker(deps, client, body, 'Deze noodknop-oproep bestaat niet (meer).');
      if (!acceptsOffers(request.state)) return tellClicker(deps, client, body, `Noodknop #${request.id} is ${request.state}; aanbod is niet meer mogelijk.`);
      const offer = offerId === undefined ? undefined : findOffer(db, offerId);
      if (offerId !== undefined) {
        if (!offer || offer.withdrawnAt) return tellClicker(deps, client, body, 'Dit aanbod is al ingetrokken.');
        if (offer.offeredBy !== body.user.id) return tellClicker(deps, client, body, `Alleen ${personRef(offer.offeredBy)} kan dit aanbod wijzigen of intrekken.`);
      }
      await client.views.open({ trigger_id: body.trigger_id, view: offerModal({ request, locations: offerableLocations(db, deps.config.region, offer?.id), offer }) });
    };

    app.action<BlockAction<ButtonAction>>(NOODKNOP_OFFER_OPEN, async ({ ack, body, action, client }) => {
      await ack();
      await openOfferForm(client, body, findRequest(db, Number(action.value)));
    });

    app.action<BlockAction<ButtonAction>>(NOODKNOP_OFFER_EDIT, async ({ ack, body, action, client }) => {
      await ack();
      const offer = findOffer(db, Number(action.value));
      await openOfferForm(client, body, offer && findRequest(db, offer.requestId), offer?.id ?? -1);
    });

    app.view(NOODKNOP_OFFER_VIEW, async ({ ack, body, view }) => {
      const user = body.user.id;
      const meta = JSON.parse(view.private_metadata || '{}') as Partial<OfferMetadata>;
      const request = meta.requestId ? findRequest(db, meta.requestId) : undefined;
      const refusal = requireRole(deps, user, 'editor', NOODKNOP_OFFER_VIEW);
      if (refusal) return void (await ack({ response_action: 'errors', errors: { places: refusal } }));
      if (!request || !acceptsOffers(request.state)) {
        return void (await ack({ response_action: 'errors', errors: { places: `Deze oproep is ${request?.state ?? 'verdwenen'}; aanbod is niet meer mogelijk.` } }));
      }
      const parsed = offerSchema.safeParse(offerFields(readFields(view)));
      if (!parsed.success) return void (await ack({ response_action: 'errors', errors: fieldErrors(parsed.error) }));
      const input = parsed.data;
      // Stored before the ack: a 200 to Slack means the submission is on disk. The location's room
      // is checked inside the same transaction (offer.write.ts).
      const key = submissionKey(NOODKNOP_OFFER_VIEW, view);
      const at = deps.clock.now();
      const result = storeOnce(
        db,
        key,
        at,
        () => offerAndAnnounce(db, deps.config.region, { requestId: request.id, offerId: meta.offerId, input, actor: user, at, submissionKey: key, announce: announceOf(deps.config)! }),
        { stored: (r) => r.status === 'saved', outcome: 'noodknop.offer' },
      );
      if (result === ALREADY_STORED) {
        await ack();
        return void deps.logger.event('info', 'noodknop.offer_not_saved', { user, request: request.id, status: 'duplicate' });
      }
      if (result.status !== 'saved') {
        deps.logger.event('info', 'noodknop.offer_not_saved', { user, request: request.id, status: result.status });
        return void (await ack({ response_action: 'errors', errors: offerErrors(result, request) }));
      }
      await ack();
      deps.logger.event('info', 'noodknop.offered', { user, request: request.id, offer: result.offer.id, places: result.offer.places });
    });

    app.action<BlockAction<ButtonAction>>(NOODKNOP_OFFER_WITHDRAW, async ({ ack, body, action, client }) => {
      await ack();
      const user = body.user.id;
      const refusal = requireRole(deps, user, 'editor', NOODKNOP_OFFER_WITHDRAW);
      if (refusal) return tellClicker(deps, client, body, refusal);
      const channel = body.container?.channel_id ?? body.channel?.id;
      const ts = body.container?.message_ts ?? body.message?.ts;
      // The reply clicked is updated through the outbox with the withdrawal (not an ephemeral one).
      const reply = channel && ts && !body.container?.is_ephemeral ? { channel, ts } : undefined;
      const result = withdrawAndAnnounce(db, { offerId: Number(action.value), actor: user, at: deps.clock.now(), reply, announce: announceOf(deps.config)! });
      if (result.status === 'not_yours') return tellClicker(deps, client, body, `Alleen wie het aanbod deed kan het intrekken. Er is niets veranderd.`);
      if (result.status === 'already_withdrawn') return tellClicker(deps, client, body, 'Dit aanbod was al ingetrokken.');
      if (result.status === 'closed') return tellClicker(deps, client, body, `Noodknop #${result.request.id} is ${result.request.state}; het aanbod kan niet meer worden ingetrokken.`);
      if (result.status !== 'saved') return tellClicker(deps, client, body, 'Dit aanbod bestaat niet (meer).');
      deps.logger.event('info', 'noodknop.offer_withdrawn', { user, offer: result.offer.id });
    });

    // ---- closing: placed or cancelled ----
    app.action<BlockAction<ButtonAction>>(NOODKNOP_PLACE_OPEN, async ({ ack, body, action, client }) => {
      await ack();
      const request = findRequest(db, Number(action.value));
      if (!request) return tellClicker(deps, client, body, 'Deze noodknop-oproep bestaat niet (meer).');
      const refusal = closeRefusal(deps, body.user.id, request, NOODKNOP_PLACE_OPEN);
      if (refusal) return tellClicker(deps, client, body, refusal);
      const offers = activeOffers(db, request.id);
      if (!canPlace(request.state, offers.length)) return tellClicker(deps, client, body, `Noodknop #${request.id} is ${request.state} of heeft geen aanbod; plaatsen kan niet.`);
      await client.views.open({ trigger_id: body.trigger_id, view: placeModal(request, offers) });
    });

    app.view(NOODKNOP_PLACE_VIEW, async ({ ack, body, view }) => {
      const user = body.user.id;
      const request = findRequest(db, Number(view.private_metadata));
      const offers = request ? activeOffers(db, request.id) : [];
      // Refusals go under an input block of the submitted form, the only ids Slack takes for errors.
      const firstField = firstInputBlockId(view) ?? 'intro';
      const refusal = request ? closeRefusal(deps, user, request, NOODKNOP_PLACE_VIEW) : CLOSE_REFUSAL;
      if (!request || refusal) return void (await ack({ response_action: 'errors', errors: { [firstField]: refusal ?? CLOSE_REFUSAL } }));
      if (!canPlace(request.state, offers.length)) return void (await ack({ response_action: 'errors', errors: { [firstField]: `Noodknop #${request.id} is ${request.state}.` } }));
      const parsed = parsePlacement(readFields(view), offers, request.persons);
      if (!parsed.ok) return void (await ack({ response_action: 'errors', errors: parsed.errors }));
      // Stored before the ack: a 200 to Slack means the submission is on disk.
      const at = deps.clock.now();
      const result = storeOnce(db, submissionKey(NOODKNOP_PLACE_VIEW, view), at, () => placeAndAnnounce(db, { requestId: request.id, used: parsed.used, actor: user, at, announce: announceOf(deps.config)! }), {
        stored: (r) => r.status === 'closed',
        outcome: 'noodknop.place',
      });
      if (result !== ALREADY_STORED && result.status !== 'closed') {
        // Closed or gone meanwhile (another process): the form stays open and says so.
        deps.logger.event('info', 'noodknop.place_not_saved', { user, request: request.id, status: result.status });
        return void (await ack({ response_action: 'errors', errors: { [firstField]: `Noodknop #${request.id} is ${result.status === 'not_allowed' ? result.request.state : 'verdwenen'}; er is niets opgeslagen.` } }));
      }
      await ack();
      if (result === ALREADY_STORED) return void deps.logger.event('info', 'noodknop.place_not_saved', { user, request: request.id, status: 'duplicate' });
      deps.logger.event('info', 'noodknop.placed', { user, request: request.id, placed: result.placed.map((p) => [p.offer.id, p.used]) });
    });

    app.action<BlockAction<ButtonAction>>(NOODKNOP_CANCEL_OPEN, async ({ ack, body, action, client }) => {
      await ack();
      const request = findRequest(db, Number(action.value));
      if (!request) return tellClicker(deps, client, body, 'Deze noodknop-oproep bestaat niet (meer).');
      const refusal = closeRefusal(deps, body.user.id, request, NOODKNOP_CANCEL_OPEN);
      if (refusal) return tellClicker(deps, client, body, refusal);
      if (!canCancel(request.state)) return tellClicker(deps, client, body, `Noodknop #${request.id} is al ${request.state}.`);
      await client.views.open({ trigger_id: body.trigger_id, view: cancelModal(request) });
    });

    app.view(NOODKNOP_CANCEL_VIEW, async ({ ack, body, view }) => {
      const user = body.user.id;
      const request = findRequest(db, Number(view.private_metadata));
      const refusal = request ? closeRefusal(deps, user, request, NOODKNOP_CANCEL_VIEW) : CLOSE_REFUSAL;
      if (!request || refusal) return void (await ack({ response_action: 'errors', errors: { reason: refusal ?? CLOSE_REFUSAL } }));
      if (!canCancel(request.state)) return void (await ack({ response_action: 'errors', errors: { reason: `Noodknop #${request.id} is al ${request.state}.` } }));
      const parsed = cancelSchema.safeParse({ reason: readFields(view).reason ?? '' });
      if (!parsed.success) return void (await ack({ response_action: 'errors', errors: fieldErrors(parsed.error) }));
      // Stored before the ack: a 200 to Slack means the submission is on disk.
      const at = deps.clock.now();
      const result = storeOnce(db, submissionKey(NOODKNOP_CANCEL_VIEW, view), at, () => cancelAndAnnounce(db, { requestId: request.id, reason: parsed.data.reason, actor: user, at, announce: announceOf(deps.config)! }), {
        stored: (r) => r.status === 'closed',
        outcome: 'noodknop.cancel',
      });
      if (result !== ALREADY_STORED && result.status !== 'closed') {
        deps.logger.event('info', 'noodknop.cancel_not_saved', { user, request: request.id, status: result.status });
        return void (await ack({ response_action: 'errors', errors: { reason: `Noodknop #${request.id} is ${result.status === 'not_allowed' ? result.request.state : 'verdwenen'}; er is niets opgeslagen.` } }));
      }
      await ack();
      if (result === ALREADY_STORED) return void deps.logger.event('info', 'noodknop.cancel_not_saved', { user, request: request.id, status: 'duplicate' });
      deps.logger.event('info', 'noodknop.cancelled', { user, request: request.id });
    });
  },
};
