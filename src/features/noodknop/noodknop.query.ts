import type { Db } from '../../store/database';
import { locationNames, operationalLocationsIn } from '../capacity/locations.store';
import { availableForOffer, type OfferableLocation, type OfferRecord, type OfferRow } from './noodknop';
import * as store from './noodknop.store';

/**
 * The noodknop's read models across features: offers with the name of the location they are at,
 * and the locations that can take people with their free places (capacity's table, read through
 * capacity's store).
 */

/** Adds the location's name and municipality to offers read from the noodknop's table. */
function nameOffers<T extends OfferRow>(db: Db, rows: T[]): (T & Pick<OfferRecord, 'locationName' | 'municipality'>)[] {
  const names = locationNames(db, rows.flatMap((o) => (o.locationId === null ? [] : [o.locationId])));
  return rows.map((o) => {
    const name = o.locationId === null ? undefined : names.get(o.locationId);
    return { ...o, locationName: name?.name ?? null, municipality: name?.municipality ?? null };
  });
}

export function nameOffer<T extends OfferRow>(db: Db, row: T): T & Pick<OfferRecord, 'locationName' | 'municipality'> {
  return nameOffers(db, [row])[0]!;
}

/** Active (not withdrawn) offers of a request, oldest first, with their locations' names. */
export function activeOffers(db: Db, requestId: number): OfferRecord[] {
  return nameOffers(db, store.activeOffers(db, requestId));
}

export function findOffer(db: Db, id: number): OfferRecord | undefined {
  const row = store.findOffer(db, id);
  return row && nameOffer(db, row);
}

/**
 * Operational locations of the region with the places they can still offer (free less what open
 * requests were already offered; `exceptOfferId` is the offer being changed), those with room
 * first: the offer form's choices.
 */
export function offerableLocations(db: Db, region: string, exceptOfferId?: number): OfferableLocation[] {
  const offered = store.offeredPerLocation(db, { exceptOfferId });
  return operationalLocationsIn(db, region)
    .map((l) => ({ ...l, free: availableForOffer(l, offered.get(l.id) ?? 0) }))
    .sort((a, b) => Number(b.free > 0) - Number(a.free > 0) || b.free - a.free || a.name.localeCompare(b.name, 'nl'));
}
