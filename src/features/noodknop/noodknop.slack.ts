import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { personRef } from '../../blockkit/escape';
import type { Button } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../deps';
import { perDatabase } from '../../store/database';
import { ALREADY_STORED, storeOnce } from '../../store/store-once';
import { directMessage, tellPrivately } from '../../webapi/tell-privately';
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
import { type CommandReply, type Feature, type ScheduledJob } from '../feature';
import { acceptsOffers, cancelSchema, canCancel, canPlace, defaultNeededBy, mentionFor, offerFields, offerSchema, overCapacityError, parsePlacement, requestFields, requestSchema, type RequestRecord } from './noodknop';
import { cancelRequest, claimReminders, createRequest, dueReminders, expireRequest, expiringRequests, findRequest, pendingExpiryNotices, recordBroadcast, releaseReminders, saveOffer, unresolvedRequests, withdrawOffer } from './noodknop.store';
import { activeOffers, findOffer, freeForOffer, nameOffer, offerableLocations } from './noodknop.query';
import { placeRequest } from './placement.write';
import {
  broadcastMessage,
  cancelModal,
  closedReply,
  expiredDirectMessage,
  expiredThreadMessage,
  listMessage,
  noticeModal,
  offerModal,
  offerReply,
  placeModal,
  reminderMessage,
  requestModal,
  withdrawnReply,
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

/**
 * The last broadcast update under way per request. Updates of one broadcast go out one after the
 * other, each rendered when its turn comes: an update that Slack holds up (rate limit, retry) can
 * then never land after a newer one and leave an old count on the broadcast.
 */
const broadcastUpdates = perDatabase((): Map<number, Promise<void>> => new Map());

/** Re-renders the broadcast in place from what is stored now; throws when Slack refused. */
async function updateBroadcast(deps: Deps, client: WebClient, request: RequestRecord): Promise<void> {
  const { channelId, messageTs } = request;
  if (!channelId || !messageTs) return;
  const queue = broadcastUpdates(deps.db);
  const mine = (queue.get(request.id) ?? Promise.resolve()).then(async () => {
    const fresh = findRequest(deps.db, request.id) ?? request;
    const message = broadcastMessage(fresh, activeOffers(deps.db, request.id), mentionFor(deps.config.noodknop.mention));
    await client.chat.update({ channel: channelId, ts: messageTs, text: message.text, blocks: message.blocks });
  });
  const settled = mine.catch(() => undefined);
  queue.set(request.id, settled);
  try {
    await mine;
  } finally {
    if (queue.get(request.id) === settled) queue.delete(request.id);
  }
}

/** Re-renders the broadcast in place from what is stored now (a refusal is logged). */
async function refreshBroadcast(deps: Deps, client: WebClient, request: RequestRecord): Promise<void> {
  try {
    await updateBroadcast(deps, client, request);
  } catch (error) {
    deps.logger.event('error', 'noodknop.broadcast_update_failed', { request: request.id, error });
  }
}

async function postInThread(deps: Deps, client: WebClient, request: RequestRecord, message: Message): Promise<void> {
  if (!request.channelId || !request.messageTs) return;
  await client.chat.postMessage({ channel: request.channelId, thread_ts: request.messageTs, text: message.text, blocks: message.blocks });
}

/** Tells the clicking user privately where they clicked (ephemeral, DM fallback); a failure is logged. */
async function tellClicker(deps: Deps, client: WebClient, body: BlockAction, text: string): Promise<void> {
  const channelId = body.channel?.id ?? body.container?.channel_id;
  await tellPrivately(client, { userId: body.user.id, channelId }, textMessage(text)).catch((error: unknown) =>
    deps.logger.event('warn', 'noodknop.tell_failed', { user: body.user.id, error }),
  );
}

/**
 * Requests whose broadcast this process is posting right now. The submit handler's post may wait
 * out rate limits for longer than the job's two minutes; the job must not post a second one then.
 */
const postingBroadcasts = perDatabase((): Set<number> => new Set());

/** Posts a stored request's broadcast and records where it is; undefined when Slack refused (or a post is under way). */
async function postBroadcast(deps: Deps, client: WebClient, request: RequestRecord): Promise<string | undefined> {
  const channel = deps.config.noodknop.channel;
  if (!channel) return undefined;
  const posting = postingBroadcasts(deps.db);
  if (posting.has(request.id)) return undefined;
  posting.add(request.id);
  const message = broadcastMessage(request, [], mentionFor(deps.config.noodknop.mention));
  try {
    const posted = await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks });
    if (!posted.ts) throw new Error('chat.postMessage returned no ts');
    recordBroadcast(deps.db, request.id, posted.channel ?? channel, posted.ts);
    deps.logger.event('info', 'noodknop.broadcast', { request: request.id, channel, ts: posted.ts });
    return posted.ts;
  } catch (error) {
    deps.logger.event('error', 'noodknop.broadcast_failed', { request: request.id, channel, error });
    return undefined;
  } finally {
    posting.delete(request.id);
  }
}

const mayClose = (deps: Deps, userId: string, request: RequestRecord) => request.requestedBy === userId || holdsRole(deps.db, userId, 'admin');

const CLOSE_REFUSAL = 'Alleen wie de noodknop indrukte of een beheerder (admin) kan de oproep afronden of annuleren. Er is niets opgeslagen.';

/**
 * The escalation job: expires uncovered requests past their deadline (broadcast shows verlopen,
 * requester gets a DM), posts due reminders in the thread, and posts broadcasts that failed
 * earlier. What is due lives in noodknop_reminders, so a restart neither repeats nor skips one;
 * reminders that fell due together while the bot was down go out as one message.
 */
export async function runNoodknopEscalation(deps: Deps, client: WebClient): Promise<void> {
  const now = deps.clock.now();
  const { db } = deps;

  for (const request of unresolvedRequests(db)) {
    if (request.messageTs || request.state === 'verlopen') continue;
    // Give the submit handler time to post first; then a failed broadcast is retried here.
    if (now.getTime() - new Date(request.createdAt).getTime() < 120_000) continue;
    // Read again: the handler may have posted it while this loop waited for Slack.
    if (findRequest(db, request.id)?.messageTs) continue;
    await postBroadcast(deps, client, request);
  }

  for (const candidate of expiringRequests(db, now)) {
    const request = expireRequest(db, candidate.id, now);
    if (request) deps.logger.event('info', 'noodknop.expired', { request: request.id });
  }

  // Each notice is claimed before it is sent and given back when Slack refuses, like the reminders.
  for (const pending of pendingExpiryNotices(db)) {
    // Read when its turn comes: the requester may have placed or cancelled it while the job waited for Slack.
    const stillExpired = () => {
      const current = findRequest(db, pending.requestId);
      return current?.state === 'verlopen' ? current : undefined;
    };
    const request = stillExpired();
    if (!request) continue;
    const offers = activeOffers(db, request.id);
    if (pending.kinds.includes('expired') && request.messageTs && claimReminders(db, request.id, ['expired'], now)) {
      try {
        await updateBroadcast(deps, client, request);
        await postInThread(deps, client, request, expiredThreadMessage(request, offers));
      } catch (error) {
        releaseReminders(db, request.id, ['expired']);
        deps.logger.event('error', 'noodknop.expired_thread_failed', { request: request.id, error });
      }
    }
    if (pending.kinds.includes('expired_dm') && stillExpired() && claimReminders(db, request.id, ['expired_dm'], now)) {
      try {
        await directMessage(client, request.requestedBy, expiredDirectMessage(request, offers));
      } catch (error) {
        releaseReminders(db, request.id, ['expired_dm']);
        deps.logger.event('error', 'noodknop.expired_dm_failed', { request: request.id, error });
      }
    }
  }

  for (const due of dueReminders(db, now)) {
    const request = findRequest(db, due.requestId);
    if (!request?.messageTs) continue;
    // dueReminders was read before the posts above: an offer may have covered it (or it closed) since.
    if (request.state !== 'open') continue;
    if (!claimReminders(db, due.requestId, due.kinds, now)) continue;
    try {
      await postInThread(deps, client, request, reminderMessage(request, activeOffers(db, request.id), mentionFor(deps.config.noodknop.mention), due.kinds));
      deps.logger.event('info', 'noodknop.reminded', { request: request.id, kinds: due.kinds });
    } catch (error) {
      releaseReminders(db, due.requestId, due.kinds);
      deps.logger.event('error', 'noodknop.reminder_failed', { request: request.id, kinds: due.kinds, error });
    }
  }
}

export const noodknopJob: ScheduledJob = {
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

  register(app: App, deps: Deps) {
    const { db } = deps;

    app.action<BlockAction<ButtonAction>>(NOODKNOP_HOME_OPEN, async ({ ack, body, client }) => {
      await ack();
      const reply = openRequestForm(deps, body.user.id);
      const view = reply.kind === 'modal' ? reply.view : noticeModal('Noodknop', reply.message.text);
      await client.views.open({ trigger_id: body.trigger_id, view });
    });

    // ---- the request ----
    app.view(NOODKNOP_REQUEST_VIEW, async ({ ack, body, view, client }) => {
      const user = body.user.id;
      const refusal = requireRole(deps, user, 'editor', NOODKNOP_REQUEST_VIEW);
      if (refusal) return void (await ack({ response_action: 'errors', errors: { persons: refusal } }));
      if (!deps.config.noodknop.channel) return void (await ack({ response_action: 'errors', errors: { persons: NOT_CONFIGURED } }));
      const now = deps.clock.now();
      const parsed = requestSchema(now).safeParse(requestFields(readFields(view)));
      if (!parsed.success) return void (await ack({ response_action: 'errors', errors: fieldErrors(parsed.error) }));
      // Stored before the ack: a 200 to Slack means the submission is on disk.
      const key = submissionKey(NOODKNOP_REQUEST_VIEW, view);
      const result = storeOnce(db, key, now, () => createRequest(db, parsed.data, user, now, key, deps.config.noodknop.escalateMinutes), { outcome: 'noodknop.request' });
      await ack();
      if (result === ALREADY_STORED) return void deps.logger.event('info', 'noodknop.duplicate_request', { user, view: view.id });
      deps.logger.event('info', 'noodknop.requested', { user, request: result.request.id, persons: result.request.persons });
      const ts = await postBroadcast(deps, client, result.request);
      if (!ts) {
        await directMessage(
          client,
          user,
          textMessage(
            `:warning: Je noodknop-oproep #${result.request.id} is opgeslagen, maar ik kon hem niet in <#${deps.config.noodknop.channel}> plaatsen (staat de bot in dat kanaal?). Ik probeer het elke minuut opnieuw; waarschuw het team intussen zelf.`,
          ),
        ).catch((error: unknown) => deps.logger.event('error', 'noodknop.dm_failed', { user, error }));
      }
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
      await client.views.open({ trigger_id: body.trigger_id, view: offerModal({ request, locations: offerableLocations(db, deps.config.region), offer }) });
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

    app.view(NOODKNOP_OFFER_VIEW, async ({ ack, body, view, client }) => {
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
      if (input.locationId !== null) {
        const location = freeForOffer(db, input.locationId, request.id, meta.offerId);
        if (!location) return void (await ack({ response_action: 'errors', errors: { location: 'Deze locatie bestaat niet meer. Kies een andere.' } }));
        const error = overCapacityError(input.places, location.free, input.overCapacityConfirmed, location.name);
        if (error) return void (await ack({ response_action: 'errors', errors: { places: error } }));
      }
      // Stored before the ack: a 200 to Slack means the submission is on disk.
      const key = submissionKey(NOODKNOP_OFFER_VIEW, view);
      const at = deps.clock.now();
      const result = storeOnce(db, key, at, () => saveOffer(db, { requestId: request.id, offerId: meta.offerId, input, actor: user, at, submissionKey: key }), {
        stored: (r) => r.status === 'saved',
        outcome: 'noodknop.offer',
      });
      await ack();
      if (result === ALREADY_STORED) return void deps.logger.event('info', 'noodknop.offer_not_saved', { user, request: request.id, status: 'duplicate' });
      if (result.status !== 'saved') {
        deps.logger.event('info', 'noodknop.offer_not_saved', { user, request: request.id, status: result.status });
        if (result.status === 'closed' || result.status === 'not_yours') {
          await directMessage(client, user, textMessage(`Je aanbod voor noodknop #${request.id} is niet opgeslagen: de oproep is ${request.state} of het aanbod is niet van jou.`)).catch(() => undefined);
        }
        return;
      }
      deps.logger.event('info', 'noodknop.offered', { user, request: request.id, offer: result.offer.id, places: result.offer.places });
      await refreshBroadcast(deps, client, result.request);
      await postInThread(deps, client, result.request, offerReply(result.request, nameOffer(db, result.offer), activeOffers(db, request.id), meta.offerId !== undefined)).catch((error: unknown) =>
        deps.logger.event('error', 'noodknop.thread_failed', { request: request.id, error }),
      );
    });

    app.action<BlockAction<ButtonAction>>(NOODKNOP_OFFER_WITHDRAW, async ({ ack, body, action, client }) => {
      await ack();
      const user = body.user.id;
      const result = withdrawOffer(db, Number(action.value), user, deps.clock.now());
      if (result.status === 'not_yours') return tellClicker(deps, client, body, `Alleen wie het aanbod deed kan het intrekken. Er is niets veranderd.`);
      if (result.status === 'already_withdrawn') return tellClicker(deps, client, body, 'Dit aanbod was al ingetrokken.');
      if (result.status === 'closed') return tellClicker(deps, client, body, `Noodknop #${result.request.id} is ${result.request.state}; het aanbod kan niet meer worden ingetrokken.`);
      if (result.status !== 'saved') return tellClicker(deps, client, body, 'Dit aanbod bestaat niet (meer).');
      deps.logger.event('info', 'noodknop.offer_withdrawn', { user, offer: result.offer.id });
      const offers = activeOffers(db, result.request.id);
      const channel = body.container?.channel_id ?? body.channel?.id;
      const ts = body.container?.message_ts ?? body.message?.ts;
      if (channel && ts) {
        const message = withdrawnReply(nameOffer(db, result.offer), result.request, offers);
        await client.chat.update({ channel, ts, text: message.text, blocks: message.blocks }).catch((error: unknown) =>
          deps.logger.event('warn', 'noodknop.reply_update_failed', { error }),
        );
      }
      await refreshBroadcast(deps, client, result.request);
    });

    // ---- closing: placed or cancelled ----
    app.action<BlockAction<ButtonAction>>(NOODKNOP_PLACE_OPEN, async ({ ack, body, action, client }) => {
      await ack();
      const request = findRequest(db, Number(action.value));
      if (!request) return tellClicker(deps, client, body, 'Deze noodknop-oproep bestaat niet (meer).');
      if (!mayClose(deps, body.user.id, request)) return tellClicker(deps, client, body, CLOSE_REFUSAL);
      const offers = activeOffers(db, request.id);
      if (!canPlace(request.state, offers.length)) return tellClicker(deps, client, body, `Noodknop #${request.id} is ${request.state} of heeft geen aanbod; plaatsen kan niet.`);
      await client.views.open({ trigger_id: body.trigger_id, view: placeModal(request, offers) });
    });

    app.view(NOODKNOP_PLACE_VIEW, async ({ ack, body, view, client }) => {
      const user = body.user.id;
      const request = findRequest(db, Number(view.private_metadata));
      const offers = request ? activeOffers(db, request.id) : [];
      // Refusals go under an input block of the submitted form, the only ids Slack takes for errors.
      const firstField = firstInputBlockId(view) ?? 'intro';
      if (!request || !mayClose(deps, user, request)) return void (await ack({ response_action: 'errors', errors: { [firstField]: CLOSE_REFUSAL } }));
      if (!canPlace(request.state, offers.length)) return void (await ack({ response_action: 'errors', errors: { [firstField]: `Noodknop #${request.id} is ${request.state}.` } }));
      const parsed = parsePlacement(readFields(view), offers, request.persons);
      if (!parsed.ok) return void (await ack({ response_action: 'errors', errors: parsed.errors }));
      // Stored before the ack: a 200 to Slack means the submission is on disk.
      const at = deps.clock.now();
      const result = storeOnce(db, submissionKey(NOODKNOP_PLACE_VIEW, view), at, () => placeRequest(db, request.id, parsed.used, user, at), {
        stored: (r) => r.status === 'closed',
        outcome: 'noodknop.place',
      });
      await ack();
      if (result === ALREADY_STORED || result.status !== 'closed') {
        return void deps.logger.event('info', 'noodknop.place_not_saved', { user, request: request.id, status: result === ALREADY_STORED ? 'duplicate' : result.status });
      }
      deps.logger.event('info', 'noodknop.placed', { user, request: request.id, placed: result.placed.map((p) => [p.offer.id, p.used]) });
      await refreshBroadcast(deps, client, result.request);
      await postInThread(deps, client, result.request, closedReply(result.request, result.placed.map((p) => ({ ...p, offer: nameOffer(db, p.offer) })))).catch((error: unknown) =>
        deps.logger.event('error', 'noodknop.thread_failed', { request: request.id, error }),
      );
    });

    app.action<BlockAction<ButtonAction>>(NOODKNOP_CANCEL_OPEN, async ({ ack, body, action, client }) => {
      await ack();
      const request = findRequest(db, Number(action.value));
      if (!request) return tellClicker(deps, client, body, 'Deze noodknop-oproep bestaat niet (meer).');
      if (!mayClose(deps, body.user.id, request)) return tellClicker(deps, client, body, CLOSE_REFUSAL);
      if (!canCancel(request.state)) return tellClicker(deps, client, body, `Noodknop #${request.id} is al ${request.state}.`);
      await client.views.open({ trigger_id: body.trigger_id, view: cancelModal(request) });
    });

    app.view(NOODKNOP_CANCEL_VIEW, async ({ ack, body, view, client }) => {
      const user = body.user.id;
      const request = findRequest(db, Number(view.private_metadata));
      if (!request || !mayClose(deps, user, request)) return void (await ack({ response_action: 'errors', errors: { reason: CLOSE_REFUSAL } }));
      if (!canCancel(request.state)) return void (await ack({ response_action: 'errors', errors: { reason: `Noodknop #${request.id} is al ${request.state}.` } }));
      const parsed = cancelSchema.safeParse({ reason: readFields(view).reason ?? '' });
      if (!parsed.success) return void (await ack({ response_action: 'errors', errors: fieldErrors(parsed.error) }));
      // Stored before the ack: a 200 to Slack means the submission is on disk.
      const at = deps.clock.now();
      const result = storeOnce(db, submissionKey(NOODKNOP_CANCEL_VIEW, view), at, () => cancelRequest(db, request.id, parsed.data.reason, user, at), {
        stored: (r) => r.status === 'closed',
        outcome: 'noodknop.cancel',
      });
      await ack();
      if (result === ALREADY_STORED || result.status !== 'closed') {
        return void deps.logger.event('info', 'noodknop.cancel_not_saved', { user, request: request.id, status: result === ALREADY_STORED ? 'duplicate' : result.status });
      }
      deps.logger.event('info', 'noodknop.cancelled', { user, request: request.id });
      await refreshBroadcast(deps, client, result.request);
      await postInThread(deps, client, result.request, closedReply(result.request, [])).catch((error: unknown) =>
        deps.logger.event('error', 'noodknop.thread_failed', { request: request.id, error }),
      );
    });
  },
};
