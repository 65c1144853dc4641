import type { Db } from '../../store/database';
import { latestAuditLines } from '../../store/audit';
import { matchLocation, type LocationMatch, type LocationRef } from '../capacity/capacity';
import { locationRefs } from '../capacity/capacity.store';
import { locationNames } from '../capacity/locations.store';
import type { AuditRow } from './history';

/**
 * The history read model behind /opvang historie: the audit log's latest lines, with the name of
 * the location a line is about (capacity's table, read through its store).
 */
export function latestChanges(db: Db, options: { locationId?: number; limit?: number } = {}): AuditRow[] {
  const lines = latestAuditLines(db, {
    limit: options.limit,
    ...(options.locationId !== undefined ? { entity: 'location', entityId: options.locationId } : {}),
  });
  const names = locationNames(
    db,
    lines.filter((l) => l.entity === 'location' && l.entityId !== null).map((l) => Number(l.entityId)),
  );
  return lines.map((line) => ({ ...line, locationName: line.entity === 'location' ? (names.get(Number(line.entityId))?.name ?? null) : null }));
}

/** Which of the region's locations `/opvang historie <locatie>` names (capacity's locations, matched as bijwerken does). */
export function historyLocation(db: Db, region: string, wanted: string): LocationMatch<LocationRef> {
  return matchLocation(wanted, locationRefs(db, region));
}
