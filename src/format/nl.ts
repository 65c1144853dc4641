import { TZDate } from '@date-fns/tz';

/** All calendar logic happens in this zone; storage is UTC. */
export const TIME_ZONE = 'Europe/Amsterdam';

const wholeNumber = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 0 });
const signedNumber = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 0, signDisplay: 'exceptZero' });
const percentage = new Intl.NumberFormat('nl-NL', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** 46091 → "46.091" */
export function formatNumber(value: number): string {
  return wholeNumber.format(value);
}

/** 12 → "+12", -3 → "-3", 0 → "0" */
export function formatChange(value: number): string {
  return signedNumber.format(value).replace('−', '-');
}

/** 0.845 → "84,5%" */
export function formatPercent(fraction: number): string {
  return percentage.format(fraction).replace(/\s/g, '');
}

// Calendar arithmetic on "YYYY-MM-DD" strings needs no time zone; only turning a moment into a
// local day or time does, and a cached Intl formatter does that much faster than a TZDate.
const localDayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const localTimeFormat = new Intl.DateTimeFormat('nl-NL', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const MONTHS = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];
const SHORT_MONTHS = ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];
const SHORT_WEEKDAYS = ['zo', 'ma', 'di', 'wo', 'do', 'vr', 'za'];
const DAY_MS = 86_400_000;

function dayParts(day: string): [number, number, number] {
  return day.split('-').map(Number) as [number, number, number];
}

function dayToUtcMs(day: string): number {
  const [y, m, d] = dayParts(day);
  return Date.UTC(y, m - 1, d);
}

/** A moment (UTC) as the Amsterdam calendar day "2022-05-24". */
export function toLocalDay(moment: Date): string {
  return localDayFormat.format(moment);
}

/** "2022-05-24" (or a moment) → "24 mei 2022" */
export function formatDate(day: string | Date): string {
  const [y, m, d] = dayParts(typeof day === 'string' ? day : toLocalDay(day));
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** "2022-05-24" → "di 24 mei" (for rosters and lists within one year). */
export function formatShortDate(day: string): string {
  const [, m, d] = dayParts(day);
  return `${SHORT_WEEKDAYS[new Date(dayToUtcMs(day)).getUTCDay()]} ${d} ${SHORT_MONTHS[m - 1]}`;
}

/**
 * "2022-06-28" → "28 juni", with the year only when it is not `today`'s ("28 juni 2023"): how a
 * person writes a day in a message ("t/m 28 juni"). Without `today` the year is always written.
 */
export function formatDay(day: string, today?: string): string {
  const [y, m, d] = dayParts(day);
  return today && today.slice(0, 4) === day.slice(0, 4) ? `${d} ${MONTHS[m - 1]}` : `${d} ${MONTHS[m - 1]} ${y}`;
}

/**
 * A moment → "di 21 jun 09:00" in Amsterdam time: deadlines, shifts and reminders, written by us
 * rather than with Slack's date token (Slack renders that in the reader's Slack language, and
 * Slack has no Dutch: the team would read "tomorrow 9:00 AM").
 */
export function formatMoment(moment: Date): string {
  return `${formatShortDate(toLocalDay(moment))} ${formatTime(moment)}`;
}

/** 1 → "1 locatie", 3 → "3 locaties", 1000 → "1.000 locaties": a count with its noun in the right number. */
export function formatCount(n: number, one: string, many: string): string {
  return `${formatNumber(n)} ${Math.abs(n) === 1 ? one : many}`;
}

/** A moment → "24 mei 2022 09:30" in Amsterdam time. */
export function formatDateTime(moment: Date): string {
  return `${formatDate(moment)} ${formatTime(moment)}`;
}

/** A moment → "09:30" in Amsterdam time. */
export function formatTime(moment: Date): string {
  return localTimeFormat.format(moment);
}

/** Calendar days from one day to another (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((dayToUtcMs(to) - dayToUtcMs(from)) / DAY_MS);
}

/** Midnight of an Amsterdam calendar day, as a TZDate for date-fns calculations in that zone. */
export function dayToTzDate(day: string): TZDate {
  const [y, m, d] = dayParts(day);
  return new TZDate(y, m - 1, d, TIME_ZONE);
}

/** Adds calendar days to "YYYY-MM-DD". */
export function addDays(day: string, days: number): string {
  return new Date(dayToUtcMs(day) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 1 → "1 dag", 3 → "3 dagen" */
export function formatDays(days: number): string {
  return `${formatNumber(days)} ${Math.abs(days) === 1 ? 'dag' : 'dagen'}`;
}

/** A text progress bar for mrkdwn: "▓▓▓▓▓░░░░░" (10 cells). */
export function progressBar(fraction: number, cells = 10): string {
  const clamped = Math.max(0, Math.min(1, Number.isFinite(fraction) ? fraction : 0));
  const filled = Math.round(clamped * cells);
  return '▓'.repeat(filled) + '░'.repeat(cells - filled);
}
