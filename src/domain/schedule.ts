import { TZDate } from '@date-fns/tz';
import cron, { type ScheduledTask } from 'node-cron';
import { TIME_ZONE } from '../format/nl';

/**
 * Questions about a cron schedule, answered by node-cron itself (the library that runs the jobs),
 * so the schedule is never read by a second parser with other rules.
 */

/** Whether node-cron accepts the expression (5 fields, or 6 with seconds first). */
export function isValidSchedule(expression: string): boolean {
  return cron.validate(expression);
}

/**
 * A never-started node-cron task that fires at noon on exactly the days the expression fires:
 * its day-of-month, month and day-of-week fields with a fixed time. Noon, because no
 * daylight-saving change in Europe/Amsterdam moves it. Never started, so it holds no timer.
 */
const dayMatchers = new Map<string, ScheduledTask>();
function dayMatcher(expression: string): ScheduledTask {
  let task = dayMatchers.get(expression);
  if (!task) {
    const [dayOfMonth, month, dayOfWeek] = expression.trim().split(/\s+/).slice(-3);
    task = cron.createTask(`0 0 12 ${dayOfMonth} ${month} ${dayOfWeek}`, () => undefined, { timezone: TIME_ZONE });
    dayMatchers.set(expression, task);
  }
  return task;
}

/**
 * The first wall-clock time (Europe/Amsterdam) the schedule fires on the Amsterdam day of `now`,
 * or undefined when it does not fire that day. As wall-clock hour and minute, so a time that
 * daylight saving skips (02:30 on the last Sunday of March) still has a place in the day.
 * Throws on an expression node-cron does not accept (the config refuses those at start).
 */
export function scheduledTimeOn(now: Date, expression: string): { hour: number; minute: number } | undefined {
  const fields = cron.parse(expression);
  const local = new TZDate(now, TIME_ZONE);
  const noon = new TZDate(local.getFullYear(), local.getMonth(), local.getDate(), 12, 0, 0, TIME_ZONE);
  if (!dayMatcher(expression).match(new Date(noon.getTime()))) return undefined;
  return { hour: Math.min(...fields.hour), minute: Math.min(...fields.minute) };
}

/**
 * True when the schedule fires on the Amsterdam day of `now` and its first time that day has
 * passed on the wall clock: what a job that also runs at start uses to catch up on today's run
 * (and only today's). Comparing wall-clock times keeps 07:30 at 07:30 on daylight-saving days; a
 * time skipped in spring (02:30) counts as passed from 03:00.
 */
export function firedToday(now: Date, expression: string): boolean {
  const at = scheduledTimeOn(now, expression);
  if (!at) return false;
  const local = new TZDate(now, TIME_ZONE);
  return local.getHours() * 60 + local.getMinutes() >= at.hour * 60 + at.minute;
}
