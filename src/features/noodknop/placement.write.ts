import type { Db } from '../../store/database';
import { updateLocation, watchPlacement, type AlertRoute } from '../capacity/figures.write';
import { findLocation } from '../capacity/locations.store';
import { canPlace } from './noodknop';
import { activeOffers, closeAsPlaced, findRequest, recordUsedPlaces, type CloseResult } from './noodknop.store';

/**
 * The noodknop's placement, a write across features declared in one place: the offers record
 * what was used and the request closes (the noodknop's tables), and each used location's occupancy
 * goes up through capacity's updateLocation (row, history, audit, and CNO arrivals on the
 * CNO groups' cno_stays (stays/), linked to this request). One transaction: all of it or none.
 */
export function placeRequest(db: Db, requestId: number, used: Map<number, number>, actor: string, at: Date, alerts?: AlertRoute): CloseResult {
  // Watched as one change: the thresholds are evaluated after every location's occupancy went up.
  return watchPlacement(db, alerts, { actor, at, requestId }, (): CloseResult => {
    const request = findRequest(db, requestId);
    if (!request) return { status: 'not_found' };
    const offers = activeOffers(db, requestId);
    if (!canPlace(request.state, offers.length)) return { status: 'not_allowed', request };
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
