import type { Authorize, AuthorizeResult } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logger';

/**
 * Single-workspace authorization that survives Slack being unreachable. Bolt's built-in version
 * calls auth.test once at construction and keeps the promise: if Slack is down at start, that
 * rejection crashes the process (unhandled) and every later request fails to authorize. Here a
 * success is cached, a failure is not: the request still runs with the bot token (commands answer
 * in the HTTP response, which needs no Web API) and the next request asks again.
 */
export function resilientAuthorize(client: WebClient, botToken: string, logger: Logger): Authorize<boolean> {
  let identity: Promise<AuthorizeResult> | undefined;
  return async () => {
    identity ??= client.auth.test({ token: botToken }).then((r) => ({
      botToken,
      botId: r.bot_id,
      botUserId: r.user_id,
      teamId: r.team_id,
      enterpriseId: r.enterprise_id,
    }));
    try {
      return await identity;
    } catch (error) {
      identity = undefined;
      logger.event('warn', 'slack.auth_test_failed', { error: (error as Error).message });
      return { botToken };
    }
  };
}
