import type { Db } from '../../store/database';
import {
  acceptsOffers,
  canCancel,
  coverage,
  reminderSchedule,
  shouldExpire,
  stateAfterOffers,
  type OfferInput,
  type ReminderKind,
  type RequestInput,
  type SpecialNeed,
  leftoverOf,
  type Leftover,
} from './noodknop';
import type { LeftoverRow, NoodknopRow, OfferRow, RequestRecord } from './noodknop';
import { recordAudit } from '../../store/audit';

const requestColumns = `id, persons, families, single_adults AS singleAdults, unaccompanied_minors AS unaccompaniedMinors,
  special_needs AS specialNeeds, origin, needed_by AS neededBy, contact, note, state, channel_id AS channelId,
  message_ts AS messageTs, requested_by AS requestedBy, created_at AS createdAt, closed_at AS closedAt,
  closed_by AS closedBy, cancel_reason AS cancelReason, follow_up_of AS followUpOf,
  (SELECT f.id FROM noodknop_requests f WHERE f.follow_up_of = noodknop_requests.id) AS followedUpBy,
  leftover_dismissed_at AS leftoverDismissedAt, leftover_dismissed_by AS leftoverDismissedBy`;

const offerColumns = `o.id, o.request_id AS requestId, o.location_id AS locationId,
  o.other_location AS otherLocation, o.places, o.note, o.offered_by AS offeredBy, o.created_at AS createdAt,
  o.updated_at AS updatedAt, o.withdrawn_at AS withdrawnAt, o.used_places AS usedPlaces`;

function toRequest(row: (Omit<RequestRecord, 'specialNeeds'> & { specialNeeds: string }) | undefined): RequestRecord | undefined {
  return row && { ...row, specialNeeds: JSON.parse(row.specialNeeds) as SpecialNeed[] };
}

export function findRequest(db: Db, id: number): RequestRecord | undefined {
  return toRequest(db.prepare(`SELECT ${requestColumns} FROM noodknop_requests WHERE id = ?`).get(id) as never);
}

/**
 * Requests not yet placed or cancelled, soonest deadline first. Synthetic ones (the benchmark
 * dataset's made-up requests, in a database seeded before they were all history) are left out
 * here and in every query the escalation job reads: nothing may make the bot call Slack about a
 * request nobody made.
 */
export function unresolvedRequests(db: Db): RequestRecord[] {
  return (db.prepare(`SELECT ${requestColumns} FROM noodknop_requests WHERE state IN ('open', 'gedekt', 'verlopen') AND synthetic = 0 ORDER BY needed_by, id`).all() as never[]).map(
    (row) => toRequest(row)!,
  );
}

/** How many requests are open or covered (for /healthz). */
export function countUnresolvedRequests(db: Db): number {
  return db.prepare(`SELECT count(*) FROM noodknop_requests WHERE state IN ('open', 'gedekt')`).pluck().get() as number;
}

/** Active (not withdrawn) offers of a request, oldest first. */
export function activeOffers(db: Db, requestId: number): OfferRow[] {
  return db
    .prepare(
      `SELECT ${offerColumns} FROM noodknop_offers o
       WHERE o.request_id = ? AND o.withdrawn_at IS NULL ORDER BY o.created_at, o.id`,
    )
    .all(requestId) as OfferRow[];
}

export function findOffer(db: Db, id: number): OfferRow | undefined {
  return db.prepare(`SELECT ${offerColumns} FROM noodknop_offers o WHERE o.id = ?`).get(id) as OfferRow | undefined;
}

/**
 * Places offered from locations by active offers on open or covered requests (other than
 * `exceptOfferId`, the offer being changed), per location: what those places are promised to.
 * Offers of placed, cancelled or expired requests no longer hold places.
 */
export function offeredPerLocation(db: Db, options: { locationId?: number; exceptOfferId?: number; exceptRequestId?: number } = {}): Map<number, number> {
  const rows = db
    .prepare(
      `SELECT o.location_id AS locationId, sum(o.places) AS places FROM noodknop_offers o JOIN noodknop_requests r ON r.id = o.request_id
       WHERE o.withdrawn_at IS NULL AND r.state IN ('open', 'gedekt') AND o.location_id IS NOT NULL AND o.id != @except
         AND r.id != @exceptRequest AND (@location IS NULL OR o.location_id = @location)
       GROUP BY o.location_id`,
    )
    .all({ except: options.exceptOfferId ?? -1, exceptRequest: options.exceptRequestId ?? -1, location: options.locationId ?? null }) as { locationId: number; places: number }[];
  return new Map(rows.map((r) => [r.locationId, r.places]));
}

/**
 * Requests someone still has to act on (open, gedekt, verlopen) with the places offered so far,
 * earliest first: what "Nu actie nodig" lists in the stand, the Home tab and the digest.
 */
export function unresolvedSummaries(db: Db): NoodknopRow[] {
  return db
    .prepare(
      `SELECT r.id, r.persons, r.needed_by AS neededBy, r.state, r.origin, r.requested_by AS requestedBy,
              coalesce((SELECT sum(o.places) FROM noodknop_offers o WHERE o.request_id = r.id AND o.withdrawn_at IS NULL), 0) AS offeredPlaces
       FROM noodknop_requests r WHERE r.state IN ('open', 'gedekt', 'verlopen') ORDER BY r.needed_by, r.id`,
    )
    .all() as NoodknopRow[];
}

/** Persons a placement placed (the used places of the request's active offers); 0 before it. */
export function placedCount(db: Db, requestId: number): number {
  return db.prepare('SELECT coalesce(sum(used_places), 0) FROM noodknop_offers WHERE request_id = ? AND withdrawn_at IS NULL').pluck().get(requestId) as number;
}

/** What became of the people a request's placement left without a place (noodknop.ts: leftoverOf). */
export function leftoverOfRequest(db: Db, request: RequestRecord): Leftover {
  return leftoverOf(request, placedCount(db, request.id));
}

/**
 * Requests placed since `since` that left people without a place nobody took care of yet (no new
 * noodknop for them, not dismissed), placed earliest first: the rest of "Nu actie nodig".
 */
export function leftoverSummaries(db: Db, since: Date): LeftoverRow[] {
  return db
    .prepare(
      `SELECT id, persons, placed, closedAt, requestedBy FROM (
         SELECT r.id, r.persons, r.closed_at AS closedAt, r.requested_by AS requestedBy,
                coalesce((SELECT sum(o.used_places) FROM noodknop_offers o WHERE o.request_id = r.id AND o.withdrawn_at IS NULL), 0) AS placed
         FROM noodknop_requests r
         WHERE r.state = 'geplaatst' AND r.synthetic = 0 AND r.closed_at >= ? AND r.leftover_dismissed_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM noodknop_requests f WHERE f.follow_up_of = r.id))
       WHERE placed < persons ORDER BY closedAt, id`,
    )
    .all(since.toISOString()) as LeftoverRow[];
}

// ---- writes ---------------------------------------------------------------------------------------

/** Stores a new request and its reminder schedule (the caller claims the submission: storeOnce). */
export function createRequest(
  db: Db,
  input: RequestInput,
  actor: string,
  at: Date,
  submissionKey: string,
  escalateMinutes: number,
  followUpOf: number | null = null,
): CreateResult {
  return db.transaction((): CreateResult => {
    if (followUpOf !== null) {
      // The form's metadata names the request; whether its people still need one is decided here, now.
      const first = findRequest(db, followUpOf);
      const leftover = first ? leftoverOfRequest(db, first) : ({ status: 'none' } as const);
      if (!first || leftover.status !== 'open') return { status: 'follow_up_refused', followUpOf, leftover };
    }
    const result = db
      .prepare(
        `INSERT INTO noodknop_requests (persons, families, single_adults, unaccompanied_minors, special_needs, origin, needed_by, contact, note,
           state, requested_by, created_at, submission_key, follow_up_of)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)`,
      )
      .run(
        input.persons,
        input.families,
        input.singleAdults,
        input.unaccompaniedMinors,
        JSON.stringify(input.specialNeeds),
        input.origin,
        input.neededBy.toISOString(),
        input.contact,
        input.note,
        actor,
        at.toISOString(),
        submissionKey,
        followUpOf,
      );
    const id = Number(result.lastInsertRowid);
    const insertReminder = db.prepare('INSERT INTO noodknop_reminders (request_id, kind, due_at) VALUES (?, ?, ?)');
    for (const r of reminderSchedule(at, input.neededBy, escalateMinutes)) insertReminder.run(id, r.kind, r.dueAt.toISOString());
    const request = findRequest(db, id)!;
    recordAudit(db, { actor, action: 'noodknop.request', entity: 'noodknop_request', entityId: id, after: request, at });
    return { status: 'created' as const, request };
  })();
}

export type CreateResult =
  | { status: 'created'; request: RequestRecord }
  /** A follow-up for a request whose people without a place are taken care of (or that has none): nothing stored. */
  | { status: 'follow_up_refused'; followUpOf: number; leftover: Leftover };

export type DismissResult =
  | { status: 'dismissed'; request: RequestRecord; persons: number }
  | { status: 'not_found' }
  | { status: 'not_open'; request: RequestRecord; leftover: Leftover };

/**
 * Records that the people a partial placement left without a place need no new noodknop (they
 * found a place otherwise, or went elsewhere): they leave "Nu actie nodig". Once; a second click
 * finds it done and changes nothing.
 */
export function dismissLeftover(db: Db, requestId: number, actor: string, at: Date): DismissResult {
  return db.transaction((): DismissResult => {
    const request = findRequest(db, requestId);
    if (!request) return { status: 'not_found' };
    const leftover = leftoverOfRequest(db, request);
    if (leftover.status !== 'open') return { status: 'not_open', request, leftover };
    db.prepare('UPDATE noodknop_requests SET leftover_dismissed_at = ?, leftover_dismissed_by = ? WHERE id = ? AND leftover_dismissed_at IS NULL').run(at.toISOString(), actor, requestId);
    recordAudit(db, {
      actor,
      action: 'noodknop.leftover_dismissed',
      entity: 'noodknop_request',
      entityId: requestId,
      before: { withoutPlace: leftover.persons, dismissed: false },
      after: { withoutPlace: leftover.persons, dismissed: true },
      at,
    });
    return { status: 'dismissed', request: findRequest(db, requestId)!, persons: leftover.persons };
  })();
}

export function recordBroadcast(db: Db, id: number, channelId: string, ts: string): void {
  db.prepare('UPDATE noodknop_requests SET channel_id = ?, message_ts = ? WHERE id = ?').run(channelId, ts, id);
}

export type OfferWriteResult =
  | { status: 'saved'; offer: OfferRow; request: RequestRecord; stateChanged: boolean }
  | { status: 'not_found' }
  | { status: 'closed'; request: RequestRecord }
  | { status: 'not_yours' };

/** Moves the request between open and gedekt after its offers changed (inside the caller's transaction). */
function followOffers(db: Db, request: RequestRecord, actor: string, at: Date): { request: RequestRecord; stateChanged: boolean } {
  const c = coverage(request.persons, activeOffers(db, request.id).map((o) => o.places));
  const next = stateAfterOffers(request.state, c);
  if (next === request.state) return { request, stateChanged: false };
  db.prepare('UPDATE noodknop_requests SET state = ? WHERE id = ?').run(next, request.id);
  recordAudit(db, {
    actor,
    action: 'noodknop.state',
    entity: 'noodknop_request',
    entityId: request.id,
    before: { state: request.state },
    after: { state: next, offered: c.offered, persons: c.persons },
    at,
  });
  return { request: findRequest(db, request.id)!, stateChanged: true };
}

/** Stores a new offer or changes one's own; the request follows its coverage. The caller claims the submission (storeOnce). */
export function saveOffer(
  db: Db,
  args: { requestId: number; offerId?: number; input: OfferInput; actor: string; at: Date; submissionKey: string },
): OfferWriteResult {
  const { requestId, offerId, input, actor, at, submissionKey } = args;
  return db.transaction((): OfferWriteResult => {
    const request = findRequest(db, requestId);
    if (!request) return { status: 'not_found' };
    if (!acceptsOffers(request.state)) return { status: 'closed', request };
    const iso = at.toISOString();
    let id: number;
    if (offerId === undefined) {
      id = Number(
        db
          .prepare(
            `INSERT INTO noodknop_offers (request_id, location_id, other_location, places, note, offered_by, created_at, updated_at, submission_key)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(requestId, input.locationId, input.otherLocation, input.places, input.note, actor, iso, iso, submissionKey).lastInsertRowid,
      );
      recordAudit(db, { actor, action: 'noodknop.offer', entity: 'noodknop_offer', entityId: id, after: { requestId, ...input }, at });
    } else {
      const before = findOffer(db, offerId);
      if (!before || before.requestId !== requestId || before.withdrawnAt) return { status: 'not_found' };
      if (before.offeredBy !== actor) return { status: 'not_yours' };
      db.prepare('UPDATE noodknop_offers SET location_id = ?, other_location = ?, places = ?, note = ?, updated_at = ? WHERE id = ?').run(
        input.locationId,
        input.otherLocation,
        input.places,
        input.note,
        iso,
        offerId,
      );
      id = offerId;
      recordAudit(db, {
        actor,
        action: 'noodknop.offer_change',
        entity: 'noodknop_offer',
        entityId: id,
        before: { locationId: before.locationId, otherLocation: before.otherLocation, places: before.places, note: before.note },
        after: { locationId: input.locationId, otherLocation: input.otherLocation, places: input.places, note: input.note },
        at,
      });
    }
    const followed = followOffers(db, request, actor, at);
    return { status: 'saved', offer: findOffer(db, id)!, ...followed };
  })();
}

/** Withdraws one's own offer; a second click finds it withdrawn and changes nothing. */
export function withdrawOffer(db: Db, offerId: number, actor: string, at: Date): OfferWriteResult | { status: 'already_withdrawn' } {
  return db.transaction(() => {
    const offer = findOffer(db, offerId);
    if (!offer) return { status: 'not_found' as const };
    if (offer.offeredBy !== actor) return { status: 'not_yours' as const };
    if (offer.withdrawnAt) return { status: 'already_withdrawn' as const };
    const request = findRequest(db, offer.requestId)!;
    if (!acceptsOffers(request.state)) return { status: 'closed' as const, request };
    db.prepare('UPDATE noodknop_offers SET withdrawn_at = ?, updated_at = ? WHERE id = ?').run(at.toISOString(), at.toISOString(), offerId);
    recordAudit(db, { actor, action: 'noodknop.offer_withdraw', entity: 'noodknop_offer', entityId: offerId, before: { places: offer.places }, after: { withdrawn: true }, at });
    const followed = followOffers(db, request, actor, at);
    return { status: 'saved' as const, offer: findOffer(db, offerId)!, ...followed };
  })();
}

export type CloseResult =
  | { status: 'closed'; request: RequestRecord; placed: { offer: OfferRow; used: number; occupied?: { before: number; after: number } }[] }
  | { status: 'not_found' }
  | { status: 'not_allowed'; request: RequestRecord }
  /** Placement only: an offer's location closed or is gone since the offer; nothing stored. */
  | { status: 'location_unavailable'; offerId: number; reason: 'gone' | 'not_operational'; name?: string }
  /** Placement only: the location no longer has room for what is placed there, and the box is not ticked; nothing stored. */
  | { status: 'over_capacity'; offerId: number; name: string; places: number; available: number; offered: number };

/** Records how many places of an offer were used at placement. */
export function recordUsedPlaces(db: Db, offerId: number, used: number): void {
  db.prepare('UPDATE noodknop_offers SET used_places = ? WHERE id = ?').run(used, offerId);
}

/** Closes a request as placed, with its audit line (inside the placement's transaction). */
export function closeAsPlaced(db: Db, request: RequestRecord, used: Record<number, number>, actor: string, at: Date): RequestRecord {
  db.prepare(`UPDATE noodknop_requests SET state = 'geplaatst', closed_at = ?, closed_by = ? WHERE id = ?`).run(at.toISOString(), actor, request.id);
  recordAudit(db, {
    actor,
    action: 'noodknop.placed',
    entity: 'noodknop_request',
    entityId: request.id,
    before: { state: request.state },
    after: { state: 'geplaatst', used },
    at,
  });
  return findRequest(db, request.id)!;
}

export function cancelRequest(db: Db, requestId: number, reason: string, actor: string, at: Date): CloseResult {
  return db.transaction((): CloseResult => {
    const request = findRequest(db, requestId);
    if (!request) return { status: 'not_found' };
    if (!canCancel(request.state)) return { status: 'not_allowed', request };
    db.prepare(`UPDATE noodknop_requests SET state = 'geannuleerd', closed_at = ?, closed_by = ?, cancel_reason = ? WHERE id = ?`).run(
      at.toISOString(),
      actor,
      reason,
      requestId,
    );
    recordAudit(db, { actor, action: 'noodknop.cancel', entity: 'noodknop_request', entityId: requestId, before: { state: request.state }, after: { state: 'geannuleerd', reason }, at });
    return { status: 'closed', request: findRequest(db, requestId)!, placed: [] };
  })();
}

// ---- escalation -----------------------------------------------------------------------------------

/** Open requests whose deadline has passed. */
export function expiringRequests(db: Db, now: Date): RequestRecord[] {
  return (db.prepare(`SELECT ${requestColumns} FROM noodknop_requests WHERE state = 'open' AND synthetic = 0 AND needed_by <= ? ORDER BY needed_by`).all(now.toISOString()) as never[]).map(
    (row) => toRequest(row)!,
  );
}

/**
 * Marks an open request verlopen, once (undefined when already done), with its `expired`
 * (broadcast + thread) and `expired_dm` (the requester) notices scheduled; whoever expires it
 * issues them in the same transaction (announce.write.ts).
 */
export function expireRequest(db: Db, requestId: number, now: Date): RequestRecord | undefined {
  return db.transaction(() => {
    const request = findRequest(db, requestId);
    if (!request || !shouldExpire(request.state, new Date(request.neededBy), now)) return undefined;
    db.prepare(`UPDATE noodknop_requests SET state = 'verlopen' WHERE id = ?`).run(requestId);
    const notice = db.prepare(`INSERT INTO noodknop_reminders (request_id, kind, due_at) VALUES (?, ?, ?) ON CONFLICT (request_id, kind) DO NOTHING`);
    for (const kind of EXPIRY_NOTICES) notice.run(requestId, kind, request.neededBy);
    recordAudit(db, { actor: 'opvangbot', action: 'noodknop.expired', entity: 'noodknop_request', entityId: requestId, before: { state: 'open' }, after: { state: 'verlopen' }, at: now });
    return findRequest(db, requestId);
  })();
}

/** What the bot says when a request expires: in the broadcast and its thread, and to the requester. */
export const EXPIRY_NOTICES = ['expired', 'expired_dm'] as const;
export type ExpiryNotice = (typeof EXPIRY_NOTICES)[number];

/** Expiry notices of verlopen requests not issued yet, per request (left from before the outbox). */
export function pendingExpiryNotices(db: Db): { requestId: number; kinds: ExpiryNotice[] }[] {
  const rows = db
    .prepare(
      `SELECT r.request_id AS requestId, r.kind FROM noodknop_reminders r JOIN noodknop_requests q ON q.id = r.request_id
       WHERE q.state = 'verlopen' AND q.synthetic = 0 AND r.kind IN ('expired', 'expired_dm') AND r.issued_at IS NULL ORDER BY r.request_id, r.kind`,
    )
    .all() as { requestId: number; kind: ExpiryNotice }[];
  const byRequest = new Map<number, ExpiryNotice[]>();
  for (const row of rows) byRequest.set(row.requestId, [...(byRequest.get(row.requestId) ?? []), row.kind]);
  return [...byRequest].map(([requestId, kinds]) => ({ requestId, kinds }));
}

/** Reminders due for open requests, grouped per request (kinds in due order). */
export function dueReminders(db: Db, now: Date): { requestId: number; kinds: ReminderKind[] }[] {
  const rows = db
    .prepare(
      `SELECT r.request_id AS requestId, r.kind FROM noodknop_reminders r JOIN noodknop_requests q ON q.id = r.request_id
       WHERE q.state = 'open' AND q.synthetic = 0 AND r.kind NOT IN ('expired', 'expired_dm') AND r.issued_at IS NULL AND r.due_at <= ? ORDER BY r.request_id, r.due_at`,
    )
    .all(now.toISOString()) as { requestId: number; kind: ReminderKind }[];
  const byRequest = new Map<number, ReminderKind[]>();
  for (const row of rows) byRequest.set(row.requestId, [...(byRequest.get(row.requestId) ?? []), row.kind]);
  return [...byRequest].map(([requestId, kinds]) => ({ requestId, kinds }));
}

/**
 * Marks reminders (or expiry notices) issued: true when this call issued at least one of them. Call
 * in the transaction that hands the message to the outbox; an issued reminder is never given back
 * (the outbox delivers it, or it fails for admins to see).
 */
export function issueReminders(db: Db, requestId: number, kinds: (ReminderKind | ExpiryNotice)[], now: Date): boolean {
  return db.transaction(() => {
    let issued = 0;
    const issue = db.prepare('UPDATE noodknop_reminders SET issued_at = ? WHERE request_id = ? AND kind = ? AND issued_at IS NULL');
    for (const kind of kinds) issued += issue.run(now.toISOString(), requestId, kind).changes;
    if (issued > 0) {
      recordAudit(db, { actor: 'opvangbot', action: 'noodknop.reminder', entity: 'noodknop_request', entityId: requestId, after: { kinds }, at: now });
    }
    return issued > 0;
  })();
}

/** Whether a request is part of the synthetic benchmark dataset (never announced in Slack). */
export function isSynthetic(db: Db, requestId: number): boolean {
  return db.prepare('SELECT synthetic FROM noodknop_requests WHERE id = ?').pluck().get(requestId) === 1;
}

export function remindersOf(db: Db, requestId: number): { kind: string; dueAt: string; issuedAt: string | null }[] {
  return db.prepare('SELECT kind, due_at AS dueAt, issued_at AS issuedAt FROM noodknop_reminders WHERE request_id = ? ORDER BY due_at').all(requestId) as never[];
}
