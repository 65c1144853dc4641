import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock';
import { createLogger } from '../../src/logger';
import { DEFAULT_OUTBOX_POLICY, type OutboxPolicy } from '../../src/outbox/outbox';
import { claimRow, enqueueFile, enqueuePost, enqueueUpdate, findOutboxRow, type OutboxRow } from '../../src/outbox/outbox.store';
import { slackTransport } from '../../src/outbox/slack-transport';
import { OutboxWorker } from '../../src/outbox/outbox.worker';
import { openDatabase, type Db } from '../../src/store/database';
import { createNoRetryClient } from '../../src/webapi/client';
import { FakeSlack, type Fault } from '../support/fake-slack';
import { settleOutbox } from '../support/outbox';

/**
 * The outbox on its own: a real SQLite file, the real no-retry Web API client, the fake Slack with
 * its history and faults, and a manual clock that the test moves instead of waiting.
 */
let dir: string;
let db: Db;
let fake: FakeSlack;
let clock: ManualClock;
let worker: OutboxWorker;
let failed: OutboxRow[];
const logLines: string[] = [];

function startWorker(policy: Partial<OutboxPolicy> = {}): OutboxWorker {
  const logger = createLogger({ format: 'json', level: 'debug', write: (line) => logLines.push(line) });
  const client = createNoRetryClient({ token: 'xoxb-outbox', slackApiUrl: fake.apiUrl, timeoutMs: 200, logger });
  return new OutboxWorker({
    db,
    clock,
    logger,
    transport: slackTransport(client),
    policy: { ...DEFAULT_OUTBOX_POLICY, timeoutMs: 200, ...policy },
    hooks: { onFailed: (_db, row) => void failed.push(row) },
  }).start();
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'opvangbot-outbox-'));
  db = openDatabase(join(dir, 'opvang.sqlite'));
  fake = await new FakeSlack().start();
  clock = new ManualClock('2022-05-25T07:30:00+02:00');
  fake.history.now = () => clock.now().getTime();
  failed = [];
  logLines.length = 0;
  worker = startWorker();
});
afterEach(async () => {
  await worker.stop();
  db.close();
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
});

const settle = () => settleOutbox(worker, db, clock);
const post = (key: string, target: Parameters<typeof enqueuePost>[1]['target'] = { channel: 'C0TEAM' }, text = `bericht ${key}`) =>
  db.transaction(() => enqueuePost(db, { key, kind: 'test', target, message: { text } }, clock.now()))();
const row = (key: string) => findOutboxRow(db, key)!;

describe('the outbox worker', () => {
  it('posts once with the key in the message metadata, and stores where it landed', async () => {
    expect(post('test:1')).toBe(true);
    expect(post('test:1')).toBe(false); // the same key again: nothing new
    await settle();
    const [message, ...more] = fake.history.withKey('test:1');
    expect(more).toEqual([]);
    expect(message).toMatchObject({ channel: 'C0TEAM', text: 'bericht test:1', metadata: { event_type: 'opvang_test', event_payload: { key: 'test:1' } } });
    expect(row('test:1')).toMatchObject({ state: 'sent', ts: message!.ts, channelId: 'C0TEAM', attempts: 1 });
  });

  for (const fault of ['take_then_500', 'take_then_hang', 'take_then_drop'] as Fault[]) {
    it(`${fault}: looks for the key before posting again; exactly one message, and the stored ts is its ts`, async () => {
      fake.fault('chat.postMessage', fault);
      post('test:fault');
      await settle();
      const messages = fake.history.withKey('test:fault');
      expect(messages).toHaveLength(1);
      expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
      expect(fake.callsTo('conversations.history').at(-1)!.body).toMatchObject({ channel: 'C0TEAM', include_all_metadata: 'true' });
      expect(row('test:fault')).toMatchObject({ state: 'sent', ts: messages[0]!.ts, attempts: 2, uncertainSince: null });
      expect(logLines.some((l) => l.includes('"outbox.found"'))).toBe(true);
    });
  }

  it('a post that never reached Slack (dropped before it was taken) is looked for, not found, and posted once', async () => {
    fake.fault('chat.postMessage', 'drop');
    post('test:lost');
    await settle();
    expect(fake.history.withKey('test:lost')).toHaveLength(1);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
    expect(fake.callsTo('conversations.history')).toHaveLength(1);
  });

  it('pages through a busy channel to find its post', async () => {
    fake.fault('chat.postMessage', 'take_then_500');
    post('test:busy');
    await worker.drain();
    // 250 other messages arrive after ours before the retry.
    for (let i = 0; i < 250; i++) fake.history.postMessage({ channel: 'C0TEAM', text: `ruis ${i}` });
    await settle();
    expect(fake.history.withKey('test:busy')).toHaveLength(1);
    expect(fake.callsTo('conversations.history').length).toBe(3);
  });

  it('a direct message opens the conversation at send time and is looked for there', async () => {
    fake.fault('chat.postMessage', 'take_then_500');
    post('test:dm', { user: 'UPERSON1' });
    await settle();
    expect(fake.history.withKey('test:dm')).toMatchObject([{ channel: 'DUPERSON1' }]);
    expect(row('test:dm')).toMatchObject({ state: 'sent', channelId: 'DUPERSON1' });
  });

  it('a thread reply waits for its parent and is looked for with conversations.replies', async () => {
    fake.fail('chat.postMessage', { status: 429, retryAfter: 30 });
    post('test:parent');
    db.transaction(() => enqueuePost(db, { key: 'test:child', kind: 'test', target: { thread: 'test:parent' }, message: { text: 'antwoord' } }, clock.now()))();
    await worker.drain();
    expect(fake.history.allMessages()).toEqual([]);
    expect(row('test:child')).toMatchObject({ state: 'pending', attempts: 0 });
    fake.fault('chat.postMessage', 'take_then_500', 1, (body) => body.thread_ts !== undefined);
    await settle();
    const parent = fake.history.withKey('test:parent')[0]!;
    expect(fake.history.withKey('test:child')).toMatchObject([{ thread_ts: parent.ts }]);
    expect(fake.callsTo('conversations.replies').at(-1)!.body).toMatchObject({ ts: parent.ts, include_all_metadata: 'true' });
    // The 429's Retry-After was honoured: nothing was sent again within its 30 seconds.
    const [first, second] = fake.callsTo('chat.postMessage');
    expect(second!.at).toBeGreaterThanOrEqual(first!.at);
    expect(row('test:parent').attempts).toBe(2);
  });

  it('updates coalesce per message (latest wins), wait for the post, and are retried without looking first', async () => {
    post('test:broadcast');
    db.transaction(() => {
      enqueueUpdate(db, { kind: 'test_update', target: { key: 'test:broadcast' }, message: { text: 'versie 2' } }, clock.now());
      enqueueUpdate(db, { kind: 'test_update', target: { key: 'test:broadcast' }, message: { text: 'versie 3' } }, clock.now());
    })();
    fake.fault('chat.update', 'take_then_500');
    await settle();
    const [message] = fake.history.withKey('test:broadcast');
    expect(message).toMatchObject({ text: 'versie 3' });
    expect(fake.callsTo('chat.update').map((c) => c.body.text)).toEqual(['versie 3', 'versie 3']);
    expect(fake.callsTo('conversations.history')).toEqual([]);
    expect(row('test:broadcast:update')).toMatchObject({ state: 'sent', ts: message!.ts, version: 2 });

    // A later update of a sent one goes out again.
    db.transaction(() => enqueueUpdate(db, { kind: 'test_update', target: { key: 'test:broadcast' }, message: { text: 'versie 4' } }, clock.now()))();
    await settle();
    expect(fake.history.withKey('test:broadcast')[0]).toMatchObject({ text: 'versie 4' });
  });

  it('an update enqueued while the previous one is being sent is sent after it', async () => {
    post('test:b');
    await settle();
    fake.fault('chat.update', 'take_then_hang');
    db.transaction(() => enqueueUpdate(db, { kind: 'test_update', target: { key: 'test:b' }, message: { text: 'oud' } }, clock.now()))();
    const pass = worker.runOnce();
    await fake.waitForCall('chat.update');
    db.transaction(() => enqueueUpdate(db, { kind: 'test_update', target: { key: 'test:b' }, message: { text: 'nieuw' } }, clock.now()))();
    await pass;
    await settle();
    expect(fake.history.withKey('test:b')[0]).toMatchObject({ text: 'nieuw' });
    expect(row('test:b:update')).toMatchObject({ state: 'sent' });
  });

  it('a row a stopped process left "sending" is looked for at start: found is marked sent, missing is posted once', async () => {
    post('test:landed');
    post('test:missing');
    claimRow(db, row('test:landed'), clock.now());
    claimRow(db, row('test:missing'), clock.now());
    // The first one reached Slack before the process died; the second did not.
    fake.history.postMessage({ channel: 'C0TEAM', text: 'bericht test:landed', metadata: JSON.stringify({ event_type: 'opvang_test', event_payload: { key: 'test:landed' } }) });
    await worker.stop();
    worker = startWorker();
    await settle();
    expect(fake.history.withKey('test:landed')).toHaveLength(1);
    expect(fake.history.withKey('test:missing')).toHaveLength(1);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(row('test:landed')).toMatchObject({ state: 'sent', ts: fake.history.withKey('test:landed')[0]!.ts });
  });

  it('a permanent error stops the row at once: failed, with the hook called once, and nothing retried', async () => {
    fake.fail('chat.postMessage', { status: 200, error: 'not_in_channel' });
    post('test:refused');
    post('test:fine', { channel: 'C0OTHER' });
    await settle();
    expect(row('test:refused')).toMatchObject({ state: 'failed', lastError: 'not_in_channel', attempts: 1 });
    expect(failed.map((r) => r.key)).toEqual(['test:refused']);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
    expect(fake.history.withKey('test:fine')).toHaveLength(1);
  });

  it('a 429 storm: Retry-After is honoured for every row, attempts stay bounded, everything arrives once', async () => {
    await worker.stop();
    worker = startWorker({ maxAttempts: 8 });
    fake.startOutage(() => ({ status: 429, retryAfter: 20 }));
    for (let i = 0; i < 10; i++) post(`test:storm:${i}`);
    const start = clock.now().getTime();
    await settleOutbox(worker, db, clock, { until: new Date(start + 5 * 60_000) });
    const during = fake.callsTo('chat.postMessage').length;
    // One try per Retry-After window for the whole worker, not ten.
    expect(during).toBeLessThanOrEqual(5 * 3 + 1);
    fake.endOutage();
    await settle();
    for (let i = 0; i < 10; i++) expect(fake.history.withKey(`test:storm:${i}`)).toHaveLength(1);
    const counts = new Map<string, number>();
    for (const call of fake.callsTo('chat.postMessage')) counts.set(call.body.text, (counts.get(call.body.text) ?? 0) + 1);
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(8);
  });

  it('a 10-minute 5xx outage: retried with backoff, looked for, and posted once when Slack is back', async () => {
    fake.startOutage(() => ({ status: 500 }));
    for (let i = 0; i < 5; i++) post(`test:outage:${i}`);
    const start = clock.now().getTime();
    await settleOutbox(worker, db, clock, { until: new Date(start + 10 * 60_000) });
    const attempts = fake.callsTo('chat.postMessage').length + fake.callsTo('conversations.history').length;
    // The worker backs off as a whole (2 s, 4 s, … 256 s): about nine calls in ten minutes, not nine per row.
    expect(attempts).toBeLessThanOrEqual(12);
    fake.endOutage();
    await settle();
    for (let i = 0; i < 5; i++) {
      expect(fake.history.withKey(`test:outage:${i}`)).toHaveLength(1);
      expect(row(`test:outage:${i}`).state).toBe('sent');
    }
  });

  it('after the last attempt the row fails instead of trying forever', async () => {
    await worker.stop();
    worker = startWorker({ maxAttempts: 3 });
    fake.startOutage(() => ({ status: 503 }));
    post('test:gives-up');
    await settle();
    expect(row('test:gives-up')).toMatchObject({ state: 'failed', attempts: 3 });
    expect(row('test:gives-up').lastError).toContain('3 pogingen');
    expect(failed).toHaveLength(1);
  });

  it('a file share is found again by its file id after an ambiguous answer: one share', async () => {
    post('test:digest');
    db.transaction(() =>
      enqueueFile(
        db,
        {
          key: 'test:digest:chart',
          kind: 'test_chart',
          target: { thread: 'test:digest' },
          file: { filename: 'grafiek.png', title: 'Grafiek', altText: 'Een grafiek', comment: 'De grafiek', contentBase64: Buffer.from('PNG').toString('base64') },
        },
        clock.now(),
      ),
    )();
    fake.fault('files.completeUploadExternal', 'take_then_500');
    await settle();
    const chart = row('test:digest:chart');
    expect(chart.state).toBe('sent');
    const shares = fake.history.withFile(chart.fileId!);
    expect(shares).toHaveLength(1);
    expect(shares[0]).toMatchObject({ thread_ts: row('test:digest').ts, text: 'De grafiek' });
    expect(fake.history.allMessages().filter((m) => m.files)).toHaveLength(1);
    expect(chart.ts).toBe(shares[0]!.ts);
  });
});
