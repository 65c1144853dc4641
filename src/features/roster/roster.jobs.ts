import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../deps';
import { TIME_ZONE, toLocalDay } from '../../format/nl';
import { TZDate } from '@date-fns/tz';
import { deliverNow } from '../../outbox/signal';
import { dueReminder } from './roster';
import { staysToWarn } from '../stays/stays';
import { maxStayDays } from '../stays/stays.store';
import { openStays, shiftsForReminders, staffingGaps } from './roster.query';
import { postGaps, remindShift, warnStays } from './notices.write';

/** The morning gaps post goes out from this hour on (Amsterdam time). */
const GAPS_FROM_HOUR = 7;

/**
 * DMs each person the day before and an hour before their shift, through the outbox: each
 * reminder has its key (shift, person, kind), so two runs or a restart never send it twice and
 * one Slack refused goes out when Slack is back. Reminders that fell due while the bot was down go
 * out on the first run after start while they are still useful (see dueReminder).
 */
export async function sendShiftReminders(deps: Deps, _client?: WebClient): Promise<void> {
  const now = deps.clock.now();
  const shifts = shiftsForReminders(deps.db, now, new Date(now.getTime() + 24 * 3600_000));
  for (const shift of shifts) {
    const kind = dueReminder(new Date(shift.startsAt), now, shift.sent);
    const userId = shift.slackUserId;
    if (!kind || !userId) continue;
    if (remindShift(deps.db, { ...shift, slackUserId: userId }, kind, now)) deps.logger.event('info', 'roster.reminder.enqueued', { shift: shift.id, user: userId, kind });
  }
  await deliverNow(deps.db);
}

/**
 * Once per day from 07:00: the open shifts of the next 48 hours in the team channel
 * (DIGEST_CHANNEL), once (the outbox key is the channel and the day). Nothing is posted when
 * there are no gaps.
 */
export async function postStaffingGaps(deps: Deps, _client?: WebClient): Promise<void> {
  const channel = deps.config.digest.channel;
  if (!channel) return;
  const now = deps.clock.now();
  if (new TZDate(now, TIME_ZONE).getHours() < GAPS_FROM_HOUR) return;
  const gaps = staffingGaps(deps.db, now, new Date(now.getTime() + 48 * 3600_000));
  if (gaps.length === 0) return;
  if (postGaps(deps.db, channel, toLocalDay(now), gaps, now)) deps.logger.event('info', 'roster.gaps.enqueued', { channel, gaps: gaps.length });
  await deliverNow(deps.db);
}

/**
 * The 14-day rule: warns the team channel once per group in the region's CNO locations that has
 * been there 12 days or more without an outflow destination. `warned_at` is set in the
 * transaction that hands the warning to the outbox, so a group is never warned about twice and a
 * warning Slack refused is delivered when Slack is back.
 */
export async function warnLongStays(deps: Deps, _client?: WebClient): Promise<void> {
  const channel = deps.config.digest.channel;
  if (!channel) return;
  const now = deps.clock.now();
  const today = toLocalDay(now);
  const maxDays = maxStayDays(deps.db, today);
  const due = staysToWarn(openStays(deps.db, deps.config.region), today, maxDays);
  if (due.length === 0) return;
  const warned = warnStays(deps.db, channel, due, today, maxDays, now);
  if (warned.length > 0) deps.logger.event('info', 'roster.stays.enqueued', { channel, stays: warned.map((s) => s.id) });
  await deliverNow(deps.db);
}
