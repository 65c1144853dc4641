import type { Db } from '../../store/database';
import { toLocalDay } from '../../format/nl';
import { recordCnoMovement } from '../stays/stays.store';
import { insertLocationBatch, municipalitiesOf } from './capacity.store';
import type { ImportRow } from './import';
import { updateLocationRow, type LocationUpdate, type LocationUpdateResult } from './locations.store';

/**
 * Writes that span features, declared in one place: a change of a location's figures is
 * capacity's row and history, and for a CNO location also the record of which groups arrived and
 * left (stays/: cno_stays, the 14-day rule). This module opens the one transaction and calls each owning
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

export type ImportResult =
  | ({ status: 'stored' } & ImportOutcome)
  /** A row's location changed (or one of its name was added) between the check and the write: nothing stored. */
  | { status: 'conflict'; line: number; name: string; municipality: string };

/** Carries a conflicting row out of the rolled-back import transaction. */
class ImportConflict extends Error {
  constructor(readonly row: ImportRow) {
    super('import conflict');
  }
}

/**
 * Stores checked import rows in one transaction, all or nothing: new names are added
 * (insertLocationBatch), existing ones updated through updateLocation at the version the check saw,
 * rows that change nothing are left alone (no write, no audit line). When a location changed or
 * a name was added since the check (the check of a large file yields to the event loop, so others
 * may write meanwhile), the whole import rolls back and says which row.
 */
export function importLocations(db: Db, region: string, rows: ImportRow[], actor: string, at: Date): ImportResult {
  const municipalities = new Map(municipalitiesOf(db, region).map((m) => [m.name, m.id]));
  try {
    return db.transaction((): ImportResult => {
      const outcome: ImportOutcome = { added: 0, updated: 0, unchanged: 0 };
      const fresh: (ImportRow & { municipalityId: number })[] = [];
      for (const row of rows) {
        if (!row.changes) {
          outcome.unchanged++;
          continue;
        }
        const municipalityId = municipalities.get(row.municipality)!;
        if (!row.existing) {
          fresh.push({ ...row, municipalityId });
          continue;
        }
        const result = updateLocation(db, {
          id: row.existing.id,
          expectedVersion: row.existing.version,
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
            ownerId: row.ownerId ?? undefined,
          },
        });
        if (result.status === 'conflict' || result.status === 'not_found') throw new ImportConflict(row);
        if (result.status === 'updated') outcome.updated++;
        else outcome.unchanged++;
      }
      const clash = insertLocationBatch(db, fresh, actor, at, 'location.import');
      if (clash >= 0) throw new ImportConflict(fresh[clash]!);
      outcome.added = fresh.length;
      return { status: 'stored', ...outcome };
    })();
  } catch (error) {
    if (!(error instanceof ImportConflict)) throw error;
    return { status: 'conflict', line: error.row.line, name: error.row.name, municipality: error.row.municipality };
  }
}
