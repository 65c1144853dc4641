import { describe, expect, it } from 'vitest';
import { adminsListDay, askedAbout, itemState, parseButtonValue, passedOverNow, periodOf, planOverdue, reminderDay, type RoleLookup } from '../../../src/features/overdue/overdue';
import { location, promptRow } from '../../support/fixtures';

/** The overdue period and the steps within it (pure). */
const prompt = promptRow;
const stale = location({ id: 1, updatedAt: '2022-05-16T10:00:00.000Z', updatedBy: 'UEDITOR1', ownerId: 'UOWNER1' });
/** Everyone named in these tests is an editor, unless a test says otherwise. */
const editors: RoleLookup = () => 'editor';

describe('the overdue period', () => {
  it('is identified by the write the figures are overdue from', () => {
    expect(periodOf(stale)).toEqual({ locationId: 1, from: '2022-05-16T10:00:00.000Z' });
  });

  it('reminds two working days after the question, and lists for the admins two working days after the reminder', () => {
    expect(reminderDay('2022-05-23T07:00:00.000Z')).toBe('2022-05-25');
    expect(reminderDay('2022-05-27T07:00:00.000Z')).toBe('2022-05-31'); // Friday → Tuesday
    expect(adminsListDay(prompt())).toBeUndefined(); // not reminded yet
    expect(adminsListDay(prompt({ remindedAt: '2022-05-25T07:00:00.000Z' }))).toBe('2022-05-27');
    // Handed to the admins (no reminder): two working days after the reminder would have been.
    expect(adminsListDay(prompt({ disownedAt: '2022-05-23T08:00:00.000Z' }))).toBe('2022-05-27');
  });

  it('plans a question for a period without one, grouped by owner (the last person without an owner; the admins for system actors)', () => {
    const seeded = location({ id: 2, updatedAt: '2022-05-01T00:00:00.000Z', updatedBy: 'seed', ownerId: null });
    const byEditor = location({ id: 3, updatedAt: '2022-05-01T00:00:00.000Z', updatedBy: 'UEDITOR1', ownerId: null });
    const imported = location({ id: 4, updatedAt: '2022-05-01T00:00:00.000Z', updatedBy: 'cli:piet', ownerId: null });
    const plan = planOverdue([stale, seeded, byEditor, imported], [], '2022-05-23', editors);
    expect([...plan.prompts.entries()].map(([who, ls]) => [who, ls.map((l) => l.id)])).toEqual([
      ['UOWNER1', [1]],
      ['admins', [2, 4]],
      ['UEDITOR1', [3]],
    ]);
  });

  it('asks once per period: a new period (the location was written since) is asked again', () => {
    expect(planOverdue([stale], [prompt()], '2022-05-24', editors).prompts.size).toBe(0);
    const again = { ...stale, updatedAt: '2022-05-17T10:00:00.000Z' };
    expect(planOverdue([again], [prompt()], '2022-05-24', editors).prompts.get('UOWNER1')).toHaveLength(1);
  });

  it('reminds once, on or after the reminder day, not after "Niet mijn locatie"; lists once after that', () => {
    expect(planOverdue([stale], [prompt()], '2022-05-24', editors).reminders.size).toBe(0);
    expect(planOverdue([stale], [prompt()], '2022-05-25', editors).reminders.get('UOWNER1')).toHaveLength(1);
    // A bot that was down catches up, still one reminder, and not the admins' list the same day.
    const late = planOverdue([stale], [prompt()], '2022-06-10', editors);
    expect(late.reminders.get('UOWNER1')).toHaveLength(1);
    expect(late.escalations).toEqual([]);
    const reminded = prompt({ remindedAt: '2022-05-25T07:00:00.000Z' });
    expect(planOverdue([stale], [reminded], '2022-05-25', editors).reminders.size).toBe(0);
    expect(planOverdue([stale], [reminded], '2022-05-26', editors).escalations).toEqual([]);
    expect(planOverdue([stale], [reminded], '2022-05-27', editors).escalations).toHaveLength(1);
    expect(planOverdue([stale], [{ ...reminded, escalatedAt: '2022-05-27T07:00:00.000Z' }], '2022-05-30', editors).escalations).toEqual([]);
    const disowned = prompt({ disownedAt: '2022-05-23T08:00:00.000Z', disownedBy: 'UOWNER1' });
    expect(planOverdue([stale], [disowned], '2022-05-25', editors).reminders.size).toBe(0);
    expect(planOverdue([stale], [disowned], '2022-05-27', editors).escalations).toHaveLength(1);
  });

  it('asks the admins about a location whose owner cannot act (a lezer, or no role), and says who was passed over', () => {
    const roles: RoleLookup = (userId) => (userId === 'UOWNER1' || userId === 'UEDITOR1' ? 'viewer' : 'editor');
    expect(askedAbout(stale, roles)).toEqual({ addressee: 'admins', passedOver: { userId: 'UOWNER1', role: 'viewer', owner: true } });
    // Without an owner the last updater answers; a lezer by now is passed over as well.
    const byEditor = location({ id: 3, updatedAt: '2022-05-01T00:00:00.000Z', updatedBy: 'UEDITOR1', ownerId: null });
    expect(askedAbout(byEditor, roles)).toEqual({ addressee: 'admins', passedOver: { userId: 'UEDITOR1', role: 'viewer', owner: false } });
    expect(askedAbout(stale, editors)).toEqual({ addressee: 'UOWNER1' });
    expect(askedAbout(location({ id: 2, updatedBy: 'seed', ownerId: null }), roles)).toEqual({ addressee: 'admins' });
    expect(planOverdue([stale, byEditor], [], '2022-05-23', roles).prompts.get('admins')?.map((l) => l.id)).toEqual([1, 3]);
    // An admin owner can act.
    expect(askedAbout(stale, () => 'admin')).toEqual({ addressee: 'UOWNER1' });
  });

  it('an owner who lost the editor role after the question gets no reminder: the location goes on the admins\' list that day instead', () => {
    const lezer: RoleLookup = () => 'viewer';
    const plan = planOverdue([stale], [prompt()], '2022-05-25', lezer);
    expect(plan.reminders.size).toBe(0);
    expect(plan.escalations.map((e) => e.location.id)).toEqual([1]);
    expect(passedOverNow(stale, prompt(), lezer)).toEqual({ userId: 'UOWNER1', role: 'viewer', owner: true });
    expect(passedOverNow(stale, prompt(), editors)).toBeUndefined();
    // Once listed, nothing more in this period (no late reminder either).
    const listed = planOverdue([stale], [prompt({ escalatedAt: '2022-05-25T07:00:00.000Z' })], '2022-06-10', lezer);
    expect(listed.reminders.size + listed.escalations.length).toBe(0);
  });

  it('says how a listed location stands: open, confirmed, written since, handed on', () => {
    expect(itemState(stale, prompt())).toEqual({ kind: 'open' });
    expect(itemState({ ...stale, updatedAt: '2022-05-25T08:00:00.000Z' }, prompt({ confirmedAt: '2022-05-25T08:00:00.000Z', confirmedBy: 'UOWNER1' }))).toEqual({
      kind: 'confirmed',
      by: 'UOWNER1',
      at: '2022-05-25T08:00:00.000Z',
    });
    expect(itemState({ ...stale, updatedAt: '2022-05-25T08:00:00.000Z', updatedBy: 'UEDITOR2' }, prompt())).toEqual({ kind: 'updated', by: 'UEDITOR2', at: '2022-05-25T08:00:00.000Z' });
    expect(itemState(stale, prompt({ disownedAt: '2022-05-23T08:00:00.000Z', disownedBy: 'UOWNER1' }))).toEqual({ kind: 'disowned', by: 'UOWNER1' });
  });

  it('reads its buttons\' values strictly', () => {
    expect(parseButtonValue('12:3')).toEqual({ id: 12, version: 3 });
    expect(parseButtonValue('12')).toBeUndefined();
    expect(parseButtonValue('12:3:4')).toBeUndefined();
    expect(parseButtonValue(undefined)).toBeUndefined();
  });
});
