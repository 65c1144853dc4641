import { TZDate } from '@date-fns/tz';
import { differenceInCalendarDays, format } from 'date-fns';
import { nl } from 'date-fns/locale';

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

/** A moment (UTC) as the Amsterdam calendar day "2022-05-24". */
export function toLocalDay(moment: Date): string {
  return format(new TZDate(moment, TIME_ZONE), 'yyyy-MM-dd');
}

/** "2022-05-24" (or a moment) → "24 mei 2022" */
export function formatDate(day: string | Date): string {
  const local = typeof day === 'string' ? dayToTzDate(day) : new TZDate(day, TIME_ZONE);
  return format(local, 'd MMMM yyyy', { locale: nl });
}

/** "2022-05-24" → "di 24 mei" (for rosters and lists within one year). */
export function formatShortDate(day: string): string {
  return format(dayToTzDate(day), 'EEEEEE d MMM', { locale: nl }).replace('.', '');
}

/** A moment → "24 mei 2022 09:30" in Amsterdam time. */
export function formatDateTime(moment: Date): string {
  return format(new TZDate(moment, TIME_ZONE), "d MMMM yyyy HH:mm", { locale: nl });
}

/** A moment → "09:30" in Amsterdam time. */
export function formatTime(moment: Date): string {
  return format(new TZDate(moment, TIME_ZONE), 'HH:mm');
}

/** Calendar days from one Amsterdam day to another (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return differenceInCalendarDays(dayToTzDate(to), dayToTzDate(from));
}

/** Midnight of an Amsterdam calendar day. */
export function dayToTzDate(day: string): TZDate {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new TZDate(y, m - 1, d, TIME_ZONE);
}

/** Adds calendar days to "YYYY-MM-DD". */
export function addDays(day: string, days: number): string {
  const local = dayToTzDate(day);
  local.setDate(local.getDate() + days);
  return format(local, 'yyyy-MM-dd');
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
