import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { classifyWebApiError } from './errors';

/** Something to say to one person: the notification text, and blocks when there is more to show. */
export interface PrivateMessage {
  text: string;
  blocks?: KnownBlock[];
}

/**
 * The direct-message channel between the bot and a user: conversations.open returns the existing
 * one or opens it (https://docs.slack.dev/reference/methods/conversations.open).
 */
export async function openDirectMessage(client: WebClient, userId: string): Promise<string> {
  const opened = await client.conversations.open({ users: userId });
  const channel = opened.channel?.id;
  if (!channel) throw new Error('conversations.open returned no channel');
  return channel;
}

/** Posts a message in the bot's direct message with the user. */
async function directMessage(client: WebClient, userId: string, message: PrivateMessage): Promise<void> {
  const channel = await openDirectMessage(client, userId);
  await client.chat.postMessage({ channel, text: message.text, ...(message.blocks?.length ? { blocks: message.blocks } : {}) });
}

/**
 * The one way to tell a user something only they see: an ephemeral message in the channel where
 * they acted (https://docs.slack.dev/reference/methods/chat.postEphemeral), or a direct message
 * when there is no such channel (the App Home, a modal opened from it) or the ephemeral fails (the
 * bot is not in that channel, the channel is archived). What was stored is never lost for want of
 * a place to say so. An ephemeral whose outcome is unclear (a 5xx, a timeout: Slack may have shown
 * it) is not said again as a direct message: it cannot be looked up, and twice is worse than a
 * logged miss of an answer whose change is in the stand anyway. Throws then, and when the direct
 * message fails too; callers log that.
 */
export async function tellPrivately(client: WebClient, where: { userId: string; channelId?: string }, message: PrivateMessage): Promise<void> {
  if (where.channelId) {
    try {
      await client.chat.postEphemeral({ channel: where.channelId, user: where.userId, text: message.text, ...(message.blocks?.length ? { blocks: message.blocks } : {}) });
      return;
    } catch (error) {
      if (classifyWebApiError(error).kind === 'ambiguous') throw error;
      // Certainly not shown (refused, rate limited): the direct message says it instead.
    }
  }
  await directMessage(client, where.userId, message);
}
