import type { Db } from '../../store/database';
import { updateLocation, watchPlacement, type AlertRoute } from '../capacity/figures.write';
import { findLocation } from '../capacity/locations.store';
import { availableForOffer, canPlace, type OfferRow } from './noodknop';
import { activeOffers, closeAsPlaced, findRequest, offeredPerLocation, recordUsedPlaces, type CloseResult } from './noodknop.store';

/**
 * The noodknop's placement, a write across features declared in one place: the offers record
 * what was used and the request closes (the noodknop's tables), and each used location's occupancy
 * goes up through capacity's updateLocation (row, history, audit, and CNO arrivals on the
 * CNO groups' cno_stays (stays/), linked to this request). One transaction: all of it or none.
 *
 * The offer rule is checked again here, in the same transaction as the write (issue 10 §3): a
 * location may have closed or filled up since it was offered, so each used location must still be
 * operational and have room for what is placed there once other open requests' offers are taken
 * off — unless `overCapacityConfirmed` (the form's "Meer dan vrij" box).
 */
export function placeRequest(
  db: Db,
  requestId: number,
  used: Map<number, number>,
  actor: string,
  at: Date,
  overCapacityConfirmed = false,
  alerts?: AlertRoute,
): CloseResult {
  // Watched as one change: the thresholds are evaluated after every location's occupancy went up.
  return watchPlacement(db, alerts, { actor, at, requestId }, (): CloseResult => {
    const request = findRequest(db, requestId);
    if (!request) return { status: 'not_found' };
    const offers = activeOffers(db, requestId);
    if (!canPlace(request.state, offers.length)) return { status: 'not_allowed', request };
    const refused = checkLocations(db, requestId, offers, used, overCapacityConfirmed);
    if (refused) return refused;
    const placed: Extract<CloseResult, { status: 'closed' }>['placed'] = [];
    for (const offer of offers) {
      const count = Math.min(used.get(offer.id) ?? 0, offer.places);
      recordUsedPlaces(db, offer.id, count);
      if (count === 0) continue;
      const location = offer.locationId === null ? undefined : findLocation(db, offer.locationId);
      if (!location) {
        placed.push({ offer, used: count });
        continue;
      }
      const result = updateLocation(db, {
        id: location.id,
        patch: { occupied: location.occupied + count },
        actor,
        at,
        action: 'noodknop.place',
        noodknopRequestId: requestId,
      });
      if (result.status !== 'updated') throw new Error(`placement at location ${location.id}: ${result.status}`);
      placed.push({ offer, used: count, occupied: { before: result.before.occupied, after: result.after.occupied } });
    }
    const closed = closeAsPlaced(db, request, Object.fromEntries(placed.map((p) => [p.offer.id, p.used])), actor, at);
    return { status: 'closed', request: closed, placed };
  });
}

/** The first used offer whose location cannot take what is placed there now; undefined when all can. */
function checkLocations(db: Db, requestId: number, offers: OfferRow[], used: Map<number, number>, overCapacityConfirmed: boolean): CloseResult | undefined {
  const placedAt = new Map<number, number>();
  for (const offer of offers) {
    const count = Math.min(used.get(offer.id) ?? 0, offer.places);
    if (count === 0 || offer.locationId === null) continue;
    const location = findLocation(db, offer.locationId);
    if (!location) return { status: 'location_unavailable', offerId: offer.id, reason: 'gone' };
    if (location.stage !== 'operationeel') return { status: 'location_unavailable', offerId: offer.id, reason: 'not_operational', name: location.name };
    // Two offers of this request at one location add up.
    const places = (placedAt.get(location.id) ?? 0) + count;
    placedAt.set(location.id, places);
    const offered = offeredPerLocation(db, { locationId: location.id, exceptRequestId: requestId }).get(location.id) ?? 0;
    const available = availableForOffer(location, offered);
    if (places > available && !overCapacityConfirmed) return { status: 'over_capacity', offerId: offer.id, name: location.name, places, available, offered };
  }
  return undefined;
}
