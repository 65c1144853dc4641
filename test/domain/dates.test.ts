import { describe, expect, it } from 'vitest';
import { halfYearOfDay, isExistingDay, parseDay } from '../../src/domain/dates';

describe('parseDay', () => {
  it('reads ISO and Dutch notations', () => {
    expect(parseDay('2022-06-23')).toEqual({ ok: true, value: '2022-06-23' });
    expect(parseDay('23-06-2022')).toEqual({ ok: true, value: '2022-06-23' });
    expect(parseDay('23-6-2022')).toEqual({ ok: true, value: '2022-06-23' });
    expect(parseDay('1/7/2022')).toEqual({ ok: true, value: '2022-07-01' });
    expect(parseDay('1.6.2022')).toEqual({ ok: true, value: '2022-06-01' });
    expect(parseDay(' 2022-6-1 ')).toEqual({ ok: true, value: '2022-06-01' });
  });

  it('refuses days that do not exist, with the text as typed', () => {
    expect(parseDay('31-06-2022')).toEqual({ ok: false, reason: 'Die datum bestaat niet: "31-06-2022".' });
    expect(parseDay('29-2-2022').ok).toBe(false);
    expect(parseDay('29-2-2024')).toEqual({ ok: true, value: '2024-02-29' });
  });

  it('refuses what is no date', () => {
    expect(parseDay('morgen')).toEqual({ ok: false, reason: 'Geen datum: "morgen" (gebruik 23-06-2022 of 2022-06-23).' });
    expect(parseDay('juni').ok).toBe(false);
    expect(parseDay('23-06-22').ok).toBe(false);
  });
});

describe('isExistingDay', () => {
  it('checks a YYYY-MM-DD day against the calendar', () => {
    expect(isExistingDay('2022-02-28')).toBe(true);
    expect(isExistingDay('2022-02-29')).toBe(false);
    expect(isExistingDay('2022-2-28')).toBe(false);
  });
});

describe('halfYearOfDay', () => {
  it('puts January–June in I and July–December in II', () => {
    expect(halfYearOfDay('2022-01-01')).toBe('2022-I');
    expect(halfYearOfDay('2022-06-30')).toBe('2022-I');
    expect(halfYearOfDay('2022-07-01')).toBe('2022-II');
    expect(halfYearOfDay('2022-12-31')).toBe('2022-II');
  });
});
