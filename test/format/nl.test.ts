import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, formatChange, formatCount, formatDate, formatDateTime, formatDay, formatMoment, formatNumber, formatPercent, progressBar, toLocalDay } from '../../src/format/nl';

describe('Dutch formatting', () => {
  it('formats numbers and percentages the Dutch way', () => {
    expect(formatNumber(46091)).toBe('46.091');
    expect(formatNumber(2000)).toBe('2.000');
    expect(formatPercent(38949 / 46091)).toBe('84,5%');
    expect(formatChange(500)).toBe('+500');
    expect(formatChange(-1200)).toBe('-1.200');
    expect(formatChange(0)).toBe('0');
  });

  it('formats dates in Europe/Amsterdam', () => {
    expect(formatDate('2022-05-24')).toBe('24 mei 2022');
    // 23:30 UTC on 23 May is already 24 May in Amsterdam (CEST, +2).
    expect(toLocalDay(new Date('2022-05-23T22:30:00Z'))).toBe('2022-05-24');
    expect(formatDateTime(new Date('2022-10-30T00:30:00Z'))).toBe('30 oktober 2022 02:30');
    expect(formatDateTime(new Date('2022-10-30T01:30:00Z'))).toBe('30 oktober 2022 02:30');
  });

  it('writes days and moments as a Dutch reader writes them, never with a Slack date token', () => {
    // The noodknop's deadline: weekday, day, month and time in Amsterdam (21 June 2022 was a Tuesday).
    expect(formatMoment(new Date('2022-06-21T07:00:00Z'))).toBe('di 21 jun 09:00');
    // 23:30 UTC is already the next day in Amsterdam.
    expect(formatMoment(new Date('2022-06-20T22:30:00Z'))).toBe('di 21 jun 00:30');
    // Winter time: +1.
    expect(formatMoment(new Date('2022-12-01T08:00:00Z'))).toBe('do 1 dec 09:00');
    // "t/m 28 juni": the year only when it is not this year's.
    expect(formatDay('2022-06-28', '2022-05-25')).toBe('28 juni');
    expect(formatDay('2023-01-10', '2022-12-30')).toBe('10 januari 2023');
    expect(formatDay('2022-06-28')).toBe('28 juni 2022');
  });

  it('counts with the noun in the right number', () => {
    expect(formatCount(1, 'locatie', 'locaties')).toBe('1 locatie');
    expect(formatCount(0, 'locatie', 'locaties')).toBe('0 locaties');
    expect(formatCount(2, 'plek', 'plekken')).toBe('2 plekken');
    expect(formatCount(1960, 'plek', 'plekken')).toBe('1.960 plekken');
  });

  it('counts calendar days across daylight-saving changes', () => {
    expect(daysBetween('2022-03-26', '2022-03-28')).toBe(2);
    expect(addDays('2022-10-29', 2)).toBe('2022-10-31');
    expect(daysBetween('2022-05-25', '2022-06-23')).toBe(29);
  });

  it('draws a progress bar clamped to 0–100%', () => {
    expect(progressBar(0.5)).toBe('▓▓▓▓▓░░░░░');
    expect(progressBar(1.7)).toBe('▓▓▓▓▓▓▓▓▓▓');
    expect(progressBar(Number.NaN)).toBe('░░░░░░░░░░');
  });
});
