import type { Parsed } from './numbers';

/** Calendar days as people type them: the one date parser of forms, CSV imports and commands. */

/** True when "YYYY-MM-DD" is a day that exists. */
export function isExistingDay(day: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * A day as typed in a spreadsheet or a form: "2022-06-23", "23-06-2022", "23-6-2022", "23/6/2022"
 * or "23.6.2022" → "2022-06-23". A day that does not exist (31-06, 29-02 outside leap years) is refused.
 */
export function parseDay(raw: string): Parsed<string> {
  const text = raw.trim();
  let day: string | undefined;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const dutch = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(text);
  if (iso) day = `${iso[1]}-${iso[2]!.padStart(2, '0')}-${iso[3]!.padStart(2, '0')}`;
  else if (dutch) day = `${dutch[3]}-${dutch[2]!.padStart(2, '0')}-${dutch[1]!.padStart(2, '0')}`;
  if (!day) return { ok: false, reason: `Geen datum: "${text}" (gebruik 23-06-2022 of 2022-06-23).` };
  if (!isExistingDay(day)) return { ok: false, reason: `Die datum bestaat niet: "${text}".` };
  return { ok: true, value: day };
}

/** The half-year a housing quota (taakstelling) counts in: "2022-05-25" → "2022-I", "2022-07-01" → "2022-II". */
export function halfYearOfDay(day: string): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return `${y}-${m <= 6 ? 'I' : 'II'}`;
}
