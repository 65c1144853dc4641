import { describe, expect, it } from 'vitest';
import { digestChartKey, digestKey, isDigestDue, paceFor, realisedByDay } from '../../../src/features/digest/digest';
import { targetProgress } from '../../../src/features/stand/stand';

const at = (iso: string) => new Date(iso);

describe('isDigestDue', () => {
  it('is due from 07:30 Amsterdam on an ordinary day', () => {
    expect(isDigestDue(at('2022-05-25T07:29:00+02:00'), '30 7 * * *')).toBe(false);
    expect(isDigestDue(at('2022-05-25T07:30:00+02:00'), '30 7 * * *')).toBe(true);
    expect(isDigestDue(at('2022-05-25T23:59:00+02:00'), '30 7 * * *')).toBe(true);
    // 00:10 the next day is a new day: not due until 07:30 again.
    expect(isDigestDue(at('2022-05-26T00:10:00+02:00'), '30 7 * * *')).toBe(false);
  });

  it('stays at 07:30 Amsterdam on 27 March 2022 (clocks forward: 05:30 UTC)', () => {
    expect(isDigestDue(at('2022-03-27T05:29:00Z'), '30 7 * * *')).toBe(false);
    expect(isDigestDue(at('2022-03-27T05:30:00Z'), '30 7 * * *')).toBe(true);
    // The day before is still winter time: 07:30 is 06:30 UTC.
    expect(isDigestDue(at('2022-03-26T06:29:00Z'), '30 7 * * *')).toBe(false);
    expect(isDigestDue(at('2022-03-26T06:30:00Z'), '30 7 * * *')).toBe(true);
    // A time the spring day skips (02:30) counts as passed from 03:00.
    expect(isDigestDue(at('2022-03-27T00:59:00Z'), '30 2 * * *')).toBe(false);
    expect(isDigestDue(at('2022-03-27T01:00:00Z'), '30 2 * * *')).toBe(true);
  });

  it('stays at 07:30 Amsterdam on 30 October 2022 (clocks back: 06:30 UTC)', () => {
    expect(isDigestDue(at('2022-10-30T05:30:00Z'), '30 7 * * *')).toBe(false);
    expect(isDigestDue(at('2022-10-30T06:29:00Z'), '30 7 * * *')).toBe(false);
    expect(isDigestDue(at('2022-10-30T06:30:00Z'), '30 7 * * *')).toBe(true);
  });

  it('honours the day fields: weekdays only', () => {
    // 28 May 2022 is a Saturday, 30 May a Monday.
    expect(isDigestDue(at('2022-05-28T09:00:00+02:00'), '30 7 * * 1-5')).toBe(false);
    expect(isDigestDue(at('2022-05-30T09:00:00+02:00'), '30 7 * * mon-fri')).toBe(true);
  });
});

describe('the digest’s outbox keys', () => {
  it('are one per channel per Amsterdam day, the chart in its thread', () => {
    expect(digestKey('C0DIGEST', '2022-05-25')).toBe('digest:C0DIGEST:2022-05-25');
    expect(digestChartKey('C0DIGEST', '2022-05-25')).toBe('digest:C0DIGEST:2022-05-25:chart');
  });
});

describe('pace', () => {
  const target = { id: 1, targetGroup: 'oekrainers' as const, number: 2000, dueOn: '2022-06-23', label: 'x', priority: 'normaal' as const };
  it('is on track when the growth of the last days gets there in time', () => {
    const p = paceFor(targetProgress(target, 1500, '2022-06-01'), 420, 14, '2022-06-01'); // 30 a day, 500 left: 17 days of 22
    expect(p).toEqual({ kind: 'on_track', perDay: 30, expectedOn: '2022-06-18', neededPerDay: 23 });
    // 20 a day takes 25 days: 3 late.
    expect(paceFor(targetProgress(target, 1500, '2022-06-01'), 280, 14, '2022-06-01')).toMatchObject({ kind: 'late', lateDays: 3 });
  });
  it('says how many days late the current pace is', () => {
    const p = paceFor(targetProgress(target, 1000, '2022-06-01'), 140, 14, '2022-06-01'); // 10 a day, 1000 left: 100 days, 22 left
    expect(p).toMatchObject({ kind: 'late', lateDays: 78, neededPerDay: 46 });
  });
  it('calls it stalled without growth', () => {
    expect(paceFor(targetProgress(target, 0, '2022-06-01'), 0, 7, '2022-06-01').kind).toBe('stalled');
  });
});

describe('realisedByDay', () => {
  it('replays the history: operational places per day, per group', () => {
    const series = realisedByDay(
      [
        { locationId: 1, targetGroup: 'oekrainers', recordedAt: '2022-05-20T08:00:00Z', stage: 'in_voorbereiding', places: 0 },
        { locationId: 1, targetGroup: 'oekrainers', recordedAt: '2022-05-22T08:00:00Z', stage: 'operationeel', places: 100 },
        { locationId: 2, targetGroup: 'oekrainers', recordedAt: '2022-05-23T08:00:00Z', stage: 'operationeel', places: 50 },
        { locationId: 1, targetGroup: 'oekrainers', recordedAt: '2022-05-24T08:00:00Z', stage: 'operationeel', places: 120 },
      ],
      ['2022-05-21', '2022-05-22', '2022-05-23', '2022-05-24'],
    );
    expect(series.get('oekrainers')).toEqual([0, 100, 150, 170]);
  });
});

describe('sameTimeYesterday', () => {
  it('is yesterday at the same Amsterdam wall-clock time, across both daylight-saving changes', async () => {
    const { sameTimeYesterday } = await import('../../../src/features/digest/digest');
    expect(sameTimeYesterday(new Date('2022-05-25T07:30:00+02:00')).toISOString()).toBe('2022-05-24T05:30:00.000Z');
    expect(sameTimeYesterday(new Date('2022-03-27T07:30:00+02:00')).toISOString()).toBe('2022-03-26T06:30:00.000Z');
    expect(sameTimeYesterday(new Date('2022-10-30T07:30:00+01:00')).toISOString()).toBe('2022-10-29T05:30:00.000Z');
  });
});
