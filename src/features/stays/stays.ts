import { daysBetween } from '../../format/nl';

/**
 * The CNO groups' stays and the 14-day rule, pure: a group arrives at a CNO location, must have an
 * outflow destination in time, and leaves. Capacity's figure changes record arrivals and
 * departures (capacity/figures.write.ts); the roster shows the stays, warns about them and records
 * outflow (roster/). Both need this, so it is neither's: no Bolt, no SQL, no other feature.
 */

/** Days a guest may stay in CNO before moving on, when the phase does not say. */
export const DEFAULT_MAX_STAY_DAYS = 14;
/** Stand and digest count guests who have been there this many days or more. */
export const LONG_STAY_DAYS = 10;
/** The team is warned once when a group without an outflow destination has been there this long. */
const WARN_STAY_DAYS = 12;

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
  /** Of whom this many have been there LONG_STAY_DAYS days or more. */
  longStay: number;
  /** Of those, without an outflow destination. */
  longStayWithoutDestination: number;
  /** Guests past the maximum stay. */
  overdue: number;
}

/** Counts guests still in CNO by how long they have been there. */
export function summariseStays(stays: Pick<Stay, 'persons' | 'arrivedOn' | 'outflowDestination'>[], today: string, maxStayDays = DEFAULT_MAX_STAY_DAYS): StaySummary {
  const summary: StaySummary = { persons: 0, longStay: 0, longStayWithoutDestination: 0, overdue: 0 };
  for (const s of stays) {
    const days = daysStayed(s.arrivedOn, today);
    summary.persons += s.persons;
    if (days >= LONG_STAY_DAYS) {
      summary.longStay += s.persons;
      if (!s.outflowDestination) summary.longStayWithoutDestination += s.persons;
    }
    if (days >= maxStayDays) summary.overdue += s.persons;
  }
  return summary;
}

/** Groups to warn about now: day WARN_STAY_DAYS or later, no destination, not warned before. */
export function staysToWarn<T extends Pick<Stay, 'arrivedOn' | 'outflowDestination' | 'warnedAt'>>(stays: T[], today: string): T[] {
  return stays.filter((s) => !s.outflowDestination && !s.warnedAt && daysStayed(s.arrivedOn, today) >= WARN_STAY_DAYS);
}
