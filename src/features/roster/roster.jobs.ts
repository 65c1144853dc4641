import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../deps';
import { toLocalDay } from '../../format/nl';
import { TZDate } from '@date-fns/tz';
import { TIME_ZONE } from '../../format/nl';
import { dueReminder, staysToWarn } from './roster';
import { claimDailyPost, claimReminder, clearStayWarnings, finishDailyPost, markStaysWarned, maxStayDays, releaseReminder } from './roster.store';
import { openStays, shiftsForReminders, staffingGaps } from './roster.query';
import { directMessage } from '../../webapi/tell-privately';
import { gapsMessage, reminderMessage, stayWarningMessage } from './roster.view';

/** The morning gaps post goes out from this hour on (Amsterdam time). */
export const GAPS_FROM_HOUR = 7;

/**
 * DMs each person the day before and an hour before their shift. A reminder is claimed in
 * shift_reminders before it is sent, so two runs or a restart never send it twice; a failed send
 * gives the claim back for the next run. Reminders that fell due while the bot was down go out
 * on the first run after start while they are still useful (see dueReminder).
 */
export async function sendShiftReminders(deps: Deps, client: WebClient): Promise<void> {
  const now = deps.clock.now();
  const shifts = shiftsForReminders(deps.db, now, new Date(now.getTime() + 24 * 3600_000));
  for (const shift of shifts) {
    const kind = dueReminder(new Date(shift.startsAt), now, shift.sent);
    const userId = shift.slackUserId;
    if (!kind || !userId) continue;
    if (!claimReminder(deps.db, shift.id, userId, kind, now)) continue;
    try {
      await directMessage(client, userId, reminderMessage(shift, kind, now));
      deps.logger.event('info', 'roster.reminder.sent', { shift: shift.id, user: userId, kind });
    } catch (error) {
      releaseReminder(deps.db, shift.id, userId, kind);
      deps.logger.event('warn', 'roster.reminder.failed', { shift: shift.id, user: userId, kind, error });
    }
  }
}

/**
 * Once per day from 07:00: the open shifts of the next 48 hours in the team channel
 * (DIGEST_CHANNEL). Nothing is posted when there are no gaps.
 */
export async function postStaffingGaps(deps: Deps, client: WebClient): Promise<void> {
  const channel = deps.config.digest.channel;
  if (!channel) return;
  const now = deps.clock.now();
  if (new TZDate(now, TIME_ZONE).getHours() < GAPS_FROM_HOUR) return;
  const gaps = staffingGaps(deps.db, now, new Date(now.getTime() + 48 * 3600_000));
  if (gaps.length === 0) return;
  const day = toLocalDay(now);
  if (!claimDailyPost(deps.db, 'staffing_gaps', day, channel, now)) return;
  try {
    const posted = await client.chat.postMessage({ channel, ...gapsMessage(gaps) });
    finishDailyPost(deps.db, 'staffing_gaps', day, channel, posted.ts ?? '');
    deps.logger.event('info', 'roster.gaps.posted', { channel, gaps: gaps.length });
  } catch (error) {
    finishDailyPost(deps.db, 'staffing_gaps', day, channel, null);
    deps.logger.event('warn', 'roster.gaps.failed', { channel, error });
  }
}

/**
 * The 14-day rule: warns the team channel once per group in the region's CNO locations that has
 * been there 12 days or more without an outflow destination. `warned_at` is set before the post (and cleared again if
 * the post fails), so a group is never warned about twice.
 */
export async function warnLongStays(deps: Deps, client: WebClient): Promise<void> {
  const channel = deps.config.digest.channel;
  if (!channel) return;
  const now = deps.clock.now();
  const today = toLocalDay(now);
  const due = staysToWarn(openStays(deps.db, deps.config.region), today);
  if (due.length === 0) return;
  const ids = due.map((s) => s.id);
  markStaysWarned(deps.db, ids, now);
  try {
    await client.chat.postMessage({ channel, ...stayWarningMessage(due, today, maxStayDays(deps.db, today)) });
    deps.logger.event('info', 'roster.stays.warned', { channel, stays: ids });
  } catch (error) {
    clearStayWarnings(deps.db, ids, now);
    deps.logger.event('warn', 'roster.stays.failed', { channel, error });
  }
}
