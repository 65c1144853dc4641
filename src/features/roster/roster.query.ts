import type { Db } from '../../store/database';
import { cnoLocationsIn, locationNames } from '../capacity/locations.store';
import { findOutboxRow } from '../../outbox/outbox.store';
import { REMINDER_KINDS, rosterKeys, type ReminderKind, type ShiftRecord, type ShiftRow } from './roster';
import { summariseStays, type Stay, type StayRow, type StaySummary } from '../stays/stays';
import * as store from './roster.store';
import * as staysStore from '../stays/stays.store';

/**
 * The roster's read models across features: its shifts and the CNO groups' stays (stays/) with
 * the names of the locations they are at (capacity's table, read through capacity's store), and
 * the region's CNO locations for the shift forms.
 */

/** Adds the location's name to shifts read from the roster's table. */
function nameShifts<T extends ShiftRow>(db: Db, rows: T[]): (T & Pick<ShiftRecord, 'location'>)[] {
  const names = locationNames(db, rows.flatMap((r) => (r.locationId === null ? [] : [r.locationId])));
  return rows.map((r) => ({ ...r, location: r.locationId === null ? null : (names.get(r.locationId)?.name ?? null) }));
}

export function nameShift<T extends ShiftRow>(db: Db, row: T): T & Pick<ShiftRecord, 'location'> {
  return nameShifts(db, [row])[0]!;
}

/** Adds the location's name to stays; a stay whose location is gone keeps an empty name. */
export function nameStays<T extends StayRow>(db: Db, rows: T[]): (T & Pick<Stay, 'location'>)[] {
  const names = locationNames(db, rows.map((r) => r.locationId));
  return rows.map((r) => ({ ...r, location: names.get(r.locationId)?.name ?? '' }));
}

export function findShift(db: Db, id: number): ShiftRecord | undefined {
  const row = store.findShift(db, id);
  return row && nameShift(db, row);
}

/** Shifts that have not ended at `from` and start before `to`, in time order. */
export function listShifts(db: Db, from: Date, to: Date): ShiftRecord[] {
  return nameShifts(db, store.listShifts(db, from, to));
}

/**
 * The region's open shifts (nobody on them) that have not ended at `from` and start before `to`:
 * at one of the region's locations, or at none. What "Nu actie nodig" counts per day.
 */
export function openShiftsOf(db: Db, region: string, from: Date, to: Date): ShiftRecord[] {
  const open = store.listShifts(db, from, to).filter((s) => s.slackUserId === null && s.personName === null);
  const names = locationNames(db, open.flatMap((s) => (s.locationId === null ? [] : [s.locationId])));
  return open
    .filter((s) => s.locationId === null || names.get(s.locationId)?.regionCode === region)
    .map((s) => ({ ...s, location: s.locationId === null ? null : (names.get(s.locationId)?.name ?? null) }));
}

/** Open shifts starting between `from` and `to`: the staffing gaps. */
export function staffingGaps(db: Db, from: Date, to: Date): ShiftRecord[] {
  return nameShifts(db, store.staffingGaps(db, from, to));
}

/** Assigned shifts starting in (from, to], named, with the reminders their holder already got (the outbox's keys). */
export function shiftsForReminders(db: Db, from: Date, to: Date): (ShiftRecord & { sent: ReminderKind[] })[] {
  return nameShifts(db, store.assignedShifts(db, from, to)).map((shift) => ({
    ...shift,
    sent: REMINDER_KINDS.filter((kind) => shift.slackUserId !== null && findOutboxRow(db, rosterKeys.reminder(shift.id, shift.slackUserId, kind)) !== undefined),
  }));
}

/** Groups still in CNO, longest first; with `region`, only those in that region's locations. */
export function openStays(db: Db, region?: string): Stay[] {
  const stays = staysStore.openStays(db);
  const names = locationNames(db, stays.map((s) => s.locationId));
  return stays
    .filter((s) => region === undefined || names.get(s.locationId)?.regionCode === region)
    .map((s) => ({ ...s, location: names.get(s.locationId)?.name ?? '' }));
}

/**
 * How many guests are in the region's CNO locations on `day`, and how many of them are due under
 * the 14-day rule (stays.ts, outflowDueDay): for stand (the digest filters the same way: its
 * region, arrived by `day`).
 */
export function cnoStaySummary(db: Db, region: string, day: string): StaySummary {
  const stays = openStays(db, region).filter((s) => s.arrivedOn <= day);
  return summariseStays(stays, day, staysStore.maxStayDays(db, day));
}

/** The region's CNO locations that are not closed, for the shift and pattern forms. */
export function cnoLocations(db: Db, region: string): { id: number; name: string }[] {
  return cnoLocationsIn(db, region);
}
