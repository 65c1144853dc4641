import { perDatabase, type Db } from '../../store/database';
import { recordAudit } from '../../store/audit';
import { TARGET_GROUPS } from '../../domain/vocabulary';
import { rowsFromSettings, settingsFromRows, type SubjectState, type ThresholdKind, type ThresholdRow, type ThresholdSettings } from './thresholds';

/** SQL on the thresholds and their subjects' states (capacity's tables, migration 0008). */

const statements = perDatabase((db: Db) => ({
  read: db.prepare(`SELECT kind, target_group AS targetGroup, value FROM thresholds WHERE region_code = ? ORDER BY kind, target_group`),
  clear: db.prepare(`DELETE FROM thresholds WHERE region_code = ?`),
  insert: db.prepare(`INSERT INTO thresholds (region_code, kind, target_group, value, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)`),
  states: db.prepare(`SELECT subject, state, events FROM threshold_states WHERE region_code = ? AND kind = ? AND subject IN (SELECT value FROM json_each(?))`),
  beyond: db.prepare(`SELECT subject FROM threshold_states WHERE region_code = ? AND kind = ? AND state = 'beyond'`),
  setState: db.prepare(
    `INSERT INTO threshold_states (region_code, kind, subject, state, events, changed_at) VALUES (@region, @kind, @subject, @state, @events, @at)
     ON CONFLICT (region_code, kind, subject) DO UPDATE SET state = excluded.state, events = excluded.events, changed_at = excluded.changed_at`,
  ),
  standDown: db.prepare(`UPDATE threshold_states SET state = 'ok', changed_at = ? WHERE region_code = ? AND kind = ? AND state = 'beyond'`),
}));

/** The region's thresholds (none set: every value missing). */
export function readThresholds(db: Db, region: string): ThresholdSettings {
  return settingsFromRows(statements(db).read.all(region) as ThresholdRow[]);
}

/**
 * Replaces the region's thresholds with one audit line (before and after), in the caller's
 * transaction; returns what was stored before. A kind that is no longer set stands its subjects
 * down (no alert stands for a threshold that is gone; their counters stay, for unique keys).
 */
export function replaceThresholds(db: Db, region: string, settings: ThresholdSettings, actor: string, at: Date): ThresholdSettings {
  const s = statements(db);
  const before = readThresholds(db, region);
  s.clear.run(region);
  for (const row of rowsFromSettings(settings)) s.insert.run(region, row.kind, row.targetGroup, row.value, at.toISOString(), actor);
  const kept = new Set(rowsFromSettings(settings).map((r) => r.kind));
  for (const row of rowsFromSettings(before)) if (!kept.has(row.kind)) s.standDown.run(at.toISOString(), region, row.kind);
  recordAudit(db, { actor, action: 'thresholds.update', entity: 'thresholds', entityId: region, before: auditable(before), after: auditable(settings), at });
  return before;
}

/** Flat, so the history shows each threshold that changed (capacity.view's changeLine). */
function auditable(settings: ThresholdSettings): Record<string, number | null> {
  return {
    ...Object.fromEntries(TARGET_GROUPS.map((g) => [`minFree_${g}`, settings.minFree[g] ?? null])),
    maxLocationOccupancy: settings.maxLocationOccupancy,
    nationalOccupancy: settings.nationalOccupancy,
  };
}

export interface StoredState {
  state: SubjectState;
  /** Alerts and "hersteld" notices so far (the next one's outbox key). */
  events: number;
}

/** The stored states of a kind's subjects (a subject without a row: ok, nothing said yet). */
export function readStates(db: Db, region: string, kind: ThresholdKind, subjects: string[]): Map<string, StoredState> {
  const rows = statements(db).states.all(region, kind, JSON.stringify(subjects)) as ({ subject: string } & StoredState)[];
  return new Map(rows.map((r) => [r.subject, { state: r.state, events: r.events }]));
}

/** The subjects of a kind with an alert standing. */
export function beyondSubjects(db: Db, region: string, kind: ThresholdKind): string[] {
  return statements(db).beyond.pluck().all(region, kind) as string[];
}

export function writeState(db: Db, region: string, kind: ThresholdKind, subject: string, state: StoredState, at: Date): void {
  statements(db).setState.run({ region, kind, subject, state: state.state, events: state.events, at: at.toISOString() });
}
