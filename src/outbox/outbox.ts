import type { WebApiFailure } from '../webapi/failure';

/**
 * The outbox's pure part: what a delivery is (the types features build their posts with), what
 * one failed attempt means and when to try again. No SQL, no Slack.
 */

/** What a post or an update carries (Block Kit blocks as JSON). */
export interface OutboxMessage {
  text: string;
  blocks?: readonly unknown[];
}

/** A file shared into a channel or thread (files.getUploadURLExternal → upload → files.completeUploadExternal). */
export interface OutboxFile {
  filename: string;
  title: string;
  altText: string;
  /** The message text that introduces the file. */
  comment: string;
  contentBase64: string;
}

/**
 * Where a post goes: a channel (optionally the thread of a message posted before the outbox
 * existed), a user (direct message), or the thread of an earlier outbox post (by key).
 */
export type PostTarget = { channel: string; threadTs?: string } | { user: string } | { thread: string };

/** The message an update changes: an earlier outbox post (by key), or any message (channel + ts). */
export type UpdateTarget = { key: string } | { channel: string; ts: string };

export type OutboxState = 'pending' | 'sending' | 'sent' | 'failed';
export type OutboxOperation = 'post' | 'update' | 'file';

export interface OutboxRow {
  id: number;
  key: string;
  kind: string;
  operation: OutboxOperation;
  channelId: string | null;
  userId: string | null;
  parentKey: string | null;
  targetTs: string | null;
  payload: string;
  version: number;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: string;
  claimedAt: string | null;
  uncertainSince: string | null;
  ts: string | null;
  fileId: string | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
}

/** A due row with what its parent (thread or updated message) resolved to. */
export interface DueRow extends OutboxRow {
  parentChannel: string | null;
  parentTs: string | null;
}

/**
 * A post to enqueue: `key` is its identity for good (the same key is never posted twice), `kind`
 * what it is (the metadata's event_type is `opvang_<kind>`).
 */
export interface OutboxPost {
  key: string;
  kind: string;
  target: PostTarget;
  message: OutboxMessage;
}

export interface OutboxPolicy {
  /** Attempts (calls that may reach Slack) per row before it is marked failed. */
  maxAttempts: number;
  /** First wait after a failure; doubles per attempt up to `maxDelayMs`. */
  baseDelayMs: number;
  /** The ceiling of the backoff. */
  maxDelayMs: number;
  /** Retry-After values above this are capped (a guard against absurd headers, not a policy). */
  maxRetryAfterMs: number;
  /**
   * How far before the claim a look-up for a post that may have landed starts: our clock and
   * Slack's are not the same clock.
   */
  lookBackMarginMs: number;
  /** A call without an answer in this time is aborted (the outcome is then ambiguous). */
  timeoutMs: number;
}

/**
 * 20 attempts with a 5-minute ceiling keep a row trying for about 70 minutes (2 s, 4 s, … 256 s,
 * then every 5 minutes): a 10-minute outage passes with ~9 attempts, a longer one ends in
 * `failed`, which admins see and can retry (`/opvang outbox opnieuw`).
 */
export const DEFAULT_OUTBOX_POLICY: OutboxPolicy = {
  maxAttempts: 20,
  baseDelayMs: 2_000,
  maxDelayMs: 300_000,
  maxRetryAfterMs: 3_600_000,
  lookBackMarginMs: 300_000,
  timeoutMs: 10_000,
};

export type NextStep =
  /** Try again at `delayMs` from now; `uncertain`: it may have landed, so look first. */
  | { kind: 'retry'; delayMs: number; uncertain: boolean; reason: string }
  | { kind: 'fail'; reason: string };

/** Exponential backoff with a ceiling: the wait before attempt `attempts + 1`. */
export function backoffMs(attempts: number, policy: OutboxPolicy): number {
  const exponent = Math.max(0, Math.min(30, attempts - 1));
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
}

/**
 * What a failed attempt means. `attempts` counts this attempt. A 429's Retry-After is honoured
 * (never sooner than Slack asked); everything else backs off. Ambiguous outcomes are retried too,
 * but a post is looked for before it is sent again (the worker does that when `uncertain`).
 */
export function nextStep(failure: WebApiFailure, attempts: number, policy: OutboxPolicy): NextStep {
  if (failure.kind === 'permanent') return { kind: 'fail', reason: failure.reason };
  if (attempts >= policy.maxAttempts) return { kind: 'fail', reason: `${failure.reason}; ${attempts} pogingen, opgegeven` };
  const backoff = backoffMs(attempts, policy);
  const retryAfter = failure.kind === 'retryable' && failure.retryAfterMs !== undefined ? Math.min(failure.retryAfterMs, policy.maxRetryAfterMs) : 0;
  return { kind: 'retry', delayMs: Math.max(backoff, retryAfter), uncertain: failure.kind === 'ambiguous', reason: failure.reason };
}

/**
 * Where a look-up for a post that may have landed starts, as a Slack `oldest` (seconds). The claim
 * was stored by our clock; Slack stamps by its own. Both readings of the claim are taken (as our
 * clock says, and translated to the wall clock by the current offset, which differs when the bot
 * runs with OPVANG_NOW) and the earlier one less a margin is used: a wider window costs a page
 * more of history, a narrower one a duplicate.
 */
export function lookBackFrom(claimedAt: Date, clockNow: Date, wallNow: Date, policy: OutboxPolicy): string {
  const onWall = claimedAt.getTime() + (wallNow.getTime() - clockNow.getTime());
  const from = Math.max(0, Math.min(claimedAt.getTime(), onWall) - policy.lookBackMarginMs);
  return toSlackTs(from);
}

/** A Slack message timestamp ("seconds.micros") for a moment. */
export function toSlackTs(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const micros = Math.floor(ms % 1000) * 1000;
  return `${seconds}.${String(micros).padStart(6, '0')}`;
}

/** The metadata every outbox post carries, so it can be found again (https://docs.slack.dev/messaging/message-metadata). */
export function messageMetadata(kind: string, key: string): { event_type: string; event_payload: { key: string } } {
  return { event_type: `opvang_${kind}`, event_payload: { key } };
}

/** True when a message from conversations.history/replies is the outbox row `key`. */
export function carriesKey(message: { metadata?: { event_type?: string; event_payload?: Record<string, unknown> } } | undefined, key: string): boolean {
  const metadata = message?.metadata;
  return Boolean(metadata?.event_type?.startsWith('opvang_') && metadata.event_payload?.key === key);
}

/**
 * How long the worker holds back *all* deliveries after a failed attempt. A 429 is Slack's
 * instruction for the method, so everyone waits out its Retry-After
 * (https://docs.slack.dev/apis/web-api/rate-limits). An outage (5xx, timeouts, no connection)
 * fails the next call just the same, so the worker backs off as a whole: `slackWideFailures` in a
 * row (across rows) double the pause up to the ceiling, and one success resets it. A failure of one
 * request (a platform error about this message) holds nobody else back; neither does a row that
 * keeps failing while others get through (their successes reset the count).
 */
export function pauseMs(failure: WebApiFailure, step: NextStep, slackWideFailures: number, policy: OutboxPolicy): number {
  if (step.kind !== 'retry' || failure.kind === 'permanent' || !failure.slackWide) return 0;
  if (failure.kind === 'retryable' && failure.retryAfterMs !== undefined) return Math.min(failure.retryAfterMs, policy.maxRetryAfterMs);
  return backoffMs(slackWideFailures, policy);
}
