import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, formatChange, formatDate, formatDateTime, formatNumber, formatPercent, progressBar, toLocalDay } from '../../src/format/nl';

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
