import { describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay } from '../../src/domain/dates';
import { overdueBefore } from '../../src/domain/freshness';

describe('working days', () => {
  it('are Monday to Friday; public holidays count (Koningsdag 2022 was a Wednesday)', () => {
    expect(['2022-05-23', '2022-05-24', '2022-05-25', '2022-05-26', '2022-05-27'].map(isWorkingDay)).toEqual([true, true, true, true, true]);
    expect(isWorkingDay('2022-05-28')).toBe(false);
    expect(isWorkingDay('2022-05-29')).toBe(false);
    expect(isWorkingDay('2022-04-27')).toBe(true);
    expect(isWorkingDay('2022-12-25')).toBe(false); // a Sunday, not because it is Christmas
  });

  it('count forward over weekends', () => {
    expect(addWorkingDays('2022-05-23', 2)).toBe('2022-05-25'); // Monday → Wednesday
    expect(addWorkingDays('2022-05-26', 2)).toBe('2022-05-30'); // Thursday → Monday
    expect(addWorkingDays('2022-05-27', 2)).toBe('2022-05-31'); // Friday → Tuesday
    expect(addWorkingDays('2022-05-28', 2)).toBe('2022-05-31'); // Saturday → Tuesday
    expect(addWorkingDays('2022-05-27', 0)).toBe('2022-05-27');
    // Across the change to winter time and a month end: calendar days, no clock.
    expect(addWorkingDays('2022-10-28', 2)).toBe('2022-11-01');
  });
});

describe('out of date', () => {
  it('is OVERDUE_DAYS × 24 hours before now', () => {
    expect(overdueBefore(new Date('2022-05-25T07:00:00Z'), 7)).toBe('2022-05-18T07:00:00.000Z');
  });
});
