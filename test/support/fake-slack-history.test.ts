import { describe, expect, it } from 'vitest';
import { SlackHistory } from './fake-slack-history';

/** The fake's history must answer like Slack, or the outbox's look-ups prove nothing. */
describe('the fake Slack history', () => {
  function channelWith(count: number) {
    const history = new SlackHistory();
    let t = 1_653_456_000_000;
    history.now = () => t;
    const ts: string[] = [];
    for (let i = 0; i < count; i++) {
      t += 1000;
      const posted = history.postMessage({ channel: 'C1', text: `m${i}`, metadata: JSON.stringify({ event_type: 'opvang_test', event_payload: { key: `k${i}` } }) });
      ts.push(posted.ts as string);
    }
    return { history, ts };
  }

  it('conversations.history: newest first, metadata only with include_all_metadata', () => {
    const { history } = channelWith(3);
    const plain = history.history({ channel: 'C1' });
    expect((plain.messages as any[]).map((m) => m.text)).toEqual(['m2', 'm1', 'm0']);
    expect((plain.messages as any[])[0].metadata).toBeUndefined();
    const full = history.history({ channel: 'C1', include_all_metadata: 'true' });
    expect((full.messages as any[])[0].metadata).toEqual({ event_type: 'opvang_test', event_payload: { key: 'k2' } });
  });

  it('oldest and latest are exclusive unless inclusive', () => {
    const { history, ts } = channelWith(5);
    const texts = (body: Record<string, unknown>) => (history.history({ channel: 'C1', ...body }).messages as any[]).map((m) => m.text);
    expect(texts({ oldest: ts[1], latest: ts[3] })).toEqual(['m2']);
    expect(texts({ oldest: ts[1], latest: ts[3], inclusive: 'true' })).toEqual(['m3', 'm2', 'm1']);
    expect(texts({ oldest: ts[3] })).toEqual(['m4']);
  });

  it('pages with limit and response_metadata.next_cursor until the cursor is empty', () => {
    const { history } = channelWith(7);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = history.history({ channel: 'C1', limit: '3', ...(cursor ? { cursor } : {}) });
      seen.push(...(page.messages as any[]).map((m) => m.text));
      cursor = (page.response_metadata as { next_cursor: string }).next_cursor || undefined;
      expect(page.has_more).toBe(Boolean(cursor));
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(['m6', 'm5', 'm4', 'm3', 'm2', 'm1', 'm0']);
  });

  it('thread replies stay out of the channel history; conversations.replies gives the parent, then the replies oldest first', () => {
    const { history, ts } = channelWith(2);
    history.postMessage({ channel: 'C1', thread_ts: ts[0], text: 'r1' });
    history.postMessage({ channel: 'C1', thread_ts: ts[0], text: 'r2' });
    expect((history.history({ channel: 'C1' }).messages as any[]).map((m) => m.text)).toEqual(['m1', 'm0']);
    expect((history.history({ channel: 'C1' }).messages as any[])[1]).toMatchObject({ reply_count: 2 });
    expect((history.replies({ channel: 'C1', ts: ts[0] }).messages as any[]).map((m) => m.text)).toEqual(['m0', 'r1', 'r2']);
    expect(history.replies({ channel: 'C1', ts: '1.000001' })).toEqual({ ok: false, error: 'thread_not_found' });
  });

  it('chat.update changes the stored message; an unknown message or channel is refused as Slack does', () => {
    const { history, ts } = channelWith(1);
    expect(history.update({ channel: 'C1', ts: ts[0], text: 'new' })).toMatchObject({ ok: true });
    expect(history.messagesIn('C1')[0]).toMatchObject({ text: 'new', updates: 1 });
    expect(history.update({ channel: 'C1', ts: '1.000001', text: 'x' })).toEqual({ ok: false, error: 'message_not_found' });
    expect(history.history({ channel: 'C9' })).toMatchObject({ ok: true, messages: [] });
    history.missing.add('C9');
    expect(history.update({ channel: 'C9', ts: ts[0], text: 'x' })).toEqual({ ok: false, error: 'channel_not_found' });
    expect(history.history({ channel: 'C9' })).toEqual({ ok: false, error: 'channel_not_found' });
    expect(history.postMessage({ channel: 'C9', text: 'x' })).toEqual({ ok: false, error: 'channel_not_found' });
  });

  it('refuses metadata that is not an event_type with an event_payload', () => {
    const history = new SlackHistory();
    expect(history.postMessage({ channel: 'C1', text: 'x', metadata: JSON.stringify({ event_type: 'opvang_x' }) })).toEqual({ ok: false, error: 'invalid_metadata_format' });
    expect(history.postMessage({ channel: 'C1', text: 'x', metadata: 'geen json' })).toEqual({ ok: false, error: 'invalid_metadata_format' });
  });

  it('a post to a user id lands in the direct message channel', () => {
    const history = new SlackHistory();
    expect(history.postMessage({ channel: 'UABC1', text: 'hoi' })).toMatchObject({ ok: true, channel: 'DUABC1' });
  });
});
