import type { KnownBlock } from '@slack/types';
import type { Clock } from '../clock';
import type { OutboxMessage } from '../outbox/outbox';
import type { OutboxTransport } from '../outbox/transport';

/** Where the console shows what the bot would post. */
export interface PostPrinter {
  post(post: { channel: string; threadTs: string | null; ts: string; message: { text: string; blocks: KnownBlock[] } }): void;
  update(update: { channel: string; ts: string; message: { text: string; blocks: KnownBlock[] } }): void;
  file(file: { channel: string; threadTs: string | null; ts: string; title: string; altText: string; comment: string }): void;
}

const asMessage = (message: OutboxMessage) => ({ text: message.text, blocks: (message.blocks ?? []) as KnownBlock[] });

/**
 * The outbox's transport in the local console: what the bot would post in NOODKNOP_CHANNEL,
 * DIGEST_CHANNEL, a thread or a direct message is printed, marked with where it would go, with
 * its buttons pressable; an update reprints the message it changes. The outbox itself (claims,
 * keys, one delivery per key) works as it does with Slack. A direct message's channel is the
 * user's id behind a D, as Slack's look.
 */
export function consoleTransport(printer: PostPrinter, clock: Clock): OutboxTransport {
  let sequence = 0;
  const postedKeys = new Map<string, string>();
  const nextTs = () => `${Math.floor(clock.now().getTime() / 1000)}.${String(++sequence).padStart(6, '0')}`;
  return {
    openDirectMessage: async (userId) => `D${userId}`,
    async post({ channel, threadTs, message, key }) {
      const ts = nextTs();
      printer.post({ channel, threadTs, ts, message: asMessage(message) });
      postedKeys.set(key, ts);
      return { ts, channel };
    },
    async update({ channel, ts, message }) {
      printer.update({ channel, ts, message: asMessage(message) });
    },
    findPosted: async (_where, key) => postedKeys.get(key),
    async shareFile({ channel, threadTs, file, uploaded }) {
      uploaded(`FCONSOLE${++sequence}`);
      const ts = nextTs();
      printer.file({ channel, threadTs, ts, title: file.title || file.filename, altText: file.altText, comment: file.comment });
      return { ts };
    },
    findFileShare: async () => ({ shared: false }),
  };
}
