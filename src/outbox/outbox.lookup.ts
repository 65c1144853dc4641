import type { WebClient } from '@slack/web-api';
import { carriesKey } from './outbox';

/** At most this many pages of history are read when looking for one post (100 messages a page). */
const MAX_LOOKUP_PAGES = 20;

/**
 * Looks for the post with outbox key `key` in a channel (top level: conversations.history) or in a
 * thread (conversations.replies), from `oldest` on, newest first, page by page with the cursor.
 * Needs `include_all_metadata`, or Slack leaves the metadata out
 * (https://docs.slack.dev/reference/methods/conversations.history,
 * https://docs.slack.dev/reference/methods/conversations.replies). Scopes: channels:history,
 * groups:history, im:history. Returns the message's ts, or undefined when it is not there.
 *
 * Internal (customer-built) apps get Tier 3 for these methods; apps distributed outside the
 * Marketplace since May 2025 get 1 request a minute with at most 15 messages a page. Paging with
 * the cursor works for both; a 429 comes back to the worker like any other.
 */
export async function findPostedKey(
  client: WebClient,
  where: { channel: string; threadTs?: string | null; oldest: string },
  key: string,
): Promise<string | undefined> {
  let cursor: string | undefined;
  for (let page = 0; page < MAX_LOOKUP_PAGES; page++) {
    const common = { channel: where.channel, oldest: where.oldest, inclusive: true, include_all_metadata: true, limit: 100, ...(cursor ? { cursor } : {}) };
    const result = where.threadTs ? await client.conversations.replies({ ...common, ts: where.threadTs }) : await client.conversations.history(common);
    const found = (result.messages ?? []).find((message) => carriesKey(message as never, key));
    if (found?.ts) return found.ts;
    cursor = result.response_metadata?.next_cursor || undefined;
    if (!cursor) return undefined;
  }
  return undefined;
}

/**
 * Whether an uploaded file was shared into `channel` (a file share carries no message metadata;
 * the file id, known before the share, identifies it). files.info lists shares per channel with
 * their ts (https://docs.slack.dev/reference/methods/files.info). An upload that was never
 * completed is not found: not shared.
 */
export async function findFileShare(client: WebClient, fileId: string, channel: string): Promise<{ shared: boolean; ts?: string }> {
  let info;
  try {
    info = await client.files.info({ file: fileId });
  } catch (error) {
    if ((error as { data?: { error?: string } }).data?.error === 'file_not_found') return { shared: false };
    throw error;
  }
  const file = info.file as
    | { shares?: Record<string, Record<string, { ts?: string }[]>>; channels?: string[]; groups?: string[]; ims?: string[] }
    | undefined;
  const shares = [...(file?.shares?.public?.[channel] ?? []), ...(file?.shares?.private?.[channel] ?? [])];
  if (shares.length > 0) return { shared: true, ts: shares[0]?.ts };
  const listed = [...(file?.channels ?? []), ...(file?.groups ?? []), ...(file?.ims ?? [])].includes(channel);
  return { shared: listed };
}
