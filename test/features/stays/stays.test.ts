import { describe, expect, it } from 'vitest';
import { staysToWarn, summariseStays } from '../../../src/features/stays/stays';

describe('the 14-day rule', () => {
  const stays = [
    { persons: 30, arrivedOn: '2022-06-01', outflowDestination: null, warnedAt: null },
    { persons: 5, arrivedOn: '2022-06-02', outflowDestination: 'AZC Zwolle', warnedAt: null },
    { persons: 10, arrivedOn: '2022-06-08', outflowDestination: null, warnedAt: null },
  ];
  it('counts guests from day 12 (two days before the 14), the one notice point of the rule', () => {
    // Day 10 of the first group: not due yet (it used to count from day 10 here and warn on day 12).
    expect(summariseStays(stays, '2022-06-11')).toEqual({ persons: 45, maxStayDays: 14, dueDay: 12, due: 0, dueWithoutDestination: 0, dueGroupsWithoutDestination: 0, overdue: 0 });
    expect(summariseStays(stays, '2022-06-13')).toEqual({ persons: 45, maxStayDays: 14, dueDay: 12, due: 30, dueWithoutDestination: 30, dueGroupsWithoutDestination: 1, overdue: 0 });
    expect(summariseStays(stays, '2022-06-15')).toEqual({ persons: 45, maxStayDays: 14, dueDay: 12, due: 35, dueWithoutDestination: 30, dueGroupsWithoutDestination: 1, overdue: 30 });
    // A phase with another maximum moves the notice point with it.
    expect(summariseStays(stays, '2022-06-09', 10)).toMatchObject({ dueDay: 8, due: 30 });
  });
  it('warns about groups on day 12 without a destination, once', () => {
    expect(staysToWarn(stays, '2022-06-12')).toEqual([]);
    expect(staysToWarn(stays, '2022-06-13')).toEqual([stays[0]]);
    expect(staysToWarn([{ ...stays[0]!, warnedAt: '2022-06-13T06:00:00Z' }], '2022-06-14')).toEqual([]);
    expect(staysToWarn(stays, '2022-06-09', 10)).toEqual([stays[0]]);
  });
});
