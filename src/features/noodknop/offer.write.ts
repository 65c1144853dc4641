import type { Db } from '../../store/database';
import { findRegionLocation } from '../capacity/capacity.store';
import { availableForOffer, type OfferInput } from './noodknop';
import { offeredPerLocation, saveOffer, type OfferWriteResult } from './noodknop.store';

export type OfferResult =
  | OfferWriteResult
  /** The location is gone, not in the region, or not operational: nothing stored. */
  | { status: 'location_unavailable'; reason: 'gone' | 'not_operational'; name?: string }
  /** More places than the location can still offer, without the confirmation: nothing stored. */
  | { status: 'over_capacity'; name: string; places: number; available: number; offered: number };

/**
 * An offer, a write across features declared in one place: the location's figures are capacity's
 * and the offer the noodknop's. The location is checked in the same transaction as the offer is
 * written: it must be operational, in the region, and have room for the places once what open
 * (open or covered) requests were already offered there is taken off — unless the over-capacity
 * box is ticked. Checked before the transaction, two offers for two requests could both take the
 * last free places.
 */
export function makeOffer(
  db: Db,
  region: string,
  args: { requestId: number; offerId?: number; input: OfferInput; actor: string; at: Date; submissionKey: string },
): OfferResult {
  return db.transaction((): OfferResult => {
    const { locationId, places, overCapacityConfirmed } = args.input;
    if (locationId !== null) {
      const location = findRegionLocation(db, region, locationId);
      if (!location) return { status: 'location_unavailable', reason: 'gone' };
      if (location.stage !== 'operationeel') return { status: 'location_unavailable', reason: 'not_operational', name: location.name };
      const offered = offeredPerLocation(db, { locationId, exceptOfferId: args.offerId }).get(locationId) ?? 0;
      const available = availableForOffer(location, offered);
      if (places > available && !overCapacityConfirmed) return { status: 'over_capacity', name: location.name, places, available, offered };
    }
    return saveOffer(db, args);
  })();
}
