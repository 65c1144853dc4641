import { daysBetween } from '../../format/nl';
import { DEFAULT_MAX_STAY_DAYS, OUTFLOW_NOTICE_DAYS } from '../../domain/vocabulary';

/**
 * The CNO groups' stays and the 14-day rule, pure: a group arrives at a CNO location, must have an
 * outflow destination in time, and leaves. Capacity's figure changes record arrivals and
 * departures (capacity/figures.write.ts); the roster shows the stays, warns about them and records
 * outflow (roster/). Both need this, so it is neither's: no Bolt, no SQL, no other feature.
 */

/** Days a guest may stay in CNO before moving on, when the phase does not say (the 14-day rule). */
export { DEFAULT_MAX_STAY_DAYS };

/**
 * The one notice point of the 14-day rule: from this day of a stay (two days before the end,
 * day 12 of 14) a group is "due": the stand, the Home tab and the digest count it, it is among
 * what needs action, and the team is warned once when it has no outflow destination. One rule,
 * named the same everywhere ("12 dagen of langer"), so no surface says 10 or "(bijna) 14".
 */
export function outflowDueDay(maxStayDays: number = DEFAULT_MAX_STAY_DAYS): number {
  return Math.max(0, maxStayDays - OUTFLOW_NOTICE_DAYS);
}

export interface Stay {
  id: number;
  locationId: number;
  /** The location's name (capacity's, added by roster.query.ts). */
  location: string;
  persons: number;
  arrivedOn: string;
  outflowDestination: string | null;
  warnedAt: string | null;
}

/** A stay as cno_stays holds it: without the location's name. */
export type StayRow = Omit<Stay, 'location'>;

/** Whole days since arrival: 0 on the day of arrival, 12 twelve days later. */
export function daysStayed(arrivedOn: string, today: string): number {
  return daysBetween(arrivedOn, today);
}

export interface StaySummary {
  /** Guests still in CNO. */
  persons: number;
  /** The rule's days (the phase's maximum stay) and its notice day (outflowDueDay). */
  maxStayDays: number;
  dueDay: number;
  /** Of the guests, this many have been there dueDay days or more. */
  due: number;
  /** Of those, without an outflow destination: what needs action. */
  dueWithoutDestination: number;
  /** The groups behind `dueWithoutDestination` (for their button). */
  dueGroupsWithoutDestination: number;
  /** Guests past the maximum stay. */
  overdue: number;
}

/** Counts guests still in CNO by how long they have been there, against the one rule. */
export function summariseStays(stays: Pick<Stay, 'persons' | 'arrivedOn' | 'outflowDestination'>[], today: string, maxStayDays = DEFAULT_MAX_STAY_DAYS): StaySummary {
  const dueDay = outflowDueDay(maxStayDays);
  const summary: StaySummary = { persons: 0, maxStayDays, dueDay, due: 0, dueWithoutDestination: 0, dueGroupsWithoutDestination: 0, overdue: 0 };
  for (const s of stays) {
    const days = daysStayed(s.arrivedOn, today);
    summary.persons += s.persons;
    if (days >= dueDay) {
      summary.due += s.persons;
      if (!s.outflowDestination) {
        summary.dueWithoutDestination += s.persons;
        summary.dueGroupsWithoutDestination++;
      }
    }
    if (days >= maxStayDays) summary.overdue += s.persons;
  }
  return summary;
}

/** Groups to warn about now: on the notice day or later, no destination, not warned before. */
export function staysToWarn<T extends Pick<Stay, 'arrivedOn' | 'outflowDestination' | 'warnedAt'>>(stays: T[], today: string, maxStayDays = DEFAULT_MAX_STAY_DAYS): T[] {
  return stays.filter((s) => !s.outflowDestination && !s.warnedAt && daysStayed(s.arrivedOn, today) >= outflowDueDay(maxStayDays));
}
