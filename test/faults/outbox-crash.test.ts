import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { NOODKNOP_OFFER_VIEW, NOODKNOP_REQUEST_VIEW } from '../../src/blockkit/ids';
import type { Fault } from '../support/fake-slack';
import { checked, date, mention, selected, slashText, text, time, viewSubmission } from '../support/bot';
import { spawnBot, useProcessBed } from '../support/process';
import { signedHeaders } from '../support/sign';

/**
 * The real bot process is killed (SIGKILL) after it claimed the morning digest and sent the post,
 * before it heard Slack's answer: the claim is on disk, the outcome is not. Restarted on the same
 * database, it must end with exactly one digest in the channel, whether Slack had taken the post
 * or not, and without anyone having to look ("uncertain" is gone).
 *
 * The same real process through an outage (429s, then 500s): slash commands are answered from the
 * database meanwhile, the worker's attempts stay bounded, and what was due arrives once afterwards.
 * And the kinds a request causes (broadcast, its update, an offer in its thread, a role change DM),
 * each taken by Slack and answered with a 500: found by looking, never posted twice. The whole
 * matrix of kinds × faults runs in test/outbox/exactly-once.test.ts, on the same bot in-process.
 */

const DIGEST = 'C0DIGEST';
const KEY = `digest:${DIGEST}:2022-05-25`;
const bed = useProcessBed('opvangbot-outbox-crash-');

const env = () => ({
  SLACK_BOT_TOKEN: 'xoxb-crash',
  SLACK_SIGNING_SECRET: 'outbox-crash-secret',
  SLACK_API_URL: bed.fake.apiUrl,
  DATABASE_PATH: bed.databasePath,
  OPVANG_ADMINS: 'UADMIN1',
  DIGEST_CHANNEL: DIGEST,
  // Past 07:30: the digest job posts at start.
  OPVANG_NOW: '2022-05-25T07:31:00+02:00',
  OUTBOX_TIMEOUT_MS: '30000',
});

/** The digest's outbox row as the database has it (read beside the running bot). */
/** An outbox row as the database has it (read beside the running bot). */
function outboxRow(key: string): { state: string; ts: string | null } | undefined {
  const db = new Database(bed.databasePath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT state, ts FROM outbox WHERE key = ?').get(key) as { state: string; ts: string | null } | undefined;
  } finally {
    db.close();
  }
}

const digestRow = () => outboxRow(KEY);

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const digests = () => bed.fake.history.messagesIn(DIGEST).filter((m) => !m.thread_ts);

describe('SIGKILL between the claim and the post', () => {
  for (const [fault, taken] of [
    ['take_then_hang', true],
    ['hang', false],
  ] as [Fault, boolean][]) {
    it(`${taken ? 'Slack had taken the post' : 'the post never reached Slack'}: after the restart exactly one digest is in the channel`, async () => {
      bed.fake.fault('chat.postMessage', fault, 1, (body) => body.channel === DIGEST);
      bed.bot = await spawnBot(env());
      // The post is out (and, when taken, in the channel); Slack's answer never comes.
      await until(() => bed.fake.callsTo('chat.postMessage').some((c) => c.body.channel === DIGEST));
      expect(digestRow()?.state).toBe('sending');
      expect(digests()).toHaveLength(taken ? 1 : 0);
      bed.bot.child.kill('SIGKILL');
      expect(await bed.bot.exited).toBe('SIGKILL');

      bed.bot = await spawnBot(env());
      await until(() => digestRow()?.state === 'sent' && bed.fake.history.messagesIn(DIGEST).some((m) => m.files));
      expect(digests()).toHaveLength(1);
      expect(bed.fake.history.withKey(KEY)).toHaveLength(1);
      expect(digestRow()!.ts).toBe(digests()[0]!.ts);
      // Looked for before posting: found (taken) or posted once (not taken).
      expect(bed.fake.callsTo('conversations.history').length).toBeGreaterThanOrEqual(1);
      expect(bed.fake.callsTo('chat.postMessage').filter((c) => c.body.channel === DIGEST && !c.body.thread_ts)).toHaveLength(taken ? 1 : 2);
      // The chart followed in the thread of that one message.
      expect(bed.fake.history.messagesIn(DIGEST).filter((m) => m.files).map((m) => m.thread_ts)).toEqual([digests()[0]!.ts]);
      expect(bed.bot.stderr()).not.toContain('digest.uncertain');
    }, 60_000);
  }
});

describe('the real bot process through a Slack outage', () => {
  it('429s, then 500s: commands keep answering, attempts stay bounded, and the digest and a broadcast arrive once when Slack is back', async () => {
    // A short policy (env): seconds stand in for the minutes of a real outage.
    const short = { ...env(), NOODKNOP_CHANNEL: 'C0NOOD', OUTBOX_BASE_DELAY_MS: '50', OUTBOX_MAX_DELAY_SECONDS: '1', OUTBOX_TIMEOUT_MS: '1000' };
    bed.fake.startOutage((n) => (n < 3 ? { status: 429, retryAfter: 1 } : { status: 500 }));
    bed.bot = await spawnBot(short);
    const post = async (body: string) => {
      const res = await fetch(`${bed.bot!.url}/slack/events`, { method: 'POST', headers: signedHeaders(short.SLACK_SIGNING_SECRET, body), body });
      return { status: res.status, text: await res.text() };
    };
    const payload = viewSubmission(NOODKNOP_REQUEST_VIEW, 'UADMIN1', { persons: text('12'), neededDate: date('2022-05-25'), neededTime: time('18:00') });
    const sub = await post(new URLSearchParams({ payload: JSON.stringify({ team: { id: 'T0TEST' }, api_app_id: 'A0TEST', ...payload }) }).toString());
    expect(sub.status).toBe(200);
    expect(sub.text).not.toContain('errors'); // stored: the modal closes
    // Three seconds of outage, asking /opvang stand meanwhile: every answer comes, none waits for Slack.
    const stand = new URLSearchParams({ command: '/opvang', text: 'stand', user_id: 'UADMIN1', channel_id: 'C0TEAM', team_id: 'T0TEST', trigger_id: 't', response_url: bed.fake.responseUrl() }).toString();
    for (let i = 0; i < 6; i++) {
      const started = Date.now();
      const answer = await post(stand);
      expect(answer.status).toBe(200);
      expect(answer.text).toContain('46.091 plekken');
      expect(Date.now() - started).toBeLessThan(2500);
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(bed.fake.history.allMessages()).toEqual([]);
    const during = bed.fake.calls.filter((c) => c.method !== 'auth.test' && c.method !== 'response_url').length;
    expect(during).toBeGreaterThan(2);
    expect(during).toBeLessThanOrEqual(20);

    bed.fake.endOutage();
    await until(() => digestRow()?.state === 'sent' && bed.fake.history.withKey('noodknop:1:broadcast').length === 1);
    expect(digests()).toHaveLength(1);
    expect(bed.fake.history.withKey(KEY)).toHaveLength(1);
    expect(bed.fake.history.withKey('noodknop:1:broadcast')).toHaveLength(1);
    expect(digestRow()!.ts).toBe(digests()[0]!.ts);
  }, 60_000);
});

describe('the real bot process: a post Slack took but answered 500, for each kind a request causes', () => {
  it('broadcast, its update, the offer in its thread and a role change DM: each once in Slack, with the ts stored', async () => {
    const spawnEnv = { ...env(), NOODKNOP_CHANNEL: 'C0NOOD', OUTBOX_BASE_DELAY_MS: '50', OUTBOX_TIMEOUT_MS: '1000' };
    const kindOf = (body: Record<string, any>) => (typeof body.metadata === 'string' ? JSON.parse(body.metadata) : body.metadata)?.event_type;
    for (const kind of ['opvang_noodknop_broadcast', 'opvang_noodknop_thread', 'opvang_role_changed']) bed.fake.fault('chat.postMessage', 'take_then_500', 1, (body) => kindOf(body) === kind);
    bed.fake.fault('chat.update', 'take_then_500', 1);
    bed.bot = await spawnBot(spawnEnv);
    const post = async (body: string) => {
      const res = await fetch(`${bed.bot!.url}/slack/events`, { method: 'POST', headers: signedHeaders(spawnEnv.SLACK_SIGNING_SECRET, body), body });
      return { status: res.status, text: await res.text() };
    };
    const interact = (payload: object) => post(new URLSearchParams({ payload: JSON.stringify({ team: { id: 'T0TEST' }, api_app_id: 'A0TEST', ...payload }) }).toString());

    // Stored (the modal closes: an empty answer) and answered within Slack's 3 s.
    expect(await interact(viewSubmission(NOODKNOP_REQUEST_VIEW, 'UADMIN1', { persons: text('12'), neededDate: date('2022-05-25'), neededTime: time('18:00') }))).toEqual({ status: 200, text: '' });
    await until(() => outboxRow('noodknop:1:broadcast')?.state === 'sent');
    expect(
      await interact(viewSubmission(NOODKNOP_OFFER_VIEW, 'UADMIN1', { location: selected('other'), otherLocation: text('Sporthal Ommen'), places: text('5'), note: text(''), overCapacity: checked() }, { privateMetadata: JSON.stringify({ requestId: 1 }) })),
    ).toEqual({ status: 200, text: '' });
    const rights = new URLSearchParams({ command: '/opvang', text: slashText(['rechten ', mention('UPERSON1', 'persoon'), ' bewerker']), user_id: 'UADMIN1', channel_id: 'C0TEAM', team_id: 'T0TEST', trigger_id: 't', response_url: bed.fake.responseUrl() }).toString();
    expect((await post(rights)).text).toContain('<@UPERSON1> is nu bewerker');

    await until(() => ['noodknop:1:broadcast:update', 'noodknop:1:offer:1'].every((key) => outboxRow(key)?.state === 'sent') && bed.fake.history.allMessages().some((m) => m.metadata?.event_type === 'opvang_role_changed'));
    // Every fault was used: Slack took each of these calls and answered 500.
    expect(bed.fake.calls.filter((c) => c.status === 500).map((c) => c.method).sort()).toEqual(['chat.postMessage', 'chat.postMessage', 'chat.postMessage', 'chat.update']);
    const [broadcast, ...more] = bed.fake.history.withKey('noodknop:1:broadcast');
    expect(more).toEqual([]);
    expect(outboxRow('noodknop:1:broadcast')!.ts).toBe(broadcast!.ts);
    expect(JSON.stringify(broadcast!.blocks)).toContain('5 van 12 plekken aangeboden');
    expect(bed.fake.history.withKey('noodknop:1:offer:1')).toHaveLength(1);
    expect(outboxRow('noodknop:1:offer:1')!.ts).toBe(bed.fake.history.withKey('noodknop:1:offer:1')[0]!.ts);
    expect(bed.fake.history.allMessages().filter((m) => m.metadata?.event_type === 'opvang_role_changed')).toHaveLength(1);
    expect(bed.fake.history.messagesIn('C0NOOD').filter((m) => !m.thread_ts)).toHaveLength(1);
  }, 60_000);
});
