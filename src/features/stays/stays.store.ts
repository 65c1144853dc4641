import type { Db } from '../../store/database';
import { recordAudit } from '../../store/audit';
import { DEFAULT_MAX_STAY_DAYS, type StayRow } from './stays';

/**
 * SQL on cno_stays (the CNO groups: arrival, departure, outflow destination, warned) and the
 * 14-day rule's maximum from the reference data's CNO phases.
 */

const staySelect = `SELECT s.id, s.location_id AS locationId, s.persons, s.arrived_on AS arrivedOn,
  s.outflow_destination AS outflowDestination, s.warned_at AS warnedAt
  FROM cno_stays s`;

/** Groups still in a CNO location, of all regions, longest first (roster.query.ts adds names and narrows to a region). */
export function openStays(db: Db): StayRow[] {
  return db.prepare(`${staySelect} WHERE s.departed_on IS NULL ORDER BY s.arrived_on, s.id`).all() as StayRow[];
}

export function findStay(db: Db, id: number): (StayRow & { departedOn: string | null }) | undefined {
  return db.prepare(`${staySelect.replace('SELECT', 'SELECT s.departed_on AS departedOn,')} WHERE s.id = ?`).get(id) as (StayRow & { departedOn: string | null }) | undefined;
}

/**
 * Records guests arriving at or leaving a CNO location (the 14-day rule counts from arrival):
 * arrivals add a stay dated `today`; departures close the oldest stays first. Called inside the
 * transaction of the location's figure change (capacity/figures.write.ts).
 */
export function recordCnoMovement(db: Db, movement: { locationId: number; delta: number; today: string; actor: string; at: Date; noodknopRequestId?: number }): void {
  const { locationId, delta, today, actor } = movement;
  const at = movement.at.toISOString();
  if (delta > 0) {
    db.prepare(
      `INSERT INTO cno_stays (location_id, persons, arrived_on, noodknop_request_id, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(locationId, delta, today, movement.noodknopRequestId ?? null, at, actor);
    return;
  }
  let leaving = -delta;
  const open = db
    .prepare(`SELECT id, persons, arrived_on AS arrivedOn, noodknop_request_id AS requestId FROM cno_stays
              WHERE location_id = ? AND departed_on IS NULL ORDER BY arrived_on, id`)
    .all(locationId) as { id: number; persons: number; arrivedOn: string; requestId: number | null }[];
  for (const stay of open) {
    if (leaving === 0) break;
    if (stay.persons <= leaving) {
      db.prepare('UPDATE cno_stays SET departed_on = ? WHERE id = ?').run(today, stay.id);
      leaving -= stay.persons;
    } else {
      db.prepare('UPDATE cno_stays SET persons = persons - ? WHERE id = ?').run(leaving, stay.id);
      db.prepare(
        `INSERT INTO cno_stays (location_id, persons, arrived_on, departed_on, noodknop_request_id, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(locationId, leaving, stay.arrivedOn, today, stay.requestId, at, actor);
      leaving = 0;
    }
  }
}

/** The maximum stay in the CNO phase running on `day` (14 days when no phase says). */
export function maxStayDays(db: Db, day: string): number {
  return (db.prepare('SELECT max_stay_days FROM cno_phases WHERE starts_on <= ? AND ends_on > ? AND max_stay_days IS NOT NULL ORDER BY starts_on DESC LIMIT 1').pluck().get(day, day) as number | undefined) ?? DEFAULT_MAX_STAY_DAYS;
}

/**
 * Marks groups as warned about, in the transaction that hands the warning to the outbox (so each
 * group is warned about once, and a warning Slack refuses is delivered later, never given back);
 * returns the ids this call marked (another run may have been first).
 */
export function markStaysWarned(db: Db, ids: number[], at: Date): number[] {
  const update = db.prepare('UPDATE cno_stays SET warned_at = ? WHERE id = ? AND warned_at IS NULL');
  return db.transaction(() => ids.filter((id) => update.run(at.toISOString(), id).changes > 0))();
}

/** Records where a group moves on to; audited. */
export function recordOutflow(db: Db, stayId: number, destination: string, actor: string, at: Date): { before: StayRow; after: StayRow } | undefined {
  return db.transaction(() => {
    const before = findStay(db, stayId);
    if (!before) return undefined;
    db.prepare('UPDATE cno_stays SET outflow_destination = ? WHERE id = ?').run(destination, stayId);
    const after = findStay(db, stayId)!;
    recordAudit(db, {
      actor,
      action: 'cno_stay.outflow',
      entity: 'cno_stay',
      entityId: stayId,
      before: { outflowDestination: before.outflowDestination },
      after: { outflowDestination: after.outflowDestination },
      at,
    });
    return { before, after };
  })();
}
