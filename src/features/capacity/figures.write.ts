import type { Db } from '../../store/database';
import { toLocalDay } from '../../format/nl';
import { recordCnoMovement } from '../roster/roster.store';
import { insertLocation, municipalitiesOf } from './capacity.store';
import type { ImportRow } from './import';
import { locationIdByName, updateLocationRow, type LocationUpdate, type LocationUpdateResult } from './locations.store';

/**
 * Writes that span features, declared in one place: a change of a location's figures is
 * capacity's row and history, and for a CNO location also the roster's record of who arrived and
 * left (cno_stays, the 14-day rule). This module opens the one transaction and calls each owning
 * store; nothing else writes both. The noodknop's placement (noodknop/placement.write.ts) and the
 * CSV import come through here too.
 */

/**
 * The one write path for a location's figures, used by the form, the import and the noodknop:
 * the version check, the row, a history line, the audit line and, for CNO locations, the guests'
 * arrival or departure days, in one transaction (inside an outer one when the caller has one).
 */
export function updateLocation(db: Db, update: LocationUpdate & { noodknopRequestId?: number }): LocationUpdateResult {
  return db.transaction((): LocationUpdateResult => {
    const result = updateLocationRow(db, update);
    if (result.status === 'updated' && result.after.targetGroup === 'cno' && result.after.occupied !== result.before.occupied) {
      recordCnoMovement(db, {
        locationId: result.after.id,
        delta: result.after.occupied - result.before.occupied,
        today: toLocalDay(update.at),
        actor: update.actor,
        at: update.at,
        noodknopRequestId: update.noodknopRequestId,
      });
    }
    return result;
  })();
}

export interface ImportOutcome {
  added: number;
  updated: number;
  unchanged: number;
}

/** Stores checked import rows in one transaction: new names are added, existing ones updated through updateLocation. */
export function importLocations(db: Db, region: string, rows: ImportRow[], actor: string, at: Date): ImportOutcome {
  const municipalities = new Map(municipalitiesOf(db, region).map((m) => [m.name, m.id]));
  return db.transaction(() => {
    const outcome: ImportOutcome = { added: 0, updated: 0, unchanged: 0 };
    for (const row of rows) {
      const municipalityId = municipalities.get(row.municipality)!;
      const id = locationIdByName(db, municipalityId, row.name);
      if (id === undefined) {
        insertLocation(db, { ...row, municipalityId }, actor, at, 'location.import');
        outcome.added++;
        continue;
      }
      const result = updateLocation(db, {
        id,
        actor,
        at,
        action: 'location.import',
        patch: {
          stage: row.stage,
          places: row.places,
          occupied: row.occupied,
          expectedPlaces: row.expectedPlaces ?? undefined,
          opensOn: row.opensOn ?? undefined,
          contact: row.contact ?? undefined,
          note: row.note ?? undefined,
        },
      });
      if (result.status === 'updated') outcome.updated++;
      else outcome.unchanged++;
    }
    return outcome;
  })();
}

