import type { WebClient } from '@slack/web-api';

export interface PngUpload {
  png: Buffer;
  filename: string;
  title: string;
  /** Screen-reader text; Slack allows at most 1.000 characters. */
  altText: string;
  channelId: string;
  threadTs?: string;
  initialComment?: string;
}

/** Slack refuses a longer alt_txt with alt_txt_too_large (files.getUploadURLExternal). */
export const ALT_TEXT_LIMIT = 1000;
const UPLOAD_TIMEOUT_MS = 30_000;

/**
 * Uploads a PNG in Slack's three steps and returns its file id (for an image block's slack_file).
 * Done by hand rather than with `filesUploadV2`: that helper sends the screen-reader text as
 * `alt_text` (@slack/web-api 8.2, WebClient.fetchAllUploadURLExternal), while
 * files.getUploadURLExternal documents it as `alt_txt`
 * (https://docs.slack.dev/reference/methods/files.getUploadURLExternal), so the alt text would
 * never reach Slack. Steps: getUploadURLExternal (filename, length, alt_txt) → POST the raw bytes
 * to upload_url ("raw bytes or multipart form encoded", same page) → completeUploadExternal
 * (https://docs.slack.dev/reference/methods/files.completeUploadExternal) shares it in the channel.
 */
export async function uploadPng(client: WebClient, upload: PngUpload): Promise<string> {
  const reserved = (await client.apiCall('files.getUploadURLExternal', {
    filename: upload.filename,
    length: upload.png.length,
    alt_txt: upload.altText.slice(0, ALT_TEXT_LIMIT),
  })) as { upload_url?: string; file_id?: string };
  if (!reserved.upload_url || !reserved.file_id) throw new Error('files.getUploadURLExternal gave no upload_url or file_id');
  const sent = await fetch(reserved.upload_url, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: upload.png,
    signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
  });
  if (sent.status !== 200) throw new Error(`file upload answered HTTP ${sent.status}`);
  await client.files.completeUploadExternal({
    files: [{ id: reserved.file_id, title: upload.title }],
    channel_id: upload.channelId,
    ...(upload.threadTs ? { thread_ts: upload.threadTs } : {}),
    ...(upload.initialComment ? { initial_comment: upload.initialComment } : {}),
  });
  return reserved.file_id;
}
