import { describe, expect, it } from 'vitest';
import { isValidSchedule, scheduledTimeOn } from '../../src/domain/schedule';

const at = (iso: string) => new Date(iso);

describe('scheduledTimeOn (node-cron reads the schedule)', () => {
  it('gives the first wall-clock time of the Amsterdam day the schedule fires', () => {
    expect(scheduledTimeOn(at('2022-05-25T23:30:00+02:00'), '30 7 * * *')).toEqual({ hour: 7, minute: 30 });
    expect(scheduledTimeOn(at('2022-05-25T00:10:00+02:00'), '15,45 6-8 * * *')).toEqual({ hour: 6, minute: 15 });
    // Six fields: seconds first.
    expect(scheduledTimeOn(at('2022-05-25T12:00:00+02:00'), '0 30 7 * * *')).toEqual({ hour: 7, minute: 30 });
  });

  it('is undefined on a day the schedule skips, by number or by name', () => {
    // 28 May 2022 is a Saturday, 30 May a Monday.
    expect(scheduledTimeOn(at('2022-05-28T09:00:00+02:00'), '30 7 * * 1-5')).toBeUndefined();
    expect(scheduledTimeOn(at('2022-05-30T09:00:00+02:00'), '30 7 * * mon-fri')).toEqual({ hour: 7, minute: 30 });
    expect(scheduledTimeOn(at('2022-05-25T09:00:00+02:00'), '30 7 1 * *')).toBeUndefined();
    expect(scheduledTimeOn(at('2022-06-01T09:00:00+02:00'), '30 7 1 * *')).toEqual({ hour: 7, minute: 30 });
  });

  it('takes the Amsterdam day, not the UTC one, and keeps a time that daylight saving skips', () => {
    // 23:30 UTC on Sunday 29 May is already Monday 30 May in Amsterdam.
    expect(scheduledTimeOn(at('2022-05-29T23:30:00Z'), '30 7 * * mon')).toEqual({ hour: 7, minute: 30 });
    expect(scheduledTimeOn(at('2022-03-27T01:30:00Z'), '30 2 * * *')).toEqual({ hour: 2, minute: 30 });
  });

  it('validates with node-cron', () => {
    expect(isValidSchedule('30 7 * * *')).toBe(true);
    expect(isValidSchedule('*/5 * * * *')).toBe(true);
    expect(isValidSchedule('61 7 * * *')).toBe(false);
    expect(isValidSchedule('30 7 * *')).toBe(false);
  });
});
