import { refusalInDutch } from '../../domain/slack-refusals';
import { textMessage } from '../../blockkit/message';
import type { Config } from '../../config';
import type { PostTarget, UpdateTarget } from '../../outbox/outbox';
import { enqueuePost, enqueueUpdate, findOutboxRow, type OutboxRow } from '../../outbox/outbox.store';
import type { Db } from '../../store/database';
import type { AlertRoute } from '../capacity/figures.write';
import { adminIds } from '../access/access.store';
import { whoCanHelp } from '../access/access';
import { mentionFor, noodknopKeys as keys, type OfferInput, type ReminderKind, type RequestInput, type RequestRecord } from './noodknop';
import { activeOffers, nameOffer } from './noodknop.query';
import {
  cancelRequest,
  createRequest,
  dismissLeftover,
  EXPIRY_NOTICES,
  expireRequest,
  findRequest,
  isSynthetic,
  issueReminders,
  recordBroadcast,
  withdrawOffer,
  type CloseResult,
  type CreateResult,
  type DismissResult,
  type ExpiryNotice,
} from './noodknop.store';
import { broadcastMessage, closedReply, expiredDirectMessage, expiredThreadMessage, offerReply, reminderMessage, withdrawnReply } from './noodknop.view';
import { makeOffer, type OfferResult } from './offer.write';
import { placeRequest } from './placement.write';

/**
 * The noodknop's writes together with what they tell Slack. Each runs in one transaction: the
 * change (noodknop.store, placement.write) and the messages it causes, handed to the outbox
 * (broadcast, its update, thread replies, reminders, expiry notices, DMs). What is stored and
 * what is said can then never disagree: both commit or neither does, and the outbox delivers each
 * message once (looking in the channel before it posts again after an unclear answer or a crash).
 * Messages are rendered here, inside the transaction, from what was just stored; a newer update
 * of the broadcast replaces one not yet delivered.
 */

/** Where the noodknop speaks: NOODKNOP_CHANNEL and the mention it uses. */
export interface Announce {
  channel: string;
  mention: string;
}

export function announceOf(config: Config): Announce | undefined {
  return config.noodknop.channel ? { channel: config.noodknop.channel, mention: mentionFor(config.noodknop.mention) } : undefined;
}

/**
 * The broadcast as a message to change: the outbox's post (it waits until that is in the channel),
 * or a broadcast posted before the outbox existed (its stored channel and ts).
 */
function broadcastTarget(db: Db, request: RequestRecord): UpdateTarget | undefined {
  const key = keys.broadcast(request.id);
  if (findOutboxRow(db, key)) return { key };
  if (request.channelId && request.messageTs) return { channel: request.channelId, ts: request.messageTs };
  return undefined;
}

/** The broadcast's thread, likewise. */
function threadOf(db: Db, request: RequestRecord): PostTarget | undefined {
  const target = broadcastTarget(db, request);
  if (!target) return undefined;
  return 'key' in target ? { thread: target.key } : { channel: target.channel, threadTs: target.ts };
}

/** The broadcast re-rendered from what is stored now (latest wins in the outbox). */
function updateBroadcast(db: Db, request: RequestRecord, announce: Announce, at: Date): void {
  const target = broadcastTarget(db, request);
  if (!target) return;
  const fresh = findRequest(db, request.id) ?? request;
  enqueueUpdate(db, { kind: 'noodknop_update', target, message: broadcastMessage(fresh, activeOffers(db, request.id), announce.mention) }, at);
}

function postInThread(db: Db, request: RequestRecord, post: { key: string; kind: string; message: ReturnType<typeof textMessage> }, at: Date): void {
  const target = threadOf(db, request);
  if (target) enqueuePost(db, { ...post, target }, at);
}

/** The broadcast of a stored request (the post; once per request). */
function postBroadcast(db: Db, request: RequestRecord, announce: Announce, at: Date): boolean {
  return enqueuePost(
    db,
    { key: keys.broadcast(request.id), kind: 'noodknop_broadcast', target: { channel: announce.channel }, message: broadcastMessage(request, activeOffers(db, request.id), announce.mention) },
    at,
  );
}

/** A new request with its broadcast (the caller claims the submission: storeOnce). */
export function createAndAnnounce(
  db: Db,
  args: { input: RequestInput; actor: string; at: Date; submissionKey: string; escalateMinutes: number; announce: Announce; followUpOf?: number },
): CreateResult {
  return db.transaction((): CreateResult => {
    const created = createRequest(db, args.input, args.actor, args.at, args.submissionKey, args.escalateMinutes, args.followUpOf ?? null);
    if (created.status !== 'created') return created;
    postBroadcast(db, created.request, args.announce, args.at);
    // The first request's broadcast now names the new one instead of offering it.
    const first = args.followUpOf === undefined ? undefined : findRequest(db, args.followUpOf);
    if (first) updateBroadcast(db, first, args.announce, args.at);
    return created;
  })();
}

/** The people a partial placement left without a place need no new noodknop: recorded, and the broadcast says so. */
export function dismissAndAnnounce(db: Db, args: { requestId: number; actor: string; at: Date; announce: Announce }): DismissResult {
  return db.transaction((): DismissResult => {
    const result = dismissLeftover(db, args.requestId, args.actor, args.at);
    if (result.status === 'dismissed') updateBroadcast(db, result.request, args.announce, args.at);
    return result;
  })();
}

/**
 * A broadcast for an unresolved request that has none: one stored before the outbox existed
 * whose broadcast never went out. Synthetic requests (the benchmark dataset) are never announced.
 */
export function ensureBroadcast(db: Db, request: RequestRecord, announce: Announce, at: Date): boolean {
  if (request.messageTs || findOutboxRow(db, keys.broadcast(request.id)) || isSynthetic(db, request.id)) return false;
  return db.transaction(() => postBroadcast(db, request, announce, at))();
}

/**
 * A new or changed offer (offer.write.ts checks the location's room in the same transaction): the
 * broadcast shows it, and a reply in the thread says so.
 */
export function offerAndAnnounce(
  db: Db,
  region: string,
  args: { requestId: number; offerId?: number; input: OfferInput; actor: string; at: Date; submissionKey: string; announce: Announce },
): OfferResult {
  return db.transaction((): OfferResult => {
    const result = makeOffer(db, region, args);
    if (result.status !== 'saved') return result;
    updateBroadcast(db, result.request, args.announce, args.at);
    const changed = args.offerId !== undefined;
    postInThread(
      db,
      result.request,
      {
        key: keys.offer(result.request.id, result.offer.id, changed ? args.submissionKey : undefined),
        kind: 'noodknop_thread',
        message: offerReply(result.request, nameOffer(db, result.offer), activeOffers(db, result.request.id), changed),
      },
      args.at,
    );
    return result;
  })();
}

/** A withdrawn offer: its reply (the message clicked) loses its buttons, the broadcast its places. */
export function withdrawAndAnnounce(
  db: Db,
  args: { offerId: number; actor: string; at: Date; reply?: { channel: string; ts: string }; announce: Announce },
): ReturnType<typeof withdrawOffer> {
  return db.transaction(() => {
    const result = withdrawOffer(db, args.offerId, args.actor, args.at);
    if (result.status !== 'saved') return result;
    if (args.reply) {
      const message = withdrawnReply(nameOffer(db, result.offer), result.request, activeOffers(db, result.request.id));
      enqueueUpdate(db, { kind: 'noodknop_reply_update', target: args.reply, message }, args.at);
    }
    updateBroadcast(db, result.request, args.announce, args.at);
    return result;
  })();
}

/** The placement (occupancy goes up), the broadcast closed, and who was placed where in the thread. */
export function placeAndAnnounce(
  db: Db,
  args: { requestId: number; used: Map<number, number>; overCapacityConfirmed: boolean; actor: string; at: Date; announce: Announce; alerts?: AlertRoute },
): CloseResult {
  return db.transaction((): CloseResult => {
    const result = placeRequest(db, args.requestId, args.used, args.actor, args.at, args.overCapacityConfirmed, args.alerts);
    if (result.status !== 'closed') return result;
    updateBroadcast(db, result.request, args.announce, args.at);
    const placed = result.placed.map((p) => ({ ...p, offer: nameOffer(db, p.offer) }));
    postInThread(db, result.request, { key: keys.closed(result.request.id), kind: 'noodknop_thread', message: closedReply(result.request, placed) }, args.at);
    return result;
  })();
}

/** A cancelled request: the broadcast says so, and so does the thread. */
export function cancelAndAnnounce(db: Db, args: { requestId: number; reason: string; actor: string; at: Date; announce: Announce }): CloseResult {
  return db.transaction((): CloseResult => {
    const result = cancelRequest(db, args.requestId, args.reason, args.actor, args.at);
    if (result.status !== 'closed') return result;
    updateBroadcast(db, result.request, args.announce, args.at);
    postInThread(db, result.request, { key: keys.closed(result.request.id), kind: 'noodknop_thread', message: closedReply(result.request, []) }, args.at);
    return result;
  })();
}

/**
 * The expiry notices of a verlopen request not issued yet: the broadcast shows verlopen, the
 * thread says so, and the requester gets a direct message. Each notice once (issued_at).
 */
export function issueExpiryNotices(db: Db, requestId: number, kinds: readonly ExpiryNotice[], announce: Announce, at: Date): void {
  db.transaction(() => {
    const request = findRequest(db, requestId);
    if (!request || request.state !== 'verlopen') return;
    const offers = activeOffers(db, requestId);
    const synthetic = isSynthetic(db, requestId);
    if (kinds.includes('expired') && issueReminders(db, requestId, ['expired'], at) && !synthetic) {
      updateBroadcast(db, request, announce, at);
      postInThread(db, request, { key: keys.expired(requestId), kind: 'noodknop_expired', message: expiredThreadMessage(request, offers) }, at);
    }
    if (kinds.includes('expired_dm') && issueReminders(db, requestId, ['expired_dm'], at) && !synthetic) {
      enqueuePost(db, { key: keys.expiredDm(requestId), kind: 'noodknop_expired_dm', target: { user: request.requestedBy }, message: expiredDirectMessage(request, offers) }, at);
    }
  })();
}

/** An open request past its deadline becomes verlopen, with its notices, in one transaction. */
export function expireAndAnnounce(db: Db, requestId: number, announce: Announce, now: Date): RequestRecord | undefined {
  return db.transaction(() => {
    const expired = expireRequest(db, requestId, now);
    if (expired) issueExpiryNotices(db, requestId, EXPIRY_NOTICES, announce, now);
    return expired && findRequest(db, requestId);
  })();
}

/**
 * A due reminder (or several that fell due together: one message) for a request that is still
 * open, issued once. False when it is not open any more or was issued already.
 */
export function remindAndAnnounce(db: Db, requestId: number, kinds: ReminderKind[], announce: Announce, now: Date): boolean {
  return db.transaction(() => {
    const request = findRequest(db, requestId);
    // Read now, in the transaction: an offer may have covered it (or it closed) since the job looked.
    if (!request || request.state !== 'open') return false;
    if (!issueReminders(db, requestId, kinds, now)) return false;
    if (isSynthetic(db, requestId)) return true;
    const message = reminderMessage(request, activeOffers(db, requestId), announce.mention, kinds);
    postInThread(db, request, { key: keys.reminder(requestId, kinds), kind: 'noodknop_reminder', message }, now);
    return true;
  })();
}

/** The outbox delivered a broadcast: the request records where it is (channel and ts). */
export function broadcastDelivered(db: Db, row: OutboxRow): void {
  const requestId = keys.requestOfBroadcast(row.key);
  if (requestId !== undefined && row.channelId && row.ts) recordBroadcast(db, requestId, row.channelId, row.ts);
}

/**
 * A broadcast Slack refused for good (the bot is not in the channel, the channel is gone): the
 * requester hears it privately, once, so the team can be warned another way.
 */
export function broadcastRefused(db: Db, row: OutboxRow, at: Date): void {
  const requestId = keys.requestOfBroadcast(row.key);
  if (requestId === undefined) return;
  const request = findRequest(db, requestId);
  if (!request) return;
  const where = row.channelId ? `<#${row.channelId}>` : 'het noodknop-kanaal';
  const admins = adminIds(db);
  const message = textMessage(
    `:warning: Je noodknop-oproep #${request.id} is opgeslagen, maar Slack weigert hem in ${where} te plaatsen: ${refusalInDutch(row.lastError)}. Waarschuw het team zelf. Daarna kan ${admins.length > 0 ? whoCanHelp(admins) : 'een beheerder'} de oproep opnieuw laten versturen met \`/opvang outbox opnieuw ${row.id}\`.`,
  );
  enqueuePost(db, { key: keys.broadcastFailedDm(request.id), kind: 'noodknop_failed_dm', target: { user: request.requestedBy }, message }, at);
}
