import { webApi } from '@slack/bolt';
import type { WebApiFailure } from './failure';

export type { WebApiFailure } from './failure';

/**
 * The one place where Slack Web API failures are classified. Every caller that must decide
 * "try again", "look first" or "stop" asks `classifyWebApiError`:
 *
 * - **retryable**: Slack did not take the request (429 with Retry-After, a connection that never
 *   reached Slack, a transient platform error in an `ok: false` answer). Sending again is safe.
 * - **ambiguous**: Slack may have taken it (5xx, a timeout or a connection reset after the request
 *   went out, `fatal_error`/`internal_error`: "it's possible some aspect of the operation
 *   succeeded"). A post must not be sent again without looking for it first.
 * - **permanent**: Slack processed the request and refused it, and will refuse it again
 *   (`channel_not_found`, `not_in_channel`, `invalid_auth`, `invalid_blocks`, …). Stop retrying.
 *
 * Error names per method: https://docs.slack.dev/reference/methods/chat.postMessage (Errors),
 * https://docs.slack.dev/reference/methods/chat.update, https://docs.slack.dev/apis/web-api/rate-limits
 * (429 + Retry-After).
 */

/**
 * Platform errors (`ok: false`) that mean "not done, try again later". Slack documents these as
 * temporary: `ratelimited` (with Retry-After), `service_unavailable`, `team_added_to_org` (a
 * workspace migration: "intermittently unavailable"), `request_timeout` (the POST body arrived
 * truncated, so nothing was done).
 */
const RETRYABLE_PLATFORM_ERRORS = new Set(['ratelimited', 'rate_limited', 'service_unavailable', 'team_added_to_org', 'request_timeout']);

/**
 * Platform errors after which the operation may have happened: chat.postMessage documents
 * `fatal_error` ("catastrophic error … possible some aspect of the operation succeeded") and
 * `internal_error` ("likely due to a transient issue … possible some aspect of the operation
 * succeeded").
 */
const AMBIGUOUS_PLATFORM_ERRORS = new Set(['fatal_error', 'internal_error']);

/**
 * The permanent errors issue 10 names, listed so they read as a decision. Any other `ok: false`
 * answer is permanent too: Slack processed the request and said no, and saying the same again
 * will not change that (`invalid_blocks`, `msg_too_long`, `missing_scope`, `token_revoked`, …).
 */
const PERMANENT_PLATFORM_ERRORS = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'user_not_found',
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'missing_scope',
  'invalid_blocks',
  'invalid_arguments',
  'invalid_metadata_format',
  'invalid_metadata_schema',
  'metadata_too_large',
  'msg_too_long',
  'no_text',
  'restricted_action',
  'cannot_dm_bot',
  'user_disabled',
]);

/** Connection failures where the request never reached Slack: safe to send again. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  // undici: the TCP/TLS connection could not be set up in time; no request bytes went out.
  'UND_ERR_CONNECT_TIMEOUT',
]);

interface ErrorLike {
  code?: unknown;
  name?: unknown;
  message?: unknown;
  original?: unknown;
  cause?: unknown;
  statusCode?: number;
  retryAfter?: number;
  data?: { error?: string };
}

/** The `code`s and names along an error's cause chain (WebAPIRequestError → fetch's TypeError → the socket error). */
function causeChain(error: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 6; depth++) {
    const e = current as ErrorLike;
    chain.push(e);
    current = e.original ?? e.cause;
  }
  return chain;
}

/** Classifies any error thrown by a WebClient call (our client has its own retries off). */
export function classifyWebApiError(error: unknown): WebApiFailure {
  const e = (error ?? {}) as ErrorLike;
  switch (e.code) {
    case webApi.ErrorCode.RateLimitedError:
      // rejectRateLimitedCalls: the 429 comes to us with its Retry-After (seconds).
      return { kind: 'retryable', reason: `rate limit (Retry-After ${e.retryAfter ?? '?'} s)`, retryAfterMs: Math.max(0, (e.retryAfter ?? 1) * 1000), slackWide: true };
    case webApi.ErrorCode.HTTPError: {
      const status = e.statusCode ?? 0;
      if (status === 429) return { kind: 'retryable', reason: 'HTTP 429', slackWide: true };
      // A 5xx can come after Slack did the work (a proxy timing out on a slow backend).
      if (status >= 500 || status === 408) return { kind: 'ambiguous', reason: `HTTP ${status}`, slackWide: true };
      return { kind: 'permanent', reason: `HTTP ${status}` };
    }
    case webApi.ErrorCode.PlatformError: {
      const code = e.data?.error ?? 'platform_error';
      if (RETRYABLE_PLATFORM_ERRORS.has(code)) return { kind: 'retryable', reason: code, slackWide: code !== 'request_timeout' };
      if (AMBIGUOUS_PLATFORM_ERRORS.has(code)) return { kind: 'ambiguous', reason: code };
      if (PERMANENT_PLATFORM_ERRORS.has(code)) return { kind: 'permanent', reason: code };
      // Not in any list: Slack processed the request and said no; saying it again changes nothing.
      return { kind: 'permanent', reason: code };
    }
    case webApi.ErrorCode.RequestError: {
      const chain = causeChain(error);
      const codes = chain.map((c) => c.code).filter((c): c is string => typeof c === 'string');
      const notSent = codes.find((c) => NOT_SENT_CODES.has(c));
      if (notSent) return { kind: 'retryable', reason: `connection: ${notSent}`, slackWide: true };
      // A timeout (AbortSignal.timeout: TimeoutError), a reset or a closed socket after the request
      // went out: Slack may have taken it.
      const name = chain.map((c) => c.name).find((n) => n === 'TimeoutError' || n === 'AbortError');
      return { kind: 'ambiguous', reason: name === 'TimeoutError' ? 'timeout' : `connection: ${codes.find((c) => c !== e.code) ?? name ?? 'error'}`, slackWide: true };
    }
    default: {
      // The Web API client answers a 429 without a usable Retry-After with a plain Error.
      if (typeof e.message === 'string' && e.message.startsWith('Retry header did not contain a valid timeout')) return { kind: 'retryable', reason: 'HTTP 429', slackWide: true };
      // Anything else (a bug of ours after the request went out, an unknown failure): assume it may have landed.
      return { kind: 'ambiguous', reason: typeof e.message === 'string' ? e.message.slice(0, 200) : String(error) };
    }
  }
}

