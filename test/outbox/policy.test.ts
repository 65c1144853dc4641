import { describe, expect, it } from 'vitest';
import { backoffMs, carriesKey, DEFAULT_OUTBOX_POLICY as P, lookBackFrom, nextStep, pauseMs, toSlackTs } from '../../src/outbox/outbox';

describe('the outbox policy', () => {
  it('backs off exponentially up to the ceiling', () => {
    expect([1, 2, 3, 4, 8, 9, 10, 20].map((n) => backoffMs(n, P) / 1000)).toEqual([2, 4, 8, 16, 256, 300, 300, 300]);
  });

  it('honours Retry-After (never sooner than Slack asked), backs off otherwise, and stops at the last attempt', () => {
    expect(nextStep({ kind: 'retryable', reason: '429', retryAfterMs: 45_000, slackWide: true }, 1, P)).toEqual({ kind: 'retry', delayMs: 45_000, uncertain: false, reason: '429' });
    expect(nextStep({ kind: 'retryable', reason: '429', retryAfterMs: 1_000 }, 5, P)).toMatchObject({ delayMs: 32_000 });
    expect(nextStep({ kind: 'ambiguous', reason: 'HTTP 500' }, 1, P)).toEqual({ kind: 'retry', delayMs: 2_000, uncertain: true, reason: 'HTTP 500' });
    expect(nextStep({ kind: 'ambiguous', reason: 'HTTP 500' }, P.maxAttempts, P)).toMatchObject({ kind: 'fail' });
    expect(nextStep({ kind: 'permanent', reason: 'not_in_channel' }, 1, P)).toEqual({ kind: 'fail', reason: 'not_in_channel' });
  });

  it('holds everyone back after a 429 or an outage, not after a refusal of one message', () => {
    const retry = nextStep({ kind: 'ambiguous', reason: 'HTTP 500', slackWide: true }, 1, P);
    expect(pauseMs({ kind: 'retryable', reason: '429', retryAfterMs: 20_000, slackWide: true }, retry, 1, P)).toBe(20_000);
    expect(pauseMs({ kind: 'ambiguous', reason: 'HTTP 500', slackWide: true }, retry, 3, P)).toBe(8_000);
    expect(pauseMs({ kind: 'ambiguous', reason: 'internal_error' }, retry, 3, P)).toBe(0);
  });

  it('looks back from the earlier of the claim by our clock and by the wall clock, less a margin', () => {
    const claimed = new Date('2022-05-25T05:30:00Z');
    // Same clock: five minutes before the claim.
    expect(lookBackFrom(claimed, claimed, claimed, P)).toBe(toSlackTs(claimed.getTime() - 300_000));
    // The bot runs with OPVANG_NOW a year ahead of the wall clock: the wall reading is used.
    const wall = new Date('2021-05-25T05:30:00Z');
    expect(lookBackFrom(claimed, claimed, wall, P)).toBe(toSlackTs(wall.getTime() - 300_000));
  });

  it('recognises its own post by the key in the metadata', () => {
    expect(carriesKey({ metadata: { event_type: 'opvang_digest', event_payload: { key: 'digest:C1:2022-05-25' } } }, 'digest:C1:2022-05-25')).toBe(true);
    expect(carriesKey({ metadata: { event_type: 'opvang_digest', event_payload: { key: 'digest:C1:2022-05-24' } } }, 'digest:C1:2022-05-25')).toBe(false);
    expect(carriesKey({}, 'x')).toBe(false);
    expect(toSlackTs(1_653_456_000_123)).toBe('1653456000.123000');
  });
});
