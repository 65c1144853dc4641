import { webApi } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logger';

export interface NoRetryClientOptions {
  token: string;
  slackApiUrl: string;
  /** Abort a call that gets no answer in this time (the outcome is then ambiguous). */
  timeoutMs: number;
  logger: Logger;
}

/**
 * A Web API client that never repeats a call on its own. The Web API client's default retries
 * (ten over about thirty minutes, and after a 429 it waits and sends again) repeat a
 * chat.postMessage that Slack may already have taken: the most common cause of duplicate bot
 * posts. Whoever uses this client decides per outcome (see `classifyWebApiError`); a 429 comes
 * back as an error with its Retry-After instead of being waited out here.
 */
export function createNoRetryClient(options: NoRetryClientOptions): WebClient {
  return new webApi.WebClient(options.token, {
    slackApiUrl: options.slackApiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs,
    logger: options.logger,
  });
}
