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

/** "9:30", "09:30", "09.30" → "09:30"; hours 0–23, minutes 0–59. */
export function parseTime(raw: string): Parsed<string> {
  const match = /^(\d{1,2})[:.](\d{2})$/.exec(raw.trim());
  const hours = match ? Number(match[1]) : Number.NaN;
  const minutes = match ? Number(match[2]) : Number.NaN;
  if (!match || hours > 23 || minutes > 59) return { ok: false, reason: `Geen tijd: "${raw.trim()}" (gebruik bijvoorbeeld 09:30).` };
  return { ok: true, value: `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}` };
}

export type WallClockInstant =
  | { ok: true; at: Date; /** The time happens twice that night (the clock goes back); `at` is the first. */ repeated: boolean }
  | { ok: false; reason: string };

const zoneParts = new Map<string, Intl.DateTimeFormat>();

/** Minutes the zone is ahead of UTC at `instant`. */
function offsetMinutes(instant: number, zone: string): number {
  let format = zoneParts.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    zoneParts.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute));
  return Math.round((local - Math.floor(instant / 60_000) * 60_000) / 60_000);
}

/**
 * A wall-clock time on a day ("YYYY-MM-DD", "HH:MM") in `zone` as an instant, decided rather than
 * guessed around daylight saving time: a time the clock skips (02:30 on the last Sunday of March
 * in Amsterdam) is refused with a Dutch reason; a time that happens twice (02:30 on the last
 * Sunday of October) is the first of the two, in summer time, and says so with `repeated`.
 */
export function wallClockInstant(day: string, time: string, zone = 'Europe/Amsterdam'): WallClockInstant {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t || !isExistingDay(day)) return { ok: false, reason: 'Kies een geldige datum en tijd.' };
  const naive = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  // The zone's offsets a day either side cover both sides of any change that night.
  const offsets = new Set([offsetMinutes(naive - 86_400_000, zone), offsetMinutes(naive + 86_400_000, zone)]);
  const candidates = [...offsets].map((offset) => naive - offset * 60_000).filter((instant) => offsetMinutes(instant, zone) * 60_000 === naive - instant);
  candidates.sort((a, b) => a - b);
  if (candidates.length === 0) return { ok: false, reason: `${time} bestaat niet op deze dag: de klok gaat dan een uur vooruit.` };
  return { ok: true, at: new Date(candidates[0]!), repeated: candidates.length > 1 };
}

/** The half-year a housing quota (taakstelling) counts in: "2022-05-25" → "2022-I", "2022-07-01" → "2022-II". */
export function halfYearOfDay(day: string): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return `${y}-${m <= 6 ? 'I' : 'II'}`;
}

/**
 * Working days are Monday to Friday. Dutch public holidays count as working days, deliberately:
 * the overdue job's default schedule (Monday to Friday) runs on them too, and a crisis team works
 * through them; skipping them would only delay a reminder by a day.
 */
export function isWorkingDay(day: string): boolean {
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The day `count` working days after `day` ("YYYY-MM-DD"): Monday + 2 is Wednesday, Friday + 2
 * is Tuesday, Saturday + 2 is Tuesday (the weekend does not count).
 */
export function addWorkingDays(day: string, count: number): string {
  let at = new Date(`${day}T12:00:00Z`);
  for (let left = count; left > 0; ) {
    at = new Date(at.getTime() + 86_400_000);
    if (isWorkingDay(at.toISOString().slice(0, 10))) left--;
  }
  return at.toISOString().slice(0, 10);
}
