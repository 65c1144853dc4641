/**
 * The part of the fake Slack that remembers what was posted: channel history with thread replies
 * and message metadata, file shares, and the read methods the outbox uses to find its own posts
 * (conversations.history, conversations.replies, files.info). Kept apart from fake-slack.ts so the
 * request handling and the Block Kit checks there stay small.
 *
 * Behaviour follows the reference pages:
 * https://docs.slack.dev/reference/methods/conversations.history (newest first, `oldest`/`latest`
 * exclusive unless `inclusive`, `limit` default 100, `response_metadata.next_cursor`, top-level
 * messages only, metadata only with `include_all_metadata`),
 * https://docs.slack.dev/reference/methods/conversations.replies (the parent first, then the
 * replies oldest first), https://docs.slack.dev/reference/methods/chat.update (`message_not_found`,
 * `cant_update_message`), https://docs.slack.dev/reference/methods/files.info (`shares`).
 */
import { parseJson } from './conformance/block-kit-rules';

export const BOT_USER = 'UBOT';
export const BOT_ID = 'BBOT';

export interface StoredMessage {
  type: 'message';
  channel: string;
  ts: string;
  thread_ts?: string;
  text?: string;
  blocks?: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  files?: { id: string; name?: string; title?: string }[];
  user: string;
  bot_id: string;
  edited?: { user: string; ts: string };
  /** How many times chat.update changed it (for assertions). */
  updates: number;
}

interface StoredFile {
  id: string;
  filename: string;
  title?: string;
  altText?: string;
  bytes?: number;
  shares: { channel: string; ts: string; threadTs?: string }[];
}

type Answer = Record<string, unknown> & { ok: boolean };

/** "1653456000.000123" → comparable numbers (seconds, micros), without float rounding. */
function tsParts(ts: string): [number, number] {
  const [s = '0', m = '0'] = String(ts).split('.');
  return [Number(s), Number(m.padEnd(6, '0').slice(0, 6))];
}

export function compareTs(a: string, b: string): number {
  const [as, am] = tsParts(a);
  const [bs, bm] = tsParts(b);
  return as !== bs ? as - bs : am - bm;
}

const truthy = (value: unknown) => value === true || value === 'true' || value === '1' || value === 1;

/** A direct message with a user (U…/W…) lives in the DM channel conversations.open hands out. */
export function dmChannelOf(userId: string): string {
  return `D${userId.replace(/[^A-Z0-9]/g, '')}`;
}

export class SlackHistory {
  /** Every message per channel in the order posted (thread replies included). */
  private readonly channels = new Map<string, StoredMessage[]>();
  private readonly files = new Map<string, StoredFile>();
  private lastTs = '0.000000';
  /**
   * Channel ids that do not exist (deleted, or a typo in the configuration): every call about them
   * answers `channel_not_found`. Any other channel id exists, empty until something is posted.
   */
  readonly missing = new Set<string>();
  /** The clock message timestamps come from; tests may point it at the bot's ManualClock. */
  now: () => number = () => Date.now();

  /** A new ts: the clock's seconds, made unique and increasing (Slack's ts are unique per channel). */
  nextTs(): string {
    const ms = this.now();
    let candidate = `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1000).padStart(6, '0')}`;
    if (compareTs(candidate, this.lastTs) <= 0) {
      const [s, m] = tsParts(this.lastTs);
      candidate = m >= 999_999 ? `${s + 1}.000000` : `${s}.${String(m + 1).padStart(6, '0')}`;
    }
    this.lastTs = candidate;
    return candidate;
  }

  private channel(id: string): StoredMessage[] {
    let list = this.channels.get(id);
    if (!list) {
      list = [];
      this.channels.set(id, list);
    }
    return list;
  }

  find(channel: string, ts: string): StoredMessage | undefined {
    return this.channels.get(channel)?.find((m) => m.ts === ts);
  }

  /** chat.postMessage: stores the message and answers as Slack does. */
  postMessage(body: Record<string, any>): Answer {
    let channel = String(body.channel ?? '');
    if (!channel || this.missing.has(channel)) return { ok: false, error: 'channel_not_found' };
    if (/^[UW]/.test(channel)) channel = dmChannelOf(channel);
    const threadTs = body.thread_ts ? String(body.thread_ts) : undefined;
    if (threadTs && !this.find(channel, threadTs)) return { ok: false, error: 'thread_not_found' };
    const metadata = parseJson(body.metadata);
    // chat.postMessage's `metadata`: an object with a string event_type and an object event_payload
    // (https://docs.slack.dev/messaging/message-metadata), else invalid_metadata_format.
    if (metadata !== undefined && !(metadata && typeof metadata === 'object' && typeof metadata.event_type === 'string' && metadata.event_payload && typeof metadata.event_payload === 'object')) {
      return { ok: false, error: 'invalid_metadata_format' };
    }
    const message: StoredMessage = {
      type: 'message',
      channel,
      ts: this.nextTs(),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      text: body.text,
      ...(body.blocks ? { blocks: parseJson(body.blocks) } : {}),
      ...(metadata && typeof metadata === 'object' ? { metadata } : {}),
      user: BOT_USER,
      bot_id: BOT_ID,
      updates: 0,
    };
    this.channel(channel).push(message);
    return { ok: true, channel, ts: message.ts, message: this.visible(message, true) };
  }

  /** chat.update: changes a stored message in place (idempotent: the same update twice changes nothing more). */
  update(body: Record<string, any>): Answer {
    const channel = String(body.channel ?? '');
    if (this.missing.has(channel)) return { ok: false, error: 'channel_not_found' };
    const message = this.find(channel, String(body.ts ?? ''));
    if (!message) return { ok: false, error: 'message_not_found' };
    if (message.user !== BOT_USER) return { ok: false, error: 'cant_update_message' };
    if (body.text !== undefined) message.text = body.text;
    if (body.blocks !== undefined) message.blocks = parseJson(body.blocks);
    const metadata = parseJson(body.metadata);
    if (metadata && typeof metadata === 'object') message.metadata = metadata;
    message.edited = { user: BOT_USER, ts: this.nextTs() };
    message.updates++;
    return { ok: true, channel, ts: message.ts, text: message.text };
  }

  /** What a read method shows of a message: metadata only when asked for. */
  private visible(message: StoredMessage, withMetadata: boolean): Record<string, unknown> {
    const { channel: _c, updates: _u, metadata, ...rest } = message;
    const replies = message.thread_ts === undefined ? this.channels.get(message.channel)?.filter((m) => m.thread_ts === message.ts && m.ts !== message.ts) : [];
    return {
      ...rest,
      ...(replies && replies.length > 0 ? { thread_ts: message.ts, reply_count: replies.length, latest_reply: replies.at(-1)!.ts } : {}),
      ...(withMetadata && metadata ? { metadata } : {}),
    };
  }

  private window(body: Record<string, any>): (m: StoredMessage) => boolean {
    const inclusive = truthy(body.inclusive);
    const oldest = body.oldest !== undefined && body.oldest !== '' ? String(body.oldest) : undefined;
    const latest = body.latest !== undefined && body.latest !== '' ? String(body.latest) : undefined;
    return (m) => {
      if (oldest !== undefined) {
        const c = compareTs(m.ts, oldest);
        if (c < 0 || (c === 0 && !inclusive)) return false;
      }
      if (latest !== undefined) {
        const c = compareTs(m.ts, latest);
        if (c > 0 || (c === 0 && !inclusive)) return false;
      }
      return true;
    };
  }

  private page(all: Record<string, unknown>[], body: Record<string, any>): Answer {
    const limit = Math.max(1, Math.min(999, Number(body.limit ?? 100) || 100));
    const offset = body.cursor ? Number(Buffer.from(String(body.cursor), 'base64').toString('utf8').replace(/^offset:/, '')) : 0;
    if (!Number.isInteger(offset) || offset < 0) return { ok: false, error: 'invalid_cursor' };
    const messages = all.slice(offset, offset + limit);
    const more = offset + limit < all.length;
    return {
      ok: true,
      messages,
      has_more: more,
      response_metadata: { next_cursor: more ? Buffer.from(`offset:${offset + limit}`).toString('base64') : '' },
    };
  }

  /** conversations.history: top-level messages, newest first. */
  history(body: Record<string, any>): Answer {
    const channel = String(body.channel ?? '');
    if (this.missing.has(channel)) return { ok: false, error: 'channel_not_found' };
    const list = this.channels.get(channel) ?? [];
    const inWindow = this.window(body);
    const withMetadata = truthy(body.include_all_metadata);
    const top = list.filter((m) => m.thread_ts === undefined && inWindow(m)).sort((a, b) => compareTs(b.ts, a.ts));
    return this.page(
      top.map((m) => this.visible(m, withMetadata)),
      body,
    );
  }

  /** conversations.replies: the parent, then its replies oldest first. */
  replies(body: Record<string, any>): Answer {
    const channel = String(body.channel ?? '');
    if (this.missing.has(channel)) return { ok: false, error: 'channel_not_found' };
    const list = this.channels.get(channel) ?? [];
    const parent = list.find((m) => m.ts === String(body.ts ?? ''));
    if (!parent) return { ok: false, error: 'thread_not_found' };
    const inWindow = this.window(body);
    const withMetadata = truthy(body.include_all_metadata);
    const replies = list.filter((m) => m.thread_ts === parent.ts && inWindow(m)).sort((a, b) => compareTs(a.ts, b.ts));
    return this.page([this.visible(parent, withMetadata), ...replies.map((m) => this.visible(m, withMetadata))], body);
  }

  // ---- files ------------------------------------------------------------------------------------

  newFile(id: string, body: Record<string, any>): void {
    this.files.set(id, { id, filename: String(body.filename ?? 'file'), altText: body.alt_txt, shares: [] });
  }

  uploaded(id: string, bytes: number): void {
    const file = this.files.get(id);
    if (file) file.bytes = bytes;
  }

  /** files.completeUploadExternal: shares the files in a channel (or thread) as one message. */
  completeUpload(body: Record<string, any>): Answer {
    const list = (parseJson(body.files) ?? []) as { id: string; title?: string }[];
    const files = list.map((f) => ({ f, stored: this.files.get(f.id) }));
    if (files.length === 0 || files.some((x) => !x.stored || x.stored.bytes === undefined)) return { ok: false, error: 'file_not_found' };
    const channel = body.channel_id ? String(body.channel_id) : undefined;
    for (const { f, stored } of files) stored!.title = f.title ?? stored!.title;
    if (channel) {
      const threadTs = body.thread_ts ? String(body.thread_ts) : undefined;
      if (threadTs && !this.find(channel, threadTs)) return { ok: false, error: 'thread_not_found' };
      const message: StoredMessage = {
        type: 'message',
        channel,
        ts: this.nextTs(),
        ...(threadTs ? { thread_ts: threadTs } : {}),
        text: body.initial_comment ?? '',
        files: files.map(({ stored }) => ({ id: stored!.id, name: stored!.filename, title: stored!.title })),
        user: BOT_USER,
        bot_id: BOT_ID,
        updates: 0,
      };
      this.channel(channel).push(message);
      for (const { stored } of files) stored!.shares.push({ channel, ts: message.ts, threadTs });
    }
    // Slack completes the share asynchronously: the answer names the files, not where they landed.
    return { ok: true, files: files.map(({ stored }) => ({ id: stored!.id, title: stored!.title })) };
  }

  /** files.info: the file with its shares per channel. */
  fileInfo(body: Record<string, any>): Answer {
    const file = this.files.get(String(body.file ?? ''));
    if (!file || file.bytes === undefined) return { ok: false, error: 'file_not_found' };
    const shares: Record<'public' | 'private', Record<string, { ts: string; thread_ts?: string }[]>> = { public: {}, private: {} };
    for (const share of file.shares) {
      const bucket = share.channel.startsWith('C') ? shares.public : shares.private;
      (bucket[share.channel] ??= []).push({ ts: share.ts, ...(share.threadTs ? { thread_ts: share.threadTs } : {}) });
    }
    const channels = [...new Set(file.shares.map((s) => s.channel))];
    return {
      ok: true,
      file: {
        id: file.id,
        name: file.filename,
        title: file.title,
        channels: channels.filter((c) => c.startsWith('C')),
        groups: channels.filter((c) => c.startsWith('G')),
        ims: channels.filter((c) => c.startsWith('D')),
        shares,
      },
    };
  }

  // ---- for assertions ---------------------------------------------------------------------------

  /** Every stored message of a channel (thread replies included), oldest first. */
  messagesIn(channel: string): StoredMessage[] {
    return [...(this.channels.get(channel) ?? [])];
  }

  /** Every stored message in every channel, oldest first per channel. */
  allMessages(): StoredMessage[] {
    return [...this.channels.values()].flat();
  }

  /** The messages carrying outbox key `key` in their metadata (exactly one is what we want). */
  withKey(key: string): StoredMessage[] {
    return this.allMessages().filter((m) => m.metadata?.event_payload?.key === key);
  }

  /** Messages that share the file `fileId`. */
  withFile(fileId: string): StoredMessage[] {
    return this.allMessages().filter((m) => m.files?.some((f) => f.id === fileId));
  }

  reset(): void {
    this.channels.clear();
    this.files.clear();
  }
}
