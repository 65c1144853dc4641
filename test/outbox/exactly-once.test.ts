import { afterEach, describe, expect, it } from 'vitest';
import { NOODKNOP_OFFER_VIEW, NOODKNOP_REQUEST_VIEW, OVERDUE_CONFIRM, OVERDUE_NOT_MINE, SHIFT_HAND_BACK } from '../../src/blockkit/ids';
import { features } from '../../src/features/registry';
import { updateLocation } from '../../src/features/capacity/figures.write';
import { runDigest } from '../../src/features/digest/digest.slack';
import { runNoodknopEscalation } from '../../src/features/noodknop/noodknop.slack';
import { postStaffingGaps, sendShiftReminders, warnLongStays } from '../../src/features/roster/roster.jobs';
import type { OutboxRow } from '../../src/outbox/outbox.store';
import { ADMIN, buttonClick, checked, date, selected, startBot, text, time, viewSubmission, type TestBot } from '../support/bot';
import type { Fault } from '../support/fake-slack';
import { settleBot } from '../support/outbox';

/**
 * Issue 11's promise, kind by kind: whatever Slack does to the call that carries a message (it
 * takes it and answers 500, takes it and never answers until the client gives up, takes it and
 * drops the connection), exactly one message with that key ends up in the channel, none is
 * missing, and the ts the bot stored is that message's. Asserted on the fake's channel history,
 * i.e. on what people would see.
 */

const NOOD = 'C0NOOD';
const TEAM = 'C0TEAM';
const USER = 'UPERSON1';
const env = { NOODKNOP_CHANNEL: NOOD, DIGEST_CHANNEL: TEAM, OUTBOX_TIMEOUT_MS: '200' };
const FAULTS: Fault[] = ['take_then_500', 'take_then_hang', 'take_then_drop'];

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

const metadataOf = (body: Record<string, any>) => (typeof body.metadata === 'string' ? JSON.parse(body.metadata) : body.metadata) as { event_type?: string } | undefined;
const rowsOf = (b: TestBot, kind: string) => b.deps.db.prepare(`SELECT id FROM outbox WHERE kind = ?`).pluck().all(kind) as number[];
const row = (b: TestBot, id: number) =>
  b.deps.db.prepare(`SELECT key, state, ts, channel_id AS channelId, file_id AS fileId, parent_key AS parentKey FROM outbox WHERE id = ?`).get(id) as Pick<OutboxRow, 'key' | 'state' | 'ts' | 'channelId' | 'fileId' | 'parentKey'>;

async function pressNoodknop(b: TestBot): Promise<number> {
  const res = await b.interact(
    viewSubmission(NOODKNOP_REQUEST_VIEW, ADMIN, { persons: text('12'), specialNeeds: checked(), neededDate: date('2022-05-26'), neededTime: time('09:00') }),
  );
  expect(res.status).toBe(200);
  return b.deps.db.prepare('SELECT max(id) FROM noodknop_requests').pluck().get() as number;
}

function operationalLocation(b: TestBot, group = 'oekrainers'): number {
  return Number(
    b.deps.db
      .prepare(
        `INSERT INTO locations (municipality_id, name, target_group, stage, places, occupied, created_at, created_by, updated_at, updated_by)
         VALUES ((SELECT id FROM municipalities WHERE name = 'Ommen'), 'Sporthal Ommen', ?, 'operationeel', 75, 0, '2022-05-01T08:00:00Z', 'seed', '2022-05-01T08:00:00Z', 'seed')`,
      )
      .run(group).lastInsertRowid,
  );
}

function shift(b: TestBot, startsAt: string, endsAt: string, userId: string | null): number {
  return Number(
    b.deps.db
      .prepare(
        `INSERT INTO shifts (starts_at, ends_at, organisation, role, slack_user_id, created_at, created_by, updated_at, updated_by)
         VALUES (?, ?, 'VRIJ', 'coördinator', ?, '2022-05-20T08:00:00Z', 'UADMIN1', '2022-05-20T08:00:00Z', 'UADMIN1')`,
      )
      .run(startsAt, endsAt, userId).lastInsertRowid,
  );
}

interface Scenario {
  /** The outbox kind (the metadata's event_type is opvang_<kind>). */
  kind: string;
  now?: string;
  /** Brings the bot to just before the message (its own messages delivered). */
  setup?: (b: TestBot) => Promise<void>;
  /** Causes the message. */
  trigger: (b: TestBot) => Promise<unknown>;
  /** The call the fault hits: a post by default; an update; a file share. */
  via?: 'chat.update' | 'files.completeUploadExternal';
  key: RegExp;
  /** An update: what the updated message shows. */
  shows?: string;
}

/** A location of `owner` whose figures are 8 days old on 25 May 2022 at 09:00 (the overdue job asks). */
function overdueLocation(b: TestBot, owner: string): number {
  return Number(
    b.deps.db
      .prepare(
        `INSERT INTO locations (municipality_id, name, target_group, stage, places, occupied, owner_id, created_at, created_by, updated_at, updated_by)
         VALUES ((SELECT id FROM municipalities WHERE name = 'Ommen'), 'Hal Ommen', 'oekrainers', 'operationeel', 50, 20, ?, '2022-05-17T07:00:00.000Z', 'seed', '2022-05-17T07:00:00.000Z', 'seed')`,
      )
      .run(owner).lastInsertRowid,
  );
}

/** An owner who can act on the question (a lezer's locations go to the admins). */
function editor(b: TestBot, userId: string): string {
  b.deps.db.prepare(`INSERT INTO user_roles (slack_user_id, role, granted_by, granted_at) VALUES (?, 'editor', 'UADMIN1', '2022-05-01T00:00:00Z')`).run(userId);
  return userId;
}

const overdueJob = () => features.flatMap((f) => f.jobs ?? []).find((j) => j.name === 'overdue')!;

/** The owner's question, asked and delivered; its "Klopt nog" or "Niet mijn locatie" button clicked. */
async function clickOverdue(b: TestBot, actionId: string): Promise<unknown> {
  const dm = b.fake.history.messagesIn(`D${USER}`)[0]!;
  const button = (dm.blocks as any[]).flatMap((x) => x.elements ?? []).find((e: any) => e.action_id === actionId);
  return b.interact(buttonClick(actionId, USER, { value: button.value, channel: dm.channel, messageTs: dm.ts, responseUrl: b.fake.responseUrl('overdue') }));
}

const scenarios: Scenario[] = [
  { kind: 'digest', now: '2022-05-25T07:30:00+02:00', trigger: (b) => runDigest(b.deps), key: /^digest:C0TEAM:2022-05-25$/ },
  { kind: 'digest_chart', now: '2022-05-25T07:30:00+02:00', via: 'files.completeUploadExternal', trigger: (b) => runDigest(b.deps), key: /^digest:C0TEAM:2022-05-25:chart$/ },
  { kind: 'noodknop_broadcast', trigger: (b) => pressNoodknop(b), key: /^noodknop:1:broadcast$/ },
  {
    kind: 'noodknop_update',
    via: 'chat.update',
    setup: async (b) => void (await pressNoodknop(b)),
    trigger: (b) => b.interact(viewSubmission(NOODKNOP_OFFER_VIEW, ADMIN, { location: selected(String(operationalLocation(b))), places: text('5'), otherLocation: text(''), note: text(''), overCapacity: checked() }, { privateMetadata: JSON.stringify({ requestId: 1 }) })),
    key: /^noodknop:1:broadcast:update$/,
  },
  {
    kind: 'noodknop_thread',
    setup: async (b) => void (await pressNoodknop(b)),
    trigger: (b) => b.interact(viewSubmission(NOODKNOP_OFFER_VIEW, ADMIN, { location: selected(String(operationalLocation(b))), places: text('5'), otherLocation: text(''), note: text(''), overCapacity: checked() }, { privateMetadata: JSON.stringify({ requestId: 1 }) })),
    key: /^noodknop:1:offer:\d+$/,
  },
  {
    kind: 'noodknop_reminder',
    setup: async (b) => {
      await pressNoodknop(b);
      b.clock.set('2022-05-25T10:05:00+02:00');
    },
    trigger: (b) => runNoodknopEscalation(b.deps),
    key: /^noodknop:1:reminder:escalate$/,
  },
  {
    kind: 'noodknop_expired',
    setup: async (b) => {
      await pressNoodknop(b);
      // The escalation reminders went out earlier; now the deadline passes.
      b.deps.db.prepare(`UPDATE noodknop_reminders SET issued_at = '2022-05-25T08:00:00Z' WHERE kind IN ('escalate', 'halfway')`).run();
      b.clock.set('2022-05-26T09:00:30+02:00');
    },
    trigger: (b) => runNoodknopEscalation(b.deps),
    key: /^noodknop:1:expired$/,
  },
  {
    kind: 'noodknop_expired_dm',
    setup: async (b) => {
      await pressNoodknop(b);
      // The escalation reminders went out earlier; now the deadline passes.
      b.deps.db.prepare(`UPDATE noodknop_reminders SET issued_at = '2022-05-25T08:00:00Z' WHERE kind IN ('escalate', 'halfway')`).run();
      b.clock.set('2022-05-26T09:00:30+02:00');
    },
    trigger: (b) => runNoodknopEscalation(b.deps),
    key: /^noodknop:1:expired:dm$/,
  },
  {
    // The broadcast-failed DM: the noodknop channel does not exist (any more).
    kind: 'noodknop_failed_dm',
    setup: async (b) => void b.fake.history.missing.add(NOOD),
    trigger: (b) => pressNoodknop(b),
    key: /^noodknop:1:broadcast:failed:dm$/,
  },
  {
    // The failure notice to the admins (the same refusal as above).
    kind: 'admin_notice',
    setup: async (b) => void b.fake.history.missing.add(NOOD),
    trigger: (b) => pressNoodknop(b),
    key: /^outbox:\d+:failed:.*:UADMIN1$/,
  },
  {
    kind: 'shift_reminder',
    now: '2022-05-25T08:00:00+02:00',
    setup: async (b) => void shift(b, '2022-05-26T06:00:00.000Z', '2022-05-26T14:00:00.000Z', USER),
    trigger: (b) => sendShiftReminders(b.deps),
    key: /^shift:1:UPERSON1:day_before$/,
  },
  {
    kind: 'shift_gaps',
    now: '2022-05-25T07:05:00+02:00',
    setup: async (b) => void shift(b, '2022-05-26T06:00:00.000Z', '2022-05-26T14:00:00.000Z', null),
    trigger: (b) => postStaffingGaps(b.deps),
    key: /^roster:gaps:C0TEAM:2022-05-25$/,
  },
  {
    kind: 'stay_warning',
    now: '2022-05-13T09:00:00+02:00',
    setup: async (b) => {
      const id = operationalLocation(b, 'cno');
      updateLocation(b.deps.db, { id, patch: { occupied: 30 }, actor: ADMIN, at: new Date('2022-05-01T12:00:00+02:00') });
    },
    trigger: (b) => warnLongStays(b.deps),
    key: /^roster:stays:C0TEAM:\d+$/,
  },
  {
    kind: 'shift_handed_back',
    setup: async (b) => {
      // Handing a shift back takes the editor role (issue 10 §3).
      b.deps.db.prepare(`INSERT INTO user_roles (slack_user_id, role, granted_by, granted_at) VALUES (?, 'editor', 'UADMIN1', '2022-05-01T00:00:00Z')`).run(USER);
      shift(b, '2022-05-26T06:00:00.000Z', '2022-05-26T14:00:00.000Z', USER);
    },
    trigger: (b) => b.interact(buttonClick(SHIFT_HAND_BACK, USER, { value: '1', responseUrl: b.fake.responseUrl('hand-back') })),
    key: /^shift:1:handed_back:\d+$/,
  },
  {
    kind: 'import_report',
    trigger: (b) =>
      b.event({
        type: 'message',
        channel: `D${ADMIN}`,
        channel_type: 'im',
        user: ADMIN,
        ts: '1653465600.000100',
        files: [{ id: 'FIMPORT1', name: 'locaties.csv', filetype: 'csv', url_private_download: b.fake.serveFile('locaties.csv', 'naam;gemeente;doelgroep;fase;plekken;bezet\nHal Raalte;Raalte;Oekraïners (GOO);operationeel;30;10\n') }],
      }),
    key: /^import:FIMPORT1:report$/,
  },
  {
    // A threshold crossed by a write of figures (capacity/thresholds.write.ts).
    kind: 'threshold_alert',
    setup: async (b) => {
      operationalLocation(b);
      b.deps.db.prepare(`INSERT INTO thresholds (region_code, kind, target_group, value, updated_at, updated_by) VALUES ('VR04', 'min_free', 'oekrainers', 50, '2022-05-01T00:00:00Z', ?)`).run(ADMIN);
    },
    trigger: async (b) => {
      const id = b.deps.db.prepare(`SELECT id FROM locations WHERE name = 'Sporthal Ommen'`).pluck().get() as number;
      return updateLocation(b.deps.db, { id, patch: { occupied: 60 }, actor: ADMIN, at: b.clock.now(), alerts: { region: 'VR04', channel: TEAM } });
    },
    key: /^threshold:VR04:min_free:oekrainers:1$/,
  },
  {
    kind: 'overdue_prompt',
    setup: async (b) => void overdueLocation(b, editor(b, USER)),
    trigger: (b) => overdueJob().run(b.deps),
    key: /^overdue:prompt:UPERSON1:2022-05-25T07:00:00\.000Z:UPERSON1$/,
  },
  {
    // "Klopt nog": the question updated in place.
    kind: 'overdue_update',
    via: 'chat.update',
    setup: async (b) => {
      overdueLocation(b, editor(b, USER));
      await overdueJob().run(b.deps);
    },
    trigger: (b) => clickOverdue(b, OVERDUE_CONFIRM),
    key: /^overdue:prompt:UPERSON1:.*:UPERSON1:update$/,
    shows: 'Klopt nog: bevestigd door',
  },
  {
    kind: 'overdue_not_mine',
    setup: async (b) => {
      overdueLocation(b, editor(b, USER));
      await overdueJob().run(b.deps);
    },
    trigger: (b) => clickOverdue(b, OVERDUE_NOT_MINE),
    key: /^overdue:not_mine:\d+:2022-05-17T07:00:00\.000Z:UADMIN1$/,
  },
  {
    kind: 'role_changed',
    trigger: (b) => b.command(`rechten <@${USER}|persoon> bewerker`, ADMIN),
    key: /^role:UPERSON1:/,
  },
];

describe('exactly once, whatever Slack does to the call', () => {
  for (const scenario of scenarios) {
    for (const fault of FAULTS) {
      it(`${scenario.kind}: ${fault}`, async () => {
        bot = await startBot({ now: scenario.now ?? '2022-05-25T09:00:00+02:00', env });
        const b = bot;
        await scenario.setup?.(b);
        await settleBot(b);
        const method = scenario.via ?? 'chat.postMessage';
        b.fake.fault(method, fault, 1, (body) => scenario.via !== undefined || metadataOf(body)?.event_type === `opvang_${scenario.kind}`);
        await scenario.trigger(b);
        // Work after the ack (a file download) enqueues a moment later.
        await b.fake.waitFor(() => rowsOf(b, scenario.kind).length > 0);
        await settleBot(b);

        const ids = rowsOf(b, scenario.kind);
        expect(ids, 'one outbox row of this kind').toHaveLength(1);
        const r = row(b, ids[0]!);
        expect(r.key).toMatch(scenario.key);
        expect(r.state).toBe('sent');
        // The fault really hit this message's call.
        expect(b.fake.calls.some((c) => c.method === method && c.status !== 200), 'the fault was used').toBe(true);

        if (scenario.via === 'files.completeUploadExternal') {
          const shares = b.fake.history.withFile(r.fileId!);
          expect(shares).toHaveLength(1);
          expect(b.fake.history.allMessages().filter((m) => m.files)).toHaveLength(1);
          expect(r.ts).toBe(shares[0]!.ts);
          expect(shares[0]!.thread_ts).toBe(b.fake.history.withKey(r.parentKey!)[0]!.ts);
        } else if (scenario.via === 'chat.update') {
          // The broadcast is still one message, now showing the offer; the stored ts is its ts.
          const broadcast = b.fake.history.withKey(r.parentKey!);
          expect(broadcast).toHaveLength(1);
          expect(r.ts).toBe(broadcast[0]!.ts);
          expect(JSON.stringify(broadcast[0]!.blocks)).toContain(scenario.shows ?? '5 van 12 plekken aangeboden');
        } else {
          const messages = b.fake.history.withKey(r.key);
          expect(messages).toHaveLength(1);
          expect(r.ts).toBe(messages[0]!.ts);
          expect(r.channelId).toBe(messages[0]!.channel);
        }
      });
    }
  }
});

describe('a broadcast found after an unclear post keeps being updated in place', () => {
  for (const fault of FAULTS) {
    it(`${fault}: the recovered ts is the channel's message, and an offer after it updates that message`, async () => {
      bot = await startBot({ env });
      const b = bot;
      b.fake.fault('chat.postMessage', fault, 1, (body) => metadataOf(body)?.event_type === 'opvang_noodknop_broadcast');
      await pressNoodknop(b);
      await settleBot(b);
      expect(b.fake.calls.some((c) => c.method === 'chat.postMessage' && c.status !== 200), 'the fault was used').toBe(true);
      const [broadcast] = b.fake.history.withKey('noodknop:1:broadcast');
      expect(b.fake.history.withKey('noodknop:1:broadcast')).toHaveLength(1);
      expect(row(b, rowsOf(b, 'noodknop_broadcast')[0]!).ts).toBe(broadcast!.ts);

      await b.interact(viewSubmission(NOODKNOP_OFFER_VIEW, ADMIN, { location: selected(String(operationalLocation(b))), places: text('5'), otherLocation: text(''), note: text(''), overCapacity: checked() }, { privateMetadata: JSON.stringify({ requestId: 1 }) }));
      await settleBot(b);
      const updates = b.fake.callsTo('chat.update');
      expect(updates.length).toBeGreaterThan(0);
      expect(updates.every((c) => c.body.ts === broadcast!.ts && c.status === 200)).toBe(true);
      const [after] = b.fake.history.withKey('noodknop:1:broadcast');
      expect(JSON.stringify(after!.blocks)).toContain('5 van 12 plekken aangeboden');
      expect(b.fake.history.messagesIn(NOOD).filter((m) => !m.thread_ts)).toHaveLength(1);
    });
  }
});
