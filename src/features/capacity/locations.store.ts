import { perDatabase, type Db } from '../../store/database';
import type { LocationPatch, LocationRecord } from './capacity';
import { recordAudit } from '../../store/audit';

export type LocationUpdateResult =
  | { status: 'updated'; before: LocationRecord; after: LocationRecord }
  | { status: 'unchanged'; current: LocationRecord }
  /** Someone else wrote since the form was opened: nothing stored. */
  | { status: 'conflict'; current: LocationRecord }
  | { status: 'not_found' };

const columns: Record<keyof LocationPatch, string> = {
  name: 'name',
  stage: 'stage',
  places: 'places',
  occupied: 'occupied',
  expectedPlaces: 'expected_places',
  expectedIsEstimate: 'expected_is_estimate',
  opensOn: 'opens_on',
  closesOn: 'closes_on',
  contact: 'contact',
  note: 'note',
  ownerId: 'owner_id',
};

const figureFields: (keyof LocationPatch)[] = ['stage', 'places', 'occupied', 'expectedPlaces'];

/**
 * Every column of a LocationRecord; append a WHERE / ORDER BY. Map the rows with toLocationRecord
 * (SQLite gives the estimate flag as 0/1).
 */
export const locationSelect = `SELECT l.id, l.municipality_id AS municipalityId, m.name AS municipality, l.name, l.target_group AS targetGroup, l.stage,
  l.places, l.occupied, l.expected_places AS expectedPlaces, l.expected_is_estimate AS expectedIsEstimate,
  l.opens_on AS opensOn, l.closes_on AS closesOn, l.contact, l.note, l.owner_id AS ownerId, l.version, l.updated_at AS updatedAt, l.updated_by AS updatedBy
  FROM locations l JOIN municipalities m ON m.id = l.municipality_id`;

/** A row read with locationSelect, as it comes from SQLite. */
export type LocationDbRow = Omit<LocationRecord, 'expectedIsEstimate'> & { expectedIsEstimate: number };

export function toLocationRecord(row: LocationDbRow): LocationRecord {
  return { ...row, expectedIsEstimate: row.expectedIsEstimate === 1 };
}

/** A location's name, municipality and region: what other features show of it. */
export interface LocationName {
  name: string;
  municipality: string;
  regionCode: string;
}

/** Names of the given locations (those that still exist), for read models that show them. */
export function locationNames(db: Db, ids: Iterable<number>): Map<number, LocationName> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const rows = db
    .prepare(
      `SELECT l.id, l.name, m.name AS municipality, m.region_code AS regionCode FROM locations l JOIN municipalities m ON m.id = l.municipality_id
       WHERE l.id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(wanted)) as (LocationName & { id: number })[];
  return new Map(rows.map(({ id, ...name }) => [id, name]));
}

/** Operational locations of the region with their free places, those with room first (most free first). */
export function operationalLocationsIn(db: Db, region: string): { id: number; name: string; municipality: string; places: number; occupied: number; free: number }[] {
  return db
    .prepare(
      `SELECT l.id, l.name, m.name AS municipality, l.places, l.occupied, max(0, l.places - l.occupied) AS free
       FROM locations l JOIN municipalities m ON m.id = l.municipality_id
       WHERE m.region_code = ? AND l.stage = 'operationeel'
       ORDER BY free > 0 DESC, free DESC, l.name`,
    )
    .all(region) as { id: number; name: string; municipality: string; places: number; occupied: number; free: number }[];
}

/** The region's CNO locations that are not closed (for the shift forms), by name. */
export function cnoLocationsIn(db: Db, region: string): { id: number; name: string }[] {
  return db
    .prepare(
      `SELECT l.id, l.name FROM locations l JOIN municipalities m ON m.id = l.municipality_id
       WHERE m.region_code = ? AND l.target_group = 'cno' AND l.stage != 'gesloten' ORDER BY l.name LIMIT 100`,
    )
    .all(region) as { id: number; name: string }[];
}


/**
 * Statements of the write path, prepared once per connection: an import runs them tens of
 * thousands of times in one transaction, and preparing costs more than running them.
 */
const writeStatements = perDatabase((db: Db) => ({
  find: db.prepare(`${locationSelect} WHERE l.id = ?`),
  history: db.prepare(
    `INSERT INTO location_history (location_id, recorded_at, recorded_by, stage, places, occupied, expected_places) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ),
  /** UPDATE statements by their SET clause (the changed columns). */
  updates: new Map<string, ReturnType<Db['prepare']>>(),
}));

export function findLocation(db: Db, id: number): LocationRecord | undefined {
  const row = writeStatements(db).find.get(id) as LocationDbRow | undefined;
  return row && toLocationRecord(row);
}

export interface LocationUpdate {
  id: number;
  patch: LocationPatch;
  actor: string;
  at: Date;
  /** The version the form showed; omit for writes that add to the current figures (noodknop placement). */
  expectedVersion?: number;
  /** Audit action name, e.g. "location.update", "noodknop.place". */
  action?: string;
}

/**
 * Writes a location's row: one transaction that checks the version (no lost update), writes the
 * row, a dated history line and the audit line. Capacity's own tables only: a change of figures
 * goes through updateLocation (figures.write.ts), which also records CNO arrivals and departures.
 */
export function updateLocationRow(db: Db, update: LocationUpdate): LocationUpdateResult {
  return db.transaction((): LocationUpdateResult => {
    const before = findLocation(db, update.id);
    if (!before) return { status: 'not_found' };
    if (update.expectedVersion !== undefined && before.version !== update.expectedVersion) return { status: 'conflict', current: before };
    const changed = (Object.keys(update.patch) as (keyof LocationPatch)[]).filter(
      (key) => update.patch[key] !== undefined && update.patch[key] !== before[key],
    );
    if (changed.length === 0) return { status: 'unchanged', current: before };

    const at = update.at.toISOString();
    const assignments = changed.map((key) => `${columns[key]} = @${key}`).join(', ');
    const values: Record<string, unknown> = { id: update.id, at, actor: update.actor };
    for (const key of changed) {
      const value = update.patch[key];
      values[key] = typeof value === 'boolean' ? (value ? 1 : 0) : value;
    }
    const statements = writeStatements(db);
    let statement = statements.updates.get(assignments);
    if (!statement) {
      statement = db.prepare(`UPDATE locations SET ${assignments}, version = version + 1, updated_at = @at, updated_by = @actor WHERE id = @id`);
      statements.updates.set(assignments, statement);
    }
    statement.run(values);
    const after = findLocation(db, update.id)!;

    // Even an update that only confirms the figures counts as fresh; history records figure changes.
    if (changed.some((key) => figureFields.includes(key))) recordHistory(db, after, update.actor, at);
    recordAudit(db, {
      actor: update.actor,
      action: update.action ?? 'location.update',
      entity: 'location',
      entityId: update.id,
      before: pick(before, changed),
      after: pick(after, changed),
      at: update.at,
    });
    return { status: 'updated', before, after };
  })();
}

/** Marks a location's figures as checked today without changing them (keeps them from going stale). */
export function confirmLocation(db: Db, id: number, actor: string, at: Date): LocationRecord | undefined {
  return db.transaction(() => {
    const before = findLocation(db, id);
    if (!before) return undefined;
    db.prepare('UPDATE locations SET version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?').run(at.toISOString(), actor, id);
    recordHistory(db, before, actor, at.toISOString());
    recordAudit(db, { actor, action: 'location.confirm', entity: 'location', entityId: id, at });
    return findLocation(db, id);
  })();
}

/** Appends a dated history line with the location's figures (inside the caller's transaction). */
export function recordHistory(db: Db, l: Pick<LocationRecord, 'id' | 'stage' | 'places' | 'occupied' | 'expectedPlaces'>, actor: string, at: string): void {
  writeStatements(db).history.run(l.id, at, actor, l.stage, l.places, l.occupied, l.expectedPlaces);
}

function pick(record: LocationRecord, keys: (keyof LocationPatch)[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, record[key]]));
}
