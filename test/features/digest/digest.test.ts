import { describe, expect, it } from 'vitest';
import { webApi } from '@slack/bolt';
import { decideRun, isDigestDue, paceFor, realisedByDay, SENDING_LEASE_MS, type DigestRun } from '../../../src/features/digest/digest';
import { classifyPostError, DIGEST_RETRY } from '../../../src/features/digest/digest.slack';
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

describe('decideRun', () => {
  const run = (state: DigestRun['state'], startedAt: string, error: string | null = null): DigestRun => ({
    channelId: 'C0DIGEST', day: '2022-05-25', state, attempts: 1, startedAt, sentAt: null, messageTs: null, error,
  });
  const now = at('2022-05-25T08:00:00Z');
  it('posts when nothing or a failure is recorded, never when sent', () => {
    expect(decideRun(undefined, now).kind).toBe('post');
    expect(decideRun(run('failed', '2022-05-25T05:30:00Z', 'HTTP 500'), now).kind).toBe('post');
    expect(decideRun(run('sent', '2022-05-25T05:30:00Z'), now).kind).toBe('already_sent');
  });
  it('leaves a fresh claim alone and treats an old or unknown-outcome claim as uncertain', () => {
    expect(decideRun(run('sending', new Date(now.getTime() - 60_000).toISOString()), now).kind).toBe('in_progress');
    expect(decideRun(run('sending', new Date(now.getTime() - SENDING_LEASE_MS).toISOString()), now).kind).toBe('uncertain');
    expect(decideRun(run('sending', now.toISOString(), 'onzeker: timeout'), now).kind).toBe('uncertain');
  });
});

describe('classifyPostError', () => {
  const policy = DIGEST_RETRY;
  it('retries a 429 after its Retry-After, but not a very long one', () => {
    expect(classifyPostError(new webApi.WebAPIRateLimitedError(1), 1, policy)).toEqual({ kind: 'retry', waitMs: 1000 });
    expect(classifyPostError(new webApi.WebAPIRateLimitedError(120), 1, policy)).toEqual({ kind: 'not_posted' });
  });
  it('retries a 5xx with backoff, up to the attempt limit', () => {
    const error = new webApi.WebAPIHTTPError(503, 'Service Unavailable', {});
    expect(classifyPostError(error, 1, policy)).toEqual({ kind: 'retry', waitMs: 1000 });
    expect(classifyPostError(error, 3, policy)).toEqual({ kind: 'retry', waitMs: 4000 });
    expect(classifyPostError(error, policy.attempts, policy)).toEqual({ kind: 'not_posted' });
    expect(classifyPostError(new webApi.WebAPIHTTPError(400, 'Bad Request', {}), 1, policy)).toEqual({ kind: 'not_posted' });
  });
  it('does not retry a timeout: the message may have been posted', () => {
    const timeout = new webApi.WebAPIRequestError(Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }));
    expect(classifyPostError(timeout, 1, policy)).toEqual({ kind: 'uncertain' });
    const refused = new webApi.WebAPIRequestError(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }));
    expect(classifyPostError(refused, 1, policy).kind).toBe('retry');
  });
  it('gives up at once on errors retrying will not fix', () => {
    const notInChannel = new webApi.WebAPIPlatformError({ ok: false, error: 'not_in_channel' } as never);
    expect(classifyPostError(notInChannel, 1, policy)).toEqual({ kind: 'not_posted' });
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
