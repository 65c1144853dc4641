import type { KnownBlock } from '@slack/types';
import { section } from './blocks';

/** A message the bot renders: `text` is the notification/fallback, `blocks` what Slack shows. */
export interface Message {
  text: string;
  blocks: KnownBlock[];
}

/** A message of one mrkdwn section (kept inside Slack's limits). */
export function textMessage(text: string): Message {
  return { text, blocks: [section(text)] };
}
