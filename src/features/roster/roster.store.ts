import { perDatabase, type Db } from '../../store/database';
import { addDays, formatDate } from '../../format/nl';
import {
  type DutyPeriod,
  findPeriodConflicts,
  overlaps,
  type Organisation,
  type ParsedPeriod,
  type PeriodConflict,
  type PeriodSpan,
} from './roster';
import type { Region } from '../../domain/vocabulary';
import type { PeriodRecord, ShiftRow } from './roster';
import { recordAudit } from '../../store/audit';

/** SQL behind the roster: duty periods, shifts, reminders and daily posts. */


const periodSelect = `SELECT p.id, p.starts_on AS startsOn, p.ends_on AS endsOn, p.places, p.note,
  (SELECT json_group_array(json_object('code', r.code, 'name', r.name)) FROM
     (SELECT r.code, r.name FROM cno_duty_period_regions pr JOIN regions r ON r.code = pr.region_code WHERE pr.period_id = p.id ORDER BY r.code) r) AS regions
  FROM cno_duty_periods p`;

type PeriodRow = Omit<PeriodRecord, 'regions'> & { regions: string };
const toPeriod = (row: PeriodRow): PeriodRecord => ({ ...row, regions: JSON.parse(row.regions) as Region[] });

/** Periods that have not ended by `day` (all when `day` is omitted), in date order. */
export function listPeriods(db: Db, day?: string): PeriodRecord[] {
  const rows = (day
    ? db.prepare(`${periodSelect} WHERE p.ends_on > ? ORDER BY p.starts_on, p.ends_on, p.id`).all(day)
    : db.prepare(`${periodSelect} ORDER BY p.starts_on, p.ends_on, p.id`).all()) as PeriodRow[];
  return rows.map(toPeriod);
}

export function findPeriod(db: Db, id: number): PeriodRecord | undefined {
  const row = db.prepare(`${periodSelect} WHERE p.id = ?`).get(id) as PeriodRow | undefined;
  return row && toPeriod(row);
}

function spans(db: Db): PeriodSpan[] {
  return listPeriods(db).map((p) => ({ id: p.id, startsOn: p.startsOn, endsOn: p.endsOn, regions: p.regions.map((r) => r.code) }));
}

export interface PeriodInput {
  id?: number;
  startsOn: string;
  endsOn: string;
  places: number | null;
  regions: string[];
  note: string | null;
}

export type PeriodSaveResult = { status: 'saved'; period: PeriodRecord } | { status: 'conflict'; conflicts: PeriodConflict[] } | { status: 'not_found' };

function phaseFor(db: Db, day: string): number | null {
  return (db.prepare('SELECT id FROM cno_phases WHERE starts_on <= ? AND ends_on > ? ORDER BY starts_on DESC LIMIT 1').pluck().get(day, day) as number | undefined) ?? null;
}

function writeRegions(db: Db, periodId: number, regions: string[]): void {
  db.prepare('DELETE FROM cno_duty_period_regions WHERE period_id = ?').run(periodId);
  const insert = db.prepare('INSERT INTO cno_duty_period_regions (period_id, region_code) VALUES (?, ?)');
  for (const code of regions) insert.run(periodId, code);
}

const auditPeriod = (p: PeriodRecord) => ({ startsOn: p.startsOn, endsOn: p.endsOn, places: p.places, regions: p.regions.map((r) => r.code), note: p.note });

/** Adds or changes one duty period; refused when one of its regions already has duty then. */
export function savePeriod(db: Db, input: PeriodInput, actor: string, at: Date): PeriodSaveResult {
  return db.transaction((): PeriodSaveResult => {
    const before = input.id !== undefined ? findPeriod(db, input.id) : undefined;
    if (input.id !== undefined && !before) return { status: 'not_found' };
    const conflicts = findPeriodConflicts(input, spans(db));
    if (conflicts.length > 0) return { status: 'conflict', conflicts };
    let id = input.id;
    if (id === undefined) {
      id = Number(
        db
          .prepare('INSERT INTO cno_duty_periods (phase_id, starts_on, ends_on, places, note, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(phaseFor(db, input.startsOn), input.startsOn, input.endsOn, input.places, input.note, at.toISOString(), actor).lastInsertRowid,
      );
    } else {
      db.prepare('UPDATE cno_duty_periods SET starts_on = ?, ends_on = ?, places = ?, note = ? WHERE id = ?').run(input.startsOn, input.endsOn, input.places, input.note, id);
    }
    writeRegions(db, id, input.regions);
    const period = findPeriod(db, id)!;
    recordAudit(db, {
      actor,
      action: before ? 'roster.period.update' : 'roster.period.create',
      entity: 'cno_duty_period',
      entityId: id,
      before: before && auditPeriod(before),
      after: auditPeriod(period),
      at,
    });
    return { status: 'saved', period };
  })();
}

export function deletePeriod(db: Db, id: number, actor: string, at: Date): PeriodRecord | undefined {
  return db.transaction(() => {
    const before = findPeriod(db, id);
    if (!before) return undefined;
    db.prepare('DELETE FROM cno_duty_periods WHERE id = ?').run(id);
    recordAudit(db, { actor, action: 'roster.period.delete', entity: 'cno_duty_period', entityId: id, before: auditPeriod(before), at });
    return before;
  })();
}

/** Stores every parsed period or none: a conflict with the existing roster is reported per line. */
export function importPeriods(db: Db, periods: ParsedPeriod[], actor: string, at: Date): { ok: true; count: number } | { ok: false; errors: string[] } {
  return db.transaction(() => {
    const existing = spans(db);
    const errors: string[] = [];
    for (const p of periods) {
      for (const c of findPeriodConflicts(p, existing)) {
        errors.push(`regel ${p.line}: ${c.region} heeft al dienst van ${formatDate(c.other.startsOn)} t/m ${formatDate(addDays(c.other.endsOn, -1))} (bestaande periode)`);
      }
    }
    if (errors.length > 0) return { ok: false as const, errors };
    for (const p of periods) {
      const result = savePeriod(db, { startsOn: p.startsOn, endsOn: p.endsOn, places: p.places, regions: p.regions, note: p.note }, actor, at);
      if (result.status !== 'saved') throw new Error('import conflict after check');
    }
    recordAudit(db, { actor, action: 'roster.period.import', entity: 'cno_duty_period', after: { count: periods.length }, at });
    return { ok: true as const, count: periods.length };
  })();
}

type DutyRow = { id: number; startsOn: string; endsOn: string; places: number | null; regions: string };
const toDuty = (row: DutyRow): DutyPeriod => ({ ...row, regions: JSON.parse(row.regions) as DutyPeriod['regions'] });

/** The duty rotation as stand and the roster read it on every command; prepared once per database. */
export const dutyReads = perDatabase((db: Db) => {
  const s = {
    dutyOn: db.prepare(
      `SELECT p.id, p.starts_on AS startsOn, p.ends_on AS endsOn, p.places,
              json_group_array(json_object('code', r.code, 'name', r.name)) AS regions
       FROM cno_duty_periods p JOIN cno_duty_period_regions pr ON pr.period_id = p.id JOIN regions r ON r.code = pr.region_code
       WHERE p.starts_on <= ? AND p.ends_on > ? GROUP BY p.id ORDER BY p.id`,
    ),
    nextDutyOf: db.prepare(
      `SELECT p.id, p.starts_on AS startsOn, p.ends_on AS endsOn, p.places,
              (SELECT json_group_array(json_object('code', r.code, 'name', r.name)) FROM cno_duty_period_regions pr2
                 JOIN regions r ON r.code = pr2.region_code WHERE pr2.period_id = p.id) AS regions
       FROM cno_duty_periods p JOIN cno_duty_period_regions pr ON pr.period_id = p.id
       WHERE pr.region_code = ? AND p.ends_on > ? ORDER BY p.starts_on LIMIT 1`,
    ),
    lastRosterDay: db.prepare(`SELECT max(ends_on) FROM cno_duty_periods`).pluck(),
  };
  return {
    /** The periods on duty on `day` (shared slots together). */
    dutyOn: (day: string) => (s.dutyOn.all(day, day) as DutyRow[]).map(toDuty),
    /** The region's current or next period. */
    nextDutyOf: (region: string, day: string) => {
      const row = s.nextDutyOf.get(region, day) as DutyRow | undefined;
      return row ? toDuty(row) : undefined;
    },
    /** The last day the rotation is known for (exclusive end), or null without periods. */
    lastRosterDay: () => s.lastRosterDay.get() as string | null,
  };
});

// Shifts -----------------------------------------------------------------------------------------

const shiftSelect = `SELECT s.id, s.location_id AS locationId, s.starts_at AS startsAt, s.ends_at AS endsAt,
  s.organisation, s.role, s.slack_user_id AS slackUserId, s.person_name AS personName, s.version
  FROM shifts s`;

export function findShift(db: Db, id: number): ShiftRow | undefined {
  return db.prepare(`${shiftSelect} WHERE s.id = ?`).get(id) as ShiftRow | undefined;
}

/** Shifts that have not ended at `from` and start before `to` (UTC ISO), in time order. */
export function listShifts(db: Db, from: Date, to: Date): ShiftRow[] {
  return db.prepare(`${shiftSelect} WHERE s.ends_at > ? AND s.starts_at < ? ORDER BY s.starts_at, s.ends_at, s.organisation, s.id`).all(from.toISOString(), to.toISOString()) as ShiftRow[];
}

/**
 * Open shifts (nobody assigned) that start between `from` and `to`: the staffing gaps for the
 * morning post and the digest.
 */
export function staffingGaps(db: Db, from: Date, to: Date): ShiftRow[] {
  return db
    .prepare(`${shiftSelect} WHERE s.slack_user_id IS NULL AND s.person_name IS NULL AND s.starts_at >= ? AND s.starts_at < ? ORDER BY s.starts_at, s.id`)
    .all(from.toISOString(), to.toISOString()) as ShiftRow[];
}

function personClash(db: Db, person: { slackUserId: string | null; personName: string | null }, range: { startsAt: string; endsAt: string }, exceptId?: number): ShiftRow | undefined {
  const rows = (person.slackUserId
    ? db.prepare(`${shiftSelect} WHERE s.slack_user_id = ? AND s.starts_at < ? AND s.ends_at > ?`).all(person.slackUserId, range.endsAt, range.startsAt)
    : person.personName
      ? db.prepare(`${shiftSelect} WHERE s.person_name = ? COLLATE NOCASE AND s.starts_at < ? AND s.ends_at > ?`).all(person.personName, range.endsAt, range.startsAt)
      : []) as ShiftRow[];
  return rows.find((r) => r.id !== exceptId);
}

export interface NewShift {
  locationId: number | null;
  startsAt: Date;
  endsAt: Date;
  organisation: Organisation;
  role: string;
  slackUserId: string | null;
  personName: string | null;
}

export type CreateShiftsResult = { status: 'created'; ids: number[] } | { status: 'person_busy'; shift: NewShift; clash: ShiftRow | NewShift };

const auditShift = (s: Pick<ShiftRow, 'startsAt' | 'endsAt' | 'organisation' | 'role' | 'slackUserId' | 'personName' | 'locationId'>) => ({
  startsAt: s.startsAt,
  endsAt: s.endsAt,
  organisation: s.organisation,
  role: s.role,
  slackUserId: s.slackUserId,
  personName: s.personName,
  locationId: s.locationId,
});

/** Creates shifts in one transaction; refused when a person would be on two overlapping shifts. */
export function createShifts(db: Db, shifts: NewShift[], actor: string, at: Date, action = 'shift.create'): CreateShiftsResult {
  return db.transaction((): CreateShiftsResult => {
    for (let i = 0; i < shifts.length; i++) {
      const s = shifts[i]!;
      if (!s.slackUserId && !s.personName) continue;
      const range = { startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() };
      const clash = personClash(db, s, range);
      if (clash) return { status: 'person_busy', shift: s, clash };
      const inBatch = shifts
        .slice(0, i)
        .find((o) => ((s.slackUserId && o.slackUserId === s.slackUserId) || (s.personName && o.personName?.toLowerCase() === s.personName.toLowerCase())) && overlaps(o, s));
      if (inBatch) return { status: 'person_busy', shift: s, clash: inBatch };
    }
    const insert = db.prepare(
      `INSERT INTO shifts (location_id, starts_at, ends_at, organisation, role, slack_user_id, person_name, created_at, created_by, updated_at, updated_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const stamp = at.toISOString();
    const ids = shifts.map((s) =>
      Number(insert.run(s.locationId, s.startsAt.toISOString(), s.endsAt.toISOString(), s.organisation, s.role, s.slackUserId, s.personName, stamp, actor, stamp, actor).lastInsertRowid),
    );
    recordAudit(db, {
      actor,
      action,
      entity: 'shift',
      entityId: ids.length === 1 ? ids[0] : null,
      after: ids.length === 1 ? auditShift({ ...shifts[0]!, startsAt: shifts[0]!.startsAt.toISOString(), endsAt: shifts[0]!.endsAt.toISOString() }) : { count: ids.length, ids: [ids[0], ids.at(-1)], first: shifts[0]!.startsAt.toISOString(), last: shifts.at(-1)!.startsAt.toISOString() },
      at,
    });
    return { status: 'created', ids };
  })();
}

export type ClaimResult =
  | { status: 'claimed'; shift: ShiftRow }
  | { status: 'taken'; shift: ShiftRow }
  | { status: 'busy'; shift: ShiftRow; clash: ShiftRow }
  | { status: 'started'; shift: ShiftRow }
  | { status: 'not_found' };

/**
 * First come, first served: the UPDATE only succeeds while nobody holds the shift, so of two
 * clicks at once exactly one changes a row; the other finds it taken.
 */
export function claimShift(db: Db, id: number, userId: string, at: Date): ClaimResult {
  return db.transaction((): ClaimResult => {
    const before = findShift(db, id);
    if (!before) return { status: 'not_found' };
    if (before.slackUserId || before.personName) return { status: 'taken', shift: before };
    if (new Date(before.endsAt) <= at) return { status: 'started', shift: before };
    const clash = personClash(db, { slackUserId: userId, personName: null }, before);
    if (clash) return { status: 'busy', shift: before, clash };
    const stamp = at.toISOString();
    const changed = db
      .prepare(
        `UPDATE shifts SET slack_user_id = ?, version = version + 1, updated_at = ?, updated_by = ?
         WHERE id = ? AND version = ? AND slack_user_id IS NULL AND person_name IS NULL`,
      )
      .run(userId, stamp, userId, id, before.version).changes;
    if (changed === 0) return { status: 'taken', shift: findShift(db, id)! };
    const after = findShift(db, id)!;
    recordAudit(db, { actor: userId, action: 'shift.claim', entity: 'shift', entityId: id, before: { slackUserId: null, version: before.version }, after: { slackUserId: userId, version: after.version }, at });
    return { status: 'claimed', shift: after };
  })();
}

export type HandBackResult = { status: 'released'; shift: ShiftRow } | { status: 'not_yours'; shift: ShiftRow } | { status: 'started'; shift: ShiftRow } | { status: 'not_found' };

/** Reopens a shift its holder gives back (only before it starts). */
export function handBackShift(db: Db, id: number, userId: string, at: Date): HandBackResult {
  return db.transaction((): HandBackResult => {
    const before = findShift(db, id);
    if (!before) return { status: 'not_found' };
    if (before.slackUserId !== userId) return { status: 'not_yours', shift: before };
    if (new Date(before.startsAt) <= at) return { status: 'started', shift: before };
    const stamp = at.toISOString();
    db.prepare(`UPDATE shifts SET slack_user_id = NULL, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ? AND slack_user_id = ?`).run(stamp, userId, id, userId);
    const after = findShift(db, id)!;
    recordAudit(db, { actor: userId, action: 'shift.hand_back', entity: 'shift', entityId: id, before: { slackUserId: userId, version: before.version }, after: { slackUserId: null, version: after.version }, at });
    return { status: 'released', shift: after };
  })();
}

// Reminders and daily posts ---------------------------------------------------------------------

/** Assigned shifts starting in (from, to] (their reminders: roster.query.ts asks the outbox what was sent). */
export function assignedShifts(db: Db, from: Date, to: Date): ShiftRow[] {
  return db
    .prepare(`${shiftSelect} WHERE s.slack_user_id IS NOT NULL AND s.starts_at > ? AND s.starts_at <= ? ORDER BY s.starts_at, s.id`)
    .all(from.toISOString(), to.toISOString()) as ShiftRow[];
}
