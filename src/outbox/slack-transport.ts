import type { WebClient } from '@slack/web-api';
import { messageMetadata } from './outbox';
import { findFileShare, findPostedKey } from './outbox.lookup';
import { DeliveryFailure, type OutboxTransport } from './transport';

/**
 * The outbox's deliveries through Slack's Web API, with a client that never retries on its own
 * (webapi/client.ts): the worker decides per outcome.
 */
export function slackTransport(client: WebClient): OutboxTransport {
  return {
    async openDirectMessage(userId) {
      const opened = await client.conversations.open({ users: userId });
      const channel = opened.channel?.id;
      if (!channel) throw new DeliveryFailure({ kind: 'ambiguous', reason: 'conversations.open gaf geen kanaal' });
      return channel;
    },

    async post({ channel, threadTs, message, kind, key }) {
      const posted = await client.chat.postMessage({
        channel,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        text: message.text,
        ...(message.blocks && message.blocks.length > 0 ? { blocks: message.blocks as never[] } : {}),
        metadata: messageMetadata(kind, key),
        unfurl_links: false,
        unfurl_media: false,
      });
      if (!posted.ts) throw new DeliveryFailure({ kind: 'ambiguous', reason: 'chat.postMessage gaf geen ts' });
      return { ts: posted.ts, channel: posted.channel ?? channel };
    },

    async update({ channel, ts, message }) {
      await client.chat.update({ channel, ts, text: message.text, blocks: (message.blocks ?? []) as never[] });
    },

    findPosted: (where, key) => findPostedKey(client, where, key),

    /**
     * The upload itself (files.getUploadURLExternal and the bytes) is not a message and safe to
     * repeat; the share (files.completeUploadExternal) is the message.
     */
    async shareFile({ channel, threadTs, file, timeoutMs, uploaded }) {
      const bytes = Buffer.from(file.contentBase64, 'base64');
      // The method documents the alt text as `alt_txt` (https://docs.slack.dev/reference/methods/files.getUploadURLExternal).
      const upload = (await client.apiCall('files.getUploadURLExternal', { filename: file.filename, length: bytes.length, alt_txt: file.altText.slice(0, 1000) })) as {
        upload_url?: string;
        file_id?: string;
      };
      if (!upload.upload_url || !upload.file_id) throw new DeliveryFailure({ kind: 'retryable', reason: 'files.getUploadURLExternal gaf geen upload-url' });
      uploaded(upload.file_id);
      let sent: Response;
      try {
        sent = await fetch(upload.upload_url, {
          method: 'POST',
          headers: { 'content-type': 'application/octet-stream' },
          body: new Uint8Array(bytes),
          signal: AbortSignal.timeout(timeoutMs),
        });
        await sent.arrayBuffer();
      } catch (error) {
        // Nothing is shared before files.completeUploadExternal: a failed upload is safe to repeat.
        throw new DeliveryFailure({ kind: 'retryable', reason: `upload: ${(error as Error).message}`.slice(0, 200), slackWide: true });
      }
      if (!sent.ok) throw new DeliveryFailure({ kind: 'retryable', reason: `upload: HTTP ${sent.status}`, slackWide: sent.status >= 500 });
      const completed = await client.files.completeUploadExternal({
        files: [{ id: upload.file_id, title: file.title }],
        channel_id: channel,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        initial_comment: file.comment,
      });
      const shares = (completed.files?.[0] as { shares?: Record<string, Record<string, { ts?: string }[]>> } | undefined)?.shares;
      return { ts: shares?.public?.[channel]?.[0]?.ts ?? shares?.private?.[channel]?.[0]?.ts ?? null };
    },

    findFileShare: (fileId, channel) => findFileShare(client, fileId, channel),
  };
}
