import { enqueuePost } from '../../outbox/outbox.store';
import type { Db } from '../../store/database';
import { rosterKeys, type ReminderKind, type ShiftRecord } from './roster';
import { nameShift } from './roster.query';
import { handBackShift, type HandBackResult } from './roster.store';
import type { Stay } from '../stays/stays';
import { markStaysWarned } from '../stays/stays.store';
import { gapsMessage, handedBackMessage, reminderMessage, stayWarningMessage } from './roster.view';

/**
 * What the roster tells people in Slack, handed to the outbox (which delivers each once, looking
 * in the channel before it posts again after an unclear answer or a crash). A notice that goes
 * with a change (a group warned about, a shift handed back) is enqueued in that change's
 * transaction.
 */

/** The day-before or hour-before reminder to the shift's holder (a direct message), once. */
export function remindShift(db: Db, shift: ShiftRecord & { slackUserId: string }, kind: ReminderKind, now: Date): boolean {
  return enqueuePost(db, { key: rosterKeys.reminder(shift.id, shift.slackUserId, kind), kind: 'shift_reminder', target: { user: shift.slackUserId }, message: reminderMessage(shift, kind, now) }, now);
}

/** The open shifts of the next 48 hours in the team channel, once a day. */
export function postGaps(db: Db, channel: string, day: string, gaps: ShiftRecord[], now: Date): boolean {
  return enqueuePost(db, { key: rosterKeys.gaps(channel, day), kind: 'shift_gaps', target: { channel }, message: gapsMessage(gaps) }, now);
}

/**
 * The 14-day warning for groups not warned about yet: they are marked warned and the warning is
 * enqueued in one transaction, so each group is warned about once. Returns the groups warned.
 */
export function warnStays(db: Db, channel: string, due: Stay[], today: string, maxStay: number, now: Date): Stay[] {
  return db.transaction(() => {
    const marked = new Set(markStaysWarned(db, due.map((s) => s.id), now));
    const warned = due.filter((s) => marked.has(s.id));
    if (warned.length === 0) return [];
    const first = Math.min(...warned.map((s) => s.id));
    enqueuePost(db, { key: rosterKeys.stays(channel, first), kind: 'stay_warning', target: { channel }, message: stayWarningMessage(warned, today, maxStay) }, now);
    return warned;
  })();
}

/** A shift given back reopens, and the team channel hears it, in one transaction. */
export function handBackAndAnnounce(db: Db, shiftId: number, userId: string, at: Date, channel: string | undefined): HandBackResult {
  return db.transaction((): HandBackResult => {
    const result = handBackShift(db, shiftId, userId, at);
    if (result.status === 'released' && channel) {
      const released = nameShift(db, result.shift);
      enqueuePost(db, { key: rosterKeys.handedBack(released.id, released.version), kind: 'shift_handed_back', target: { channel }, message: handedBackMessage(released, userId) }, at);
    }
    return result;
  })();
}
