import type { WebApiFailure } from '../webapi/errors';
import type { OutboxFile, OutboxMessage } from './outbox';

/**
 * Where the outbox delivers: the one interface its worker talks through. Slack's implementation
 * (slack-transport.ts) calls the Web API; the local console's (src/console/outbox-transport.ts)
 * prints each message, marked with where it would go, with its buttons pressable. The worker's
 * rules (claim before delivering, look before posting again, retry, fail for good) are the same
 * for both.
 */
export interface OutboxTransport {
  /** The direct-message channel with a user (conversations.open returns the existing one). */
  openDirectMessage(userId: string): Promise<string>;
  /** Posts a message (in a thread when `threadTs`), carrying its outbox key; where it landed. */
  post(args: { channel: string; threadTs: string | null; message: OutboxMessage; kind: string; key: string }): Promise<{ ts: string; channel: string }>;
  /** Replaces a message in place. */
  update(args: { channel: string; ts: string; message: OutboxMessage }): Promise<void>;
  /** The ts of an earlier post of `key` from `oldest` on, if it is there (after an ambiguous outcome). */
  findPosted(where: { channel: string; threadTs: string | null; oldest: string }, key: string): Promise<string | undefined>;
  /**
   * Uploads a file and shares it; `uploaded` is called with the file's id once it is known and
   * before the share (the share is the message; the id is what finds it again).
   */
  shareFile(args: { channel: string; threadTs: string | null; file: OutboxFile; timeoutMs: number; uploaded: (fileId: string) => void }): Promise<{ ts: string | null }>;
  /** Whether a file was shared into `channel` (after an ambiguous outcome). */
  findFileShare(fileId: string, channel: string): Promise<{ shared: boolean; ts?: string }>;
}

/** A failure decided by the transport or the worker rather than by Slack's answer. */
export class DeliveryFailure extends Error {
  constructor(readonly failure: WebApiFailure) {
    super(failure.reason);
  }
}
