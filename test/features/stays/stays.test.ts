import { describe, expect, it } from 'vitest';
import { staysToWarn, summariseStays } from '../../../src/features/stays/stays';

describe('the 14-day rule', () => {
  const stays = [
    { persons: 30, arrivedOn: '2022-06-01', outflowDestination: null, warnedAt: null },
    { persons: 5, arrivedOn: '2022-06-02', outflowDestination: 'AZC Zwolle', warnedAt: null },
    { persons: 10, arrivedOn: '2022-06-08', outflowDestination: null, warnedAt: null },
  ];
  it('counts guests who have been there 10 days or more', () => {
    expect(summariseStays(stays, '2022-06-11')).toEqual({ persons: 45, longStay: 30, longStayWithoutDestination: 30, overdue: 0 });
    expect(summariseStays(stays, '2022-06-15')).toEqual({ persons: 45, longStay: 35, longStayWithoutDestination: 30, overdue: 30 });
  });
  it('warns about groups on day 12 without a destination, once', () => {
    expect(staysToWarn(stays, '2022-06-12')).toEqual([]);
    expect(staysToWarn(stays, '2022-06-13')).toEqual([stays[0]]);
    expect(staysToWarn([{ ...stays[0]!, warnedAt: '2022-06-13T06:00:00Z' }], '2022-06-14')).toEqual([]);
  });
});
