import type { Db } from '../../store/database';
import { latestAuditLines } from '../../store/audit';
import { locationNames } from '../capacity/locations.store';
import type { AuditRow } from './access';

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
