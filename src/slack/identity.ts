import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from '../logger';

/** A Slack member id (U… or, on Enterprise Grid, W…), as personRef and OPVANG_ADMINS read them. */
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

export function isSlackUserId(value: unknown): value is string {
  return typeof value === 'string' && SLACK_USER_ID.test(value);
}

/** What a command answers when it names no real user. */
export const CRAFTED_IDENTITY_TEXT = 'Dit bericht aan Opvangbot noemt geen geldige Slack-gebruiker, dus er is niets gedaan of opgeslagen.';

/**
 * Who a request says acted: the user Slack puts in every command and interaction
 * (docs.slack.dev/interactivity/implementing-slash-commands: `user_id`;
 * docs.slack.dev/reference/interaction-payloads: `user.id`) and in the events we listen to.
 * `required: false` for events that may come from no user (a bot's message).
 */
function claimedUser(body: Record<string, any>): { id: unknown; required: boolean } | undefined {
  if (typeof body.command === 'string') return { id: body.user_id, required: true };
  if (body.type === 'event_callback') {
    const event = body.event as Record<string, unknown> | undefined;
    if (!event || typeof event !== 'object') return undefined;
    return { id: event.user, required: event.type === 'app_home_opened' };
  }
  if (typeof body.type === 'string') return { id: (body.user as { id?: unknown } | undefined)?.id, required: true };
  return undefined;
}

/**
 * Refuses a request whose user is not a Slack member id (an empty `user_id`, a user object that
 * is not one) before any listener runs: Slack never sends those, and a listener would otherwise
 * act for nobody (open a DM with no user, record "" as the author). A command gets a Dutch answer;
 * everything else is acknowledged and dropped. Events Slack sends without a user (a bot's
 * message) pass.
 */
export function refuseCraftedIdentities(logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const body = args.body as unknown as Record<string, any>;
    const claimed = claimedUser(body);
    if (!claimed || isSlackUserId(claimed.id) || (!claimed.required && claimed.id === undefined)) {
      await args.next();
      return;
    }
    logger.event('warn', 'slack.crafted_identity', { type: body.command ? 'command' : String(body.type), user: String(claimed.id).slice(0, 40) });
    const ack = (args as { ack?: (response?: unknown) => Promise<void> }).ack;
    if (ack) await ack(typeof body.command === 'string' ? { response_type: 'ephemeral', text: CRAFTED_IDENTITY_TEXT } : undefined);
  };
}
