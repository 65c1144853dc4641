import type { Db } from '../../store/database';
import { toLocalDay } from '../../format/nl';
import { recordCnoMovement } from '../stays/stays.store';
import type { LocationRecord, NationalFigure } from './capacity';
import { insertLocation, insertLocationBatch, latestNational, municipalitiesOf, upsertNational, type NewLocation } from './capacity.store';
import type { ImportRow } from './import';
import { updateLocationRow, type LocationUpdate, type LocationUpdateResult } from './locations.store';
import { noteLocation, noteNational, watchFigures, type AlertRoute } from './thresholds.write';

/**
 * Writes that span features, declared in one place: a change of a location's figures is
 * capacity's row and history, and for a CNO location also the record of which groups arrived and
 * left (stays/: cno_stays, the 14-day rule). This module opens the one transaction and calls each owning
 * store; nothing else writes both. The noodknop's placement (noodknop/placement.write.ts) and the
 * CSV import come through here too.
 *
 * Every write of figures here (a location updated or added, an import, national figures, and the
 * placement through `watchFigures`) is watched by the thresholds (thresholds.write.ts): a figure
 * that crosses one enqueues its alert in the same transaction. `alerts` says where the alerts go;
 * the bot always passes it (a direct store call in a test may leave it out: nothing is evaluated).
 */

export type { AlertRoute } from './thresholds.write';

/** Where a change's alerts go: the configured region and ALERT_CHANNEL (DIGEST_CHANNEL by default). */
export function alertRoute(config: { region: string; alerts: { channel?: string } }): AlertRoute {
  return { region: config.region, channel: config.alerts.channel };
}

/**
 * Runs a write of several locations (the noodknop's placement) as one watched change: the
 * thresholds are evaluated once, after all of it, and the alert names the placement.
 */
export function watchPlacement<T>(db: Db, alerts: AlertRoute | undefined, who: { actor: string; at: Date; requestId: number }, write: () => T): T {
  return db.transaction(() => watchFigures(db, alerts, { actor: who.actor, action: 'placement', requestId: who.requestId }, who.at, write))();
}

/**
 * The one write path for a location's figures, used by the form, the import and the noodknop:
 * the version check, the row, a history line, the audit line and, for CNO locations, the guests'
 * arrival or departure days, in one transaction (inside an outer one when the caller has one).
 */
export function updateLocation(db: Db, update: LocationUpdate & { noodknopRequestId?: number; alerts?: AlertRoute }): LocationUpdateResult {
  return db.transaction((): LocationUpdateResult =>
    watchFigures(db, update.alerts, { actor: update.actor, action: 'update' }, update.at, () => {
      const result = updateLocationRow(db, update);
      if (result.status !== 'updated') return result;
      if (result.after.targetGroup === 'cno' && result.after.occupied !== result.before.occupied) {
        recordCnoMovement(db, {
          locationId: result.after.id,
          delta: result.after.occupied - result.before.occupied,
          today: toLocalDay(update.at),
          actor: update.actor,
          at: update.at,
          noodknopRequestId: update.noodknopRequestId,
        });
      }
      noteLocation(db, result.before, result.after);
      return result;
    }),
  )();
}

/** A new location (/opvang locatie): its row, history and audit line, watched like an update. */
export function createLocation(db: Db, location: NewLocation, actor: string, at: Date, alerts: AlertRoute | undefined): ReturnType<typeof insertLocation> {
  return db.transaction(() =>
    watchFigures(db, alerts, { actor, action: 'create' }, at, () => {
      const result = insertLocation(db, location, actor, at);
      if (result.status === 'created') noteLocation(db, null, result.location);
      return result;
    }),
  )();
}

/** National figures of a reference date (/opvang landelijk): stored, and watched for the national threshold. */
export function saveNational(db: Db, figures: NationalFigure, actor: string, at: Date, alerts: AlertRoute | undefined): ReturnType<typeof upsertNational> {
  return db.transaction(() =>
    watchFigures(db, alerts, { actor, action: 'national' }, at, () => {
      const latestBefore = latestNational(db);
      const stored = upsertNational(db, figures, actor, at);
      noteNational(db, stored, { before: latestBefore, after: latestNational(db) });
      return stored;
    }),
  )();
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
export function importLocations(db: Db, region: string, rows: ImportRow[], actor: string, at: Date, alerts?: AlertRoute): ImportResult {
  const municipalities = new Map(municipalitiesOf(db, region).map((m) => [m.name, m.id]));
  try {
    return db.transaction((): ImportResult => watchFigures(db, alerts, { actor, action: 'import' }, at, (): ImportResult => {
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
      const clash = insertLocationBatch(db, fresh, actor, at, 'location.import', (id, row) => noteLocation(db, null, importedRecord(id, row, actor, at)));
      if (clash >= 0) throw new ImportConflict(fresh[clash]!);
      outcome.added = fresh.length;
      return { status: 'stored', ...outcome };
    }))();
  } catch (error) {
    if (!(error instanceof ImportConflict)) throw error;
    return { status: 'conflict', line: error.row.line, name: error.row.name, municipality: error.row.municipality };
  }
}

/** A location the import added, as the thresholds see it (the batch reads nothing back, for speed). */
function importedRecord(id: number, row: NewLocation & { municipality: string }, actor: string, at: Date): LocationRecord {
  return {
    id,
    municipalityId: row.municipalityId,
    municipality: row.municipality,
    name: row.name,
    targetGroup: row.targetGroup,
    stage: row.stage,
    places: row.places,
    occupied: row.occupied,
    expectedPlaces: row.expectedPlaces ?? null,
    expectedIsEstimate: false,
    opensOn: row.opensOn,
    closesOn: null,
    contact: row.contact,
    note: row.note,
    ownerId: row.ownerId ?? null,
    version: 1,
    updatedAt: at.toISOString(),
    updatedBy: actor,
  };
}
