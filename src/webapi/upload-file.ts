import type { WebClient } from '@slack/web-api';

export interface FileUpload {
  channelId: string;
  threadTs?: string;
  filename: string;
  title: string;
  content: Buffer;
  /** What a screen reader says for an image. */
  altText?: string;
  initialComment?: string;
  /** Milliseconds for the upload of the bytes. */
  timeoutMs?: number;
}

/**
 * Uploads one file the way docs.slack.dev/reference/methods/files.getUploadURLExternal describes:
 * get an upload URL, POST the bytes there, then files.completeUploadExternal to share it.
 *
 * Not the SDK's `filesUploadV2`: it passes the alt text as `alt_text`, while the method documents
 * `alt_txt` (at most 1000 characters), so Slack silently dropped our chart's description.
 */
export async function uploadFile(client: WebClient, upload: FileUpload): Promise<string> {
  const urlAnswer = (await client.apiCall('files.getUploadURLExternal', {
    filename: upload.filename,
    length: upload.content.length,
    ...(upload.altText ? { alt_txt: upload.altText.slice(0, 1000) } : {}),
  })) as { upload_url?: string; file_id?: string };
  if (!urlAnswer.upload_url || !urlAnswer.file_id) throw new Error('files.getUploadURLExternal gave no upload_url');
  const res = await fetch(urlAnswer.upload_url, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: new Uint8Array(upload.content),
    signal: AbortSignal.timeout(upload.timeoutMs ?? 10_000),
  });
  if (!res.ok) throw new Error(`file upload failed: HTTP ${res.status}`);
  await client.files.completeUploadExternal({
    files: [{ id: urlAnswer.file_id, title: upload.title }],
    channel_id: upload.channelId,
    ...(upload.threadTs ? { thread_ts: upload.threadTs } : {}),
    ...(upload.initialComment ? { initial_comment: upload.initialComment } : {}),
  } as never);
  return urlAnswer.file_id;
}
