/**
 * What one failed Web API call means (classified in errors.ts). A type of its own, without the
 * Web API client, so the outbox's pure policy can name it.
 */
export type WebApiFailure =
  | { kind: 'retryable'; reason: string; retryAfterMs?: number; slackWide?: boolean }
  | { kind: 'ambiguous'; reason: string; slackWide?: boolean }
  | { kind: 'permanent'; reason: string };

/*
 * `slackWide`: the failure says something about Slack or the connection (a rate limit, an
 * outage, a timeout), not about this one request, so other calls now would fail alike.
 */
