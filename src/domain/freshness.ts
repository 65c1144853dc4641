/**
 * When a location's figures are out of date: the one rule the stand, the App Home, the digest's
 * "Actualiteit" and the overdue job all use, with one setting (OVERDUE_DAYS) behind it.
 */

/** OVERDUE_DAYS when it is not set. */
export const DEFAULT_OVERDUE_DAYS = 7;

const DAY_MS = 24 * 3600_000;

/** The moment before which a write leaves figures out of date at `now` (ISO, comparable with updated_at). */
export function overdueBefore(now: Date, days: number): string {
  return new Date(now.getTime() - days * DAY_MS).toISOString();
}
