import { perDatabase, type Db } from '../../store/database';
import { type NationalPopulation, type Stage, type TargetGroup } from '../../domain/vocabulary';
import { findLocation, locationSelect, recordHistory, toLocationRecord, type LocationDbRow } from './locations.store';
import type { CurrentFigures } from './import';
import type { ExportHistory, FullLocation, GroupTotals, HistoryPoint, LocationRecord, LocationRef, LocationSince, Municipality, NationalFigure, NationalPoint, PipelineLocation, QuotaRow, StaleLocation, TargetRow } from './capacity';
import { recordAudit } from '../../store/audit';

/** SQL for the capacity forms, import and export. Figures of existing locations change only through updateLocation. */

export function municipalitiesOf(db: Db, region: string): Municipality[] {
  return db.prepare('SELECT id, name FROM municipalities WHERE region_code = ? ORDER BY name').all(region) as Municipality[];
}

/** Locations whose name contains `query` (case-insensitive), for the picker's options-load search. */
export function searchLocations(db: Db, region: string, query: string, limit = 100): LocationRef[] {
  const like = `%${query.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .prepare(
      `SELECT l.id, l.name, m.name AS municipality FROM locations l JOIN municipalities m ON m.id = l.municipality_id
       WHERE m.region_code = ? AND (l.name LIKE ? ESCAPE '\\' OR m.name LIKE ? ESCAPE '\\')
       ORDER BY l.stage = 'gesloten', l.name LIMIT ?`,
    )
    .all(region, like, like, limit) as LocationRef[];
}

export function locationRefs(db: Db, region: string): LocationRef[] {
  return db
    .prepare(`SELECT l.id, l.name, m.name AS municipality FROM locations l JOIN municipalities m ON m.id = l.municipality_id WHERE m.region_code = ? ORDER BY l.name`)
    .all(region) as LocationRef[];
}

/** The location if it belongs to the region (ids in a form's metadata are not trusted blindly). */
export function findRegionLocation(db: Db, region: string, id: number): LocationRecord | undefined {
  const location = findLocation(db, id);
  if (!location) return undefined;
  const inRegion = db.prepare('SELECT 1 FROM municipalities WHERE id = ? AND region_code = ?').get(location.municipalityId, region);
  return inRegion ? location : undefined;
}

export interface NewLocation {
  municipalityId: number;
  name: string;
  targetGroup: TargetGroup;
  stage: Stage;
  places: number;
  occupied: number;
  expectedPlaces?: number | null;
  opensOn: string | null;
  contact: string | null;
  note: string | null;
  ownerId?: string | null;
}

const insertStatements = perDatabase((db: Db) => ({
  clash: db.prepare('SELECT id FROM locations WHERE municipality_id = ? AND name = ? COLLATE NOCASE'),
  insert: db.prepare(
    `INSERT INTO locations (municipality_id, name, target_group, stage, places, occupied, expected_places, opens_on, contact, note, owner_id, created_at, created_by, updated_at, updated_by)
     VALUES (@municipalityId, @name, @targetGroup, @stage, @places, @occupied, @expectedPlaces, @opensOn, @contact, @note, @ownerId, @at, @actor, @at, @actor)`,
  ),
  /** The same with positional parameters (cheaper to bind), for the import's batches. */
  insertPositional: db.prepare(
    `INSERT INTO locations (municipality_id, name, target_group, stage, places, occupied, expected_places, opens_on, contact, note, owner_id, created_at, created_by, updated_at, updated_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
}));

/** Adds a location with its first history line and an audit line; 'duplicate' when the name exists in that municipality. */
export function insertLocation(db: Db, location: NewLocation, actor: string, at: Date, action = 'location.create'): { status: 'created'; location: LocationRecord } | { status: 'duplicate' } {
  return db.transaction(() => {
    const s = insertStatements(db);
    if (s.clash.get(location.municipalityId, location.name)) return { status: 'duplicate' as const };
    const when = at.toISOString();
    const id = Number(
      s.insert.run({
        municipalityId: location.municipalityId,
        name: location.name,
        targetGroup: location.targetGroup,
        stage: location.stage,
        places: location.places,
        occupied: location.occupied,
        expectedPlaces: location.expectedPlaces ?? null,
        opensOn: location.opensOn,
        contact: location.contact,
        note: location.note,
        ownerId: location.ownerId ?? null,
        at: when,
        actor,
      }).lastInsertRowid,
    );
    const created = findLocation(db, id)!;
    recordHistory(db, created, actor, when);
    recordAudit(db, { actor, action, entity: 'location', entityId: id, after: auditable(created), at });
    return { status: 'created' as const, location: created };
  })();
}

/**
 * Adds many new locations inside the caller's transaction (the CSV import: tens of thousands of
 * rows in one go), each with its first history line and audit line, as insertLocation does for
 * one. Statements are prepared once and no row is read back, so the write stays short. Returns
 * the index of the first row whose name exists in its municipality (nothing of the batch may then
 * be kept: the caller rolls back), or -1.
 */
export function insertLocationBatch(
  db: Db,
  rows: (NewLocation & { municipality: string })[],
  actor: string,
  at: Date,
  action: string,
  inserted?: (id: number, row: NewLocation & { municipality: string }) => void,
): number {
  const s = insertStatements(db);
  const when = at.toISOString();
  for (const [index, row] of rows.entries()) {
    let id: number;
    try {
      id = Number(
        s.insertPositional.run(row.municipalityId, row.name, row.targetGroup, row.stage, row.places, row.occupied, row.expectedPlaces ?? null, row.opensOn, row.contact, row.note, row.ownerId ?? null, when, actor, when, actor)
          .lastInsertRowid,
      );
    } catch (error) {
      // The unique index on (municipality, name) is the duplicate check: one lookup fewer per row.
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return index;
      throw error;
    }
    recordHistory(db, { id, stage: row.stage, places: row.places, occupied: row.occupied, expectedPlaces: row.expectedPlaces ?? null }, actor, when);
    const after = { name: row.name, municipality: row.municipality, targetGroup: row.targetGroup, stage: row.stage, places: row.places, occupied: row.occupied, expectedPlaces: row.expectedPlaces ?? null, opensOn: row.opensOn, contact: row.contact, note: row.note, ...(row.ownerId ? { ownerId: row.ownerId } : {}) };
    recordAudit(db, { actor, action, entity: 'location', entityId: id, after, at });
    inserted?.(id, row);
  }
  return -1;
}

function auditable(l: LocationRecord) {
  return {
    name: l.name,
    municipality: l.municipality,
    targetGroup: l.targetGroup,
    stage: l.stage,
    places: l.places,
    occupied: l.occupied,
    expectedPlaces: l.expectedPlaces,
    opensOn: l.opensOn,
    contact: l.contact,
    note: l.note,
    ...(l.ownerId ? { ownerId: l.ownerId } : {}),
  };
}

/** Looks up a region's stored location by municipality and name (case-insensitive), for checkImport. */
export function currentFiguresOf(db: Db, region: string): CurrentFigures {
  const find = db.prepare(
    `SELECT l.id, l.version, l.stage, l.places, l.occupied, l.expected_places AS expectedPlaces, l.opens_on AS opensOn, l.contact, l.note,
            l.owner_id AS ownerId, l.updated_at AS updatedAt, l.updated_by AS updatedBy
     FROM locations l JOIN municipalities m ON m.id = l.municipality_id
     WHERE m.region_code = ? AND m.name = ? AND l.name = ? COLLATE NOCASE`,
  );
  return (municipality, name) => find.get(region, municipality, name) as ReturnType<CurrentFigures>;
}

/**
 * The region's locations whose figures are out of date (written before `updatedBefore`), for the
 * overdue job: the stand's rule (not closed), without the synthetic benchmark rows (nobody to ask).
 */
export function overdueLocations(db: Db, region: string, updatedBefore: string): LocationRecord[] {
  return (
    db
      .prepare(`${locationSelect} WHERE m.region_code = ? AND l.stage != 'gesloten' AND l.synthetic = 0 AND l.updated_at < ? ORDER BY m.name, l.name`)
      .all(region, updatedBefore) as LocationDbRow[]
  ).map(toLocationRecord);
}

// --- national figures ------------------------------------------------------------------------

const nationalColumns = 'as_of AS asOf, population, places, occupied, source';

/** Each population's latest figures, the latest reference date first and, on the same date, the one entered last. */
const latestPerPopulation = `SELECT ${nationalColumns} FROM national_figures n
  WHERE as_of = (SELECT max(as_of) FROM national_figures WHERE population = n.population) ORDER BY as_of DESC, recorded_at DESC, id DESC`;

/** One population's latest figures (the national threshold's reading). */
export function latestNational(db: Db, population: NationalPopulation): NationalFigure | undefined {
  return db.prepare(`SELECT ${nationalColumns} FROM national_figures WHERE population = ? ORDER BY as_of DESC LIMIT 1`).get(population) as NationalFigure | undefined;
}

/** The latest figures of each population that has any (the form's "Laatst ingevoerd" and its first choice). */
export function latestNationalPerPopulation(db: Db): NationalFigure[] {
  return db.prepare(latestPerPopulation).all() as NationalFigure[];
}

/** Stores a population's figures of a reference date; the same date and population again replaces them (before/after in the audit). */
export function upsertNational(db: Db, figures: NationalFigure, actor: string, at: Date): { before?: NationalFigure; after: NationalFigure } {
  return db.transaction(() => {
    const before = db.prepare(`SELECT ${nationalColumns} FROM national_figures WHERE as_of = ? AND population = ?`).get(figures.asOf, figures.population) as NationalFigure | undefined;
    db.prepare(
      `INSERT INTO national_figures (as_of, population, places, occupied, source, recorded_at, recorded_by) VALUES (@asOf, @population, @places, @occupied, @source, @at, @actor)
       ON CONFLICT (as_of, population) DO UPDATE SET places = excluded.places, occupied = excluded.occupied, source = excluded.source,
         recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by`,
    ).run({ ...figures, at: at.toISOString(), actor });
    recordAudit(db, { actor, action: before ? 'national.update' : 'national.create', entity: 'national_figures', entityId: `${figures.asOf} ${figures.population}`, before, after: figures, at });
    return { before, after: figures };
  })();
}

// --- targets ---------------------------------------------------------------------------------

/** The columns of a TargetRow, from the targets table. */
const targetColumns = 'id, target_group AS targetGroup, number, due_on AS dueOn, label, priority';

export function targetsOf(db: Db, region: string): TargetRow[] {
  return db
    .prepare(`SELECT ${targetColumns} FROM targets WHERE region_code = ? ORDER BY target_group, due_on IS NULL, due_on, id`)
    .all(region) as TargetRow[];
}

export type TargetSave = { status: 'created' | 'updated'; target: TargetRow } | { status: 'duplicate_label' } | { status: 'not_found' };

/** Adds a target (id null) or changes one; labels are unique within the region. */
export function saveTarget(db: Db, region: string, id: number | null, target: Omit<TargetRow, 'id'>, actor: string, at: Date): TargetSave {
  return db.transaction((): TargetSave => {
    const clash = db.prepare('SELECT id FROM targets WHERE region_code = ? AND label = ? AND id IS NOT ?').get(region, target.label, id);
    if (clash) return { status: 'duplicate_label' };
    const when = at.toISOString();
    const find = (targetId: number) =>
      db.prepare(`SELECT ${targetColumns} FROM targets WHERE id = ? AND region_code = ?`).get(targetId, region) as
        | TargetRow
        | undefined;
    if (id === null) {
      const newId = Number(
        db
          .prepare(
            `INSERT INTO targets (region_code, target_group, number, due_on, label, priority, created_at, created_by, updated_at, updated_by)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(region, target.targetGroup, target.number, target.dueOn, target.label, target.priority, when, actor, when, actor).lastInsertRowid,
      );
      const after = find(newId)!;
      recordAudit(db, { actor, action: 'target.create', entity: 'target', entityId: newId, after, at });
      return { status: 'created', target: after };
    }
    const before = find(id);
    if (!before) return { status: 'not_found' };
    db.prepare('UPDATE targets SET target_group = ?, number = ?, due_on = ?, label = ?, priority = ?, updated_at = ?, updated_by = ? WHERE id = ?').run(
      target.targetGroup,
      target.number,
      target.dueOn,
      target.label,
      target.priority,
      when,
      actor,
      id,
    );
    const after = find(id)!;
    recordAudit(db, { actor, action: 'target.update', entity: 'target', entityId: id, before, after, at });
    return { status: 'updated', target: after };
  })();
}

// --- taakstelling statushouders ---------------------------------------------------------------

/** The columns of a QuotaRow (statushouders quota of one municipality); append a WHERE. */
const quotaSelect = `SELECT m.name AS municipality, q.half_year AS halfYear, q.quota, q.housed, q.carry_over AS carryOver
  FROM housing_quotas q JOIN municipalities m ON m.id = q.municipality_id`;

function quotaOf(db: Db, municipalityId: number, halfYear: string): QuotaRow | undefined {
  return db.prepare(`${quotaSelect} WHERE q.municipality_id = ? AND q.half_year = ?`).get(municipalityId, halfYear) as QuotaRow | undefined;
}

export function saveQuota(db: Db, municipalityId: number, q: Omit<QuotaRow, 'municipality'>, actor: string, at: Date): { before?: QuotaRow; after: QuotaRow } {
  return db.transaction(() => {
    const before = quotaOf(db, municipalityId, q.halfYear);
    db.prepare(
      `INSERT INTO housing_quotas (municipality_id, half_year, quota, housed, carry_over, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (municipality_id, half_year) DO UPDATE SET quota = excluded.quota, housed = excluded.housed, carry_over = excluded.carry_over,
         updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    ).run(municipalityId, q.halfYear, q.quota, q.housed, q.carryOver, at.toISOString(), actor);
    const after = quotaOf(db, municipalityId, q.halfYear)!;
    recordAudit(db, { actor, action: before ? 'quota.update' : 'quota.create', entity: 'housing_quota', entityId: `${after.municipality} ${q.halfYear}`, before, after, at });
    return { before, after };
  })();
}

// --- export ----------------------------------------------------------------------------------

/** The region's locations for the CSV export (synthetic test locations left out). */
export function exportLocations(db: Db, region: string): LocationRecord[] {
  return (db.prepare(`${locationSelect} WHERE m.region_code = ? AND l.synthetic = 0 ORDER BY m.name, l.name`).all(region) as LocationDbRow[]).map(toLocationRecord);
}

export function exportHistory(db: Db, region: string): ExportHistory[] {
  return db
    .prepare(
      `SELECT h.recorded_at AS recordedAt, h.recorded_by AS recordedBy, l.name, m.name AS municipality, h.stage, h.places, h.occupied, h.expected_places AS expectedPlaces
       FROM location_history h JOIN locations l ON l.id = h.location_id JOIN municipalities m ON m.id = l.municipality_id
       WHERE m.region_code = ? AND l.synthetic = 0 ORDER BY h.recorded_at, h.id`,
    )
    .all(region) as ExportHistory[];
}

// --- reads for the stand, the Home and the digest (prepared once per database) -----------------

/** Capacity's figures as stand reads them on every command: region totals, targets, pipeline. */
export const capacityReads = perDatabase((db: Db) => {
  const s = {
    latestPerPopulation: db.prepare(latestPerPopulation),
    latestNational: db.prepare(`SELECT ${nationalColumns} FROM national_figures WHERE population = ? ORDER BY as_of DESC LIMIT 2`),
    groupTotals: db.prepare(
      `SELECT target_group AS targetGroup, sum(places) AS places, sum(occupied) AS occupied, sum(max(0, places - occupied)) AS free, count(*) AS locations
       FROM locations l JOIN municipalities m ON m.id = l.municipality_id
       WHERE m.region_code = ? AND l.stage = 'operationeel' GROUP BY target_group`,
    ),
    targets: db.prepare(
      `SELECT ${targetColumns} FROM targets
       WHERE region_code = ? ORDER BY target_group, due_on IS NULL, due_on, number`,
    ),
    pipeline: db.prepare(
      `SELECT l.id, l.name, m.name AS municipality, l.target_group AS targetGroup, l.stage, l.expected_places AS expectedPlaces,
              l.expected_is_estimate AS expectedIsEstimate, l.opens_on AS opensOn
       FROM locations l JOIN municipalities m ON m.id = l.municipality_id
       WHERE m.region_code = ? AND l.stage IN ('in_overweging', 'in_voorbereiding')
       ORDER BY l.stage DESC, l.expected_places DESC NULLS LAST, l.name`,
    ),
    stale: db.prepare(
      `SELECT l.id, l.name, m.name AS municipality, l.updated_at AS updatedAt, l.updated_by AS updatedBy
       FROM locations l JOIN municipalities m ON m.id = l.municipality_id
       WHERE m.region_code = ? AND l.stage != 'gesloten' AND l.updated_at < ? ORDER BY l.updated_at`,
    ),
    quotas: db.prepare(`${quotaSelect} WHERE m.region_code = ? AND q.half_year = ? ORDER BY m.name`),
    full: db.prepare(
      `SELECT l.id, l.name, m.name AS municipality, l.places, l.occupied
       FROM locations l JOIN municipalities m ON m.id = l.municipality_id
       WHERE m.region_code = ? AND l.stage = 'operationeel' AND l.places > 0 AND l.occupied * 100 >= ? * l.places
       ORDER BY l.occupied * 1.0 / l.places DESC, l.name`,
    ),
    locationsIn: db.prepare(`${locationSelect} WHERE m.region_code = ? AND m.name = ? COLLATE NOCASE ORDER BY l.stage = 'gesloten', l.name`),
  };
  return {
    /** Per population that has figures: its latest, then the one before (for the change), newest population first. */
    latestNational: (): NationalFigure[][] => (s.latestPerPopulation.all() as NationalFigure[]).map((latest) => s.latestNational.all(latest.population) as NationalFigure[]),
    /** Operational places and occupancy per target group in the region. */
    groupTotals: (region: string) => s.groupTotals.all(region) as GroupTotals[],
    targets: (region: string) => s.targets.all(region) as TargetRow[],
    pipeline: (region: string): PipelineLocation[] =>
      (s.pipeline.all(region) as (Omit<PipelineLocation, 'expectedIsEstimate'> & { expectedIsEstimate: number })[]).map((row) => ({
        ...row,
        expectedIsEstimate: row.expectedIsEstimate === 1,
      })),
    staleLocations: (region: string, updatedBefore: string) => s.stale.all(region, updatedBefore) as StaleLocation[],
    quotas: (region: string, halfYear: string) => s.quotas.all(region, halfYear) as QuotaRow[],
    /** Operational locations of the region at or above `percent` occupancy, fullest first. */
    fullLocations: (region: string, percent: number) => s.full.all(region, percent) as FullLocation[],
    /** Every location of one municipality of the region, closed ones last. */
    locationsIn: (region: string, municipality: string) => (s.locationsIn.all(region, municipality) as LocationDbRow[]).map(toLocationRecord),
  };
});

/** Capacity's history as the morning digest reads it: changes since yesterday and 30 days of figures. */
export const historyReads = perDatabase((db: Db) => {
  const s = {
    locationsSince: db.prepare(
      `SELECT l.id, l.name, m.name AS municipality, l.target_group AS targetGroup, l.created_at AS createdAt,
              l.stage, l.places, l.occupied, h.stage AS beforeStage, h.places AS beforePlaces, h.occupied AS beforeOccupied
       FROM locations l JOIN municipalities m ON m.id = l.municipality_id
       LEFT JOIN location_history h ON h.id = (
         SELECT h2.id FROM location_history h2 WHERE h2.location_id = l.id AND h2.recorded_at <= ? ORDER BY h2.recorded_at DESC, h2.id DESC LIMIT 1)
       WHERE m.region_code = ?
       ORDER BY l.name`,
    ),
    // Two index ranges instead of one OR: the window's lines per location, and each location's last
    // line before it (one lookup per location). With the OR, every line before the window ran the
    // lookup again: 30 ms instead of 8 at national scale, growing with the history's length.
    history: db.prepare(
      `SELECT locationId, targetGroup, recordedAt, stage, places FROM (
         SELECT h.id, h.location_id AS locationId, l.target_group AS targetGroup, h.recorded_at AS recordedAt, h.stage, h.places
         FROM locations l JOIN municipalities m ON m.id = l.municipality_id JOIN location_history h ON h.location_id = l.id
         WHERE m.region_code = @region AND h.recorded_at >= @from AND h.recorded_at <= @until
         UNION ALL
         SELECT h.id, h.location_id, l.target_group, h.recorded_at, h.stage, h.places
         FROM locations l JOIN municipalities m ON m.id = l.municipality_id
         JOIN location_history h ON h.id = (SELECT h2.id FROM location_history h2 WHERE h2.location_id = l.id AND h2.recorded_at < @from
                                            ORDER BY h2.recorded_at DESC, h2.id DESC LIMIT 1)
         WHERE m.region_code = @region)
       ORDER BY recordedAt, id`,
    ),
    national: db.prepare(
      `SELECT as_of AS asOf, places, occupied FROM national_figures
       WHERE population = @population AND as_of <= @today
         AND (as_of >= @from OR as_of = (SELECT max(as_of) FROM national_figures WHERE population = @population AND as_of < @from)) ORDER BY as_of`,
    ),
  };
  return {
    /** Every location of the region as it is now, with its figures as they were at `since`. */
    locationsSince: (region: string, since: Date): LocationSince[] =>
      (s.locationsSince.all(since.toISOString(), region) as Record<string, any>[]).map((r) => ({
        id: r.id,
        name: r.name,
        municipality: r.municipality,
        targetGroup: r.targetGroup,
        createdAt: r.createdAt,
        now: { stage: r.stage, places: r.places, occupied: r.occupied },
        before: r.beforeStage === null ? null : { stage: r.beforeStage, places: r.beforePlaces, occupied: r.beforeOccupied },
      })),
    /** History lines of the region's locations in [from, until], with each location's last line before `from`. */
    history: (region: string, from: Date, until: Date) => s.history.all({ region, from: from.toISOString(), until: until.toISOString() }) as HistoryPoint[],
    /** One population's national figures from `fromDay` to `today`, with the last one before `fromDay`. */
    national: (population: NationalPopulation, fromDay: string, today: string) => s.national.all({ population, today, from: fromDay }) as NationalPoint[],
  };
});
