import { afterEach, describe, expect, it } from 'vitest';
import { runDigest, runDigestJob } from '../../../src/features/digest/digest.slack';
import { findOutboxRow } from '../../../src/outbox/outbox.store';
import { settleBot } from '../../support/outbox';
import { blockKitViolations } from '../../support/conformance/block-kit-rules';
import { ADMIN, startBot, visibleText, type TestBot } from '../../support/bot';

const DIGEST = 'C0DIGEST';
const env = { DIGEST_CHANNEL: DIGEST };
const bots: TestBot[] = [];
afterEach(async () => {
  // Newest first: a restarted bot shares the first one's fake and directory.
  for (const b of bots.reverse()) await b.close();
  bots.length = 0;
});

async function start(options: Parameters<typeof startBot>[0] = {}): Promise<TestBot> {
  const bot = await startBot({ env, ...options });
  bots.push(bot);
  return bot;
}

const posts = (bot: TestBot) => bot.fake.callsTo('chat.postMessage').filter((c) => c.body.channel === DIGEST);
/** Digests in the channel as Slack holds them (the fake's history): what people see. */
const inChannel = (bot: TestBot) => bot.fake.history.messagesIn(DIGEST).filter((m) => !m.thread_ts);
const run = (bot: TestBot) => runDigest(bot.deps);
const runRow = (bot: TestBot, day: string) => findOutboxRow(bot.deps.db, `digest:${DIGEST}:${day}`);

function insertLocation(bot: TestBot, o: { municipality: string; name: string; group?: string; stage: string; places: number; occupied: number; at: string; by?: string }): number {
  const id = bot.deps.db
    .prepare(
      `INSERT INTO locations (municipality_id, name, target_group, stage, places, occupied, created_at, created_by, updated_at, updated_by)
       VALUES ((SELECT id FROM municipalities WHERE name = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(o.municipality, o.name, o.group ?? 'oekrainers', o.stage, o.places, o.occupied, o.at, o.by ?? 'UEDITOR1', o.at, o.by ?? 'UEDITOR1').lastInsertRowid as number;
  history(bot, id, o.at, o.stage, o.places, o.occupied, o.by);
  return id;
}

function history(bot: TestBot, id: number, at: string, stage: string, places: number, occupied: number, by = 'UEDITOR1'): void {
  bot.deps.db
    .prepare(`INSERT INTO location_history (location_id, recorded_at, recorded_by, stage, places, occupied) VALUES (?, ?, ?, ?, ?, ?)`)
    .run(id, at, by, stage, places, occupied);
}

function updateLocation(bot: TestBot, id: number, at: string, stage: string, places: number, occupied: number): void {
  bot.deps.db.prepare(`UPDATE locations SET stage = ?, places = ?, occupied = ?, updated_at = ?, updated_by = 'UEDITOR2' WHERE id = ?`).run(stage, places, occupied, at, id);
  history(bot, id, at, stage, places, occupied, 'UEDITOR2');
}

describe('the morning digest job', () => {
  it('posts the seeded baseline at 07:30 with the chart in its thread', async () => {
    const bot = await start({ now: '2022-05-25T07:30:00+02:00' });
    const result = await run(bot);
    expect(result).toMatchObject({ kind: 'sent', chart: 'sent' });
    const ts = result.kind === 'sent' ? result.delivery.ts : 'x';
    const [post] = posts(bot);
    expect(blockKitViolations('message', post!.body)).toEqual([]);
    const text = visibleText(post!.body);
    expect(text).toContain('Ochtendoverzicht opvang IJsselland · 25 mei 2022');
    expect(text).toContain('46.091 plekken · 38.949 bezet · *84,5%* bezettingsgraad');
    expect(text).toContain('Peildatum 24 mei 2022');
    expect(text).toContain('0 van 2.000 (0,0%) · nog 2.000 te gaan · nog 29 dagen');
    expect(text).toContain('0 van 2.400 (0,0%)');
    expect(text).toContain('100 CNO-plekken _(lage prioriteit)_');
    expect(text).toContain('In overweging: 1 locatie, ca. 150 plekken verwacht');
    expect(text).toContain('Woonunits Dalfsen (Dalfsen): ca. 150 plekken');
    expect(text).toContain('IJsselland staat niet in het bekende rooster');
    // Nothing needs action that morning (the baseline has no requests, shifts or old figures): no section.
    expect(text).not.toContain('Nu actie nodig');
    expect(post!.body.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Ochtendoverzicht opvang IJsselland · 25 mei 2022' } });
    expect(post!.body.text).toContain('Ochtendoverzicht opvang IJsselland 25 mei 2022: landelijk Oekraïners (noodopvang gemeenten): 84,5% bezet');

    const complete = bot.fake.last('files.completeUploadExternal')!;
    expect(complete.body.channel_id).toBe(DIGEST);
    expect(complete.body.thread_ts).toBe(ts);
    const upload = bot.fake.last('file_upload')!;
    expect((upload.body.content as Buffer).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    // The screen-reader text goes to Slack as alt_txt (the name files.getUploadURLExternal documents) and states the figures.
    const reserve = bot.fake.last('files.getUploadURLExternal')!;
    expect(reserve.body).not.toHaveProperty('alt_text');
    expect(reserve.body.alt_txt).toContain('landelijke bezettingsgraad Oekraïners (noodopvang gemeenten)');
    expect(reserve.body.alt_txt).toContain('84,5% op 25 mei');
    // Every target group with a target, each with its figure and its own targets.
    expect(reserve.body.alt_txt).toContain('Oekraïners (GOO): 0 op 25 mei; doel 2.000 (23 jun), doel 2.400 (31 jul).');
    expect(reserve.body.alt_txt).toContain('Crisisnoodopvang (CNO): 0 op 25 mei; doel 100.');
    expect(Number(reserve.body.length)).toBe((upload.body.content as Buffer).length);
    // The App Home shows this chart: its file id is remembered (when the outbox shared it), with an audit line.
    const fileId = JSON.parse(String(complete.body.files))[0].id;
    expect(bot.deps.db.prepare(`SELECT file_id AS fileId, channel_id AS channelId, day, alt_text AS altText FROM chart_files WHERE kind = 'digest'`).get()).toEqual({
      fileId,
      channelId: DIGEST,
      day: '2022-05-25',
      altText: reserve.body.alt_txt,
    });
    expect(bot.deps.db.prepare(`SELECT count(*) AS n FROM audit_log WHERE action = 'chart.uploaded'`).get()).toEqual({ n: 1 });
    // The stored ts is the message's in the channel, which carries the day's key in its metadata.
    expect(inChannel(bot)).toMatchObject([{ ts, metadata: { event_type: 'opvang_digest', event_payload: { key: `digest:${DIGEST}:2022-05-25` } } }]);
    expect(runRow(bot, '2022-05-25')).toMatchObject({ state: 'sent', attempts: 1, ts });
    expect(bot.fake.history.messagesIn(DIGEST).filter((m) => m.thread_ts === ts && m.files)).toHaveLength(1);
  });

  it('posts nothing before the scheduled time, and once per day however often the job runs, across a restart', async () => {
    const first = await start({ now: '2022-05-25T07:29:00+02:00' });
    expect((await run(first)).kind).toBe('not_due');
    first.clock.set('2022-05-25T07:30:00+02:00');
    await runDigestJob(first.deps, first.slack.client);
    first.clock.set('2022-05-25T07:45:00+02:00');
    await runDigestJob(first.deps, first.slack.client);
    expect(posts(first)).toHaveLength(1);

    await first.stop();
    const second = await start({ dir: first.dir, fake: first.fake, clock: first.clock });
    second.clock.set('2022-05-25T09:00:00+02:00');
    expect((await run(second)).kind).toBe('already_sent');
    expect(posts(second)).toHaveLength(1);

    second.clock.set('2022-05-26T07:29:00+02:00');
    expect((await run(second)).kind).toBe('not_due');
    second.clock.set('2022-05-26T07:30:00+02:00');
    expect((await run(second)).kind).toBe('sent');
    expect(posts(second)).toHaveLength(2);
    expect(visibleText(posts(second)[1]!.body)).toContain('26 mei 2022');
  });

  it('catches up once when the bot was down at 07:30, for that day only', async () => {
    const bot = await start({ now: '2022-05-27T11:10:00+02:00' });
    // Down on the 25th and 26th: nothing recorded. Back on the 27th at 11:10.
    expect((await run(bot)).kind).toBe('sent');
    expect((await run(bot)).kind).toBe('already_sent');
    expect(posts(bot)).toHaveLength(1);
    expect(visibleText(posts(bot)[0]!.body)).toContain('27 mei 2022');
    expect(runRow(bot, '2022-05-26')).toBeUndefined();
  });

  it('waits out a 429 (Retry-After) and a 500, and posts once when Slack takes it', async () => {
    const bot = await start({ now: '2022-05-25T07:30:00+02:00' });
    bot.fake.fail('chat.postMessage', { status: 429, retryAfter: 30 });
    bot.fake.fail('chat.postMessage', { status: 500 });
    const first = await run(bot);
    expect(first.kind).toBe('queued');
    expect(visibleText((await bot.command('digest')).json())).toContain('Slack nam het overzicht nog niet aan (rate limit (Retry-After 30 s), 1 poging)');
    // Nothing before the 30 seconds Slack asked for.
    bot.clock.set('2022-05-25T07:30:20+02:00');
    await bot.slack.outbox.drain();
    expect(posts(bot)).toHaveLength(1);
    await settleBot(bot);
    expect(inChannel(bot)).toHaveLength(1);
    expect(runRow(bot, '2022-05-25')).toMatchObject({ state: 'sent', attempts: 3, ts: inChannel(bot)[0]!.ts });
    // The 500 may have been taken: the bot looked before posting again.
    expect(bot.fake.callsTo('conversations.history')).toHaveLength(1);
    expect((await run(bot)).kind).toBe('already_sent');
  });

  it('a post Slack took but answered with a 500, a timeout or a dropped connection is found, not posted again', async () => {
    for (const fault of ['take_then_500', 'take_then_hang', 'take_then_drop'] as const) {
      const bot = await start({ now: '2022-05-25T07:30:00+02:00', env: { ...env, OUTBOX_TIMEOUT_MS: '300' } });
      bot.fake.fault('chat.postMessage', fault, 1, (body) => body.channel === DIGEST && !body.thread_ts);
      expect((await run(bot)).kind, fault).toBe('queued');
      await settleBot(bot);
      expect(inChannel(bot), fault).toHaveLength(1);
      expect(runRow(bot, '2022-05-25'), fault).toMatchObject({ state: 'sent', ts: inChannel(bot)[0]!.ts });
      // The chart went into the thread of that one message.
      expect(bot.fake.history.messagesIn(DIGEST).filter((m) => m.files).map((m) => m.thread_ts), fault).toEqual([inChannel(bot)[0]!.ts]);
    }
  });

  it('a crash between the claim and the result is reconciled at start: no uncertain day, and nothing twice', async () => {
    const first = await start({ now: '2022-05-25T07:30:00+02:00' });
    // Slack takes the digest and never answers; the bot stops before it hears anything.
    first.fake.fault('chat.postMessage', 'take_then_hang', 1, (body) => body.channel === DIGEST);
    void run(first).catch(() => undefined);
    await first.fake.waitFor(() => inChannel(first).length === 1);
    expect(runRow(first, '2022-05-25')!.state).toBe('sending');
    await first.crash();
    const second = await start({ dir: first.dir, fake: first.fake, clock: first.clock });
    await settleBot(second);
    expect(inChannel(second)).toHaveLength(1);
    expect(runRow(second, '2022-05-25')).toMatchObject({ state: 'sent', ts: inChannel(second)[0]!.ts });
    expect(second.logLines.some((l) => l.includes('"outbox.recovered"'))).toBe(true);
    expect(visibleText((await second.command('digest')).json())).toContain('Vandaag al gepost in <#C0DIGEST>');
  });

  it('a refusal that will not change (not_in_channel) fails at once: admins see it in /opvang digest and get a notice; `nu` posts it after the fix', async () => {
    const bot = await start({ now: '2022-05-25T07:30:00+02:00' });
    bot.fake.fail('chat.postMessage', { status: 200, error: 'not_in_channel' });
    expect((await run(bot)).kind).toBe('failed');
    await settleBot(bot);
    expect(runRow(bot, '2022-05-25')).toMatchObject({ state: 'failed', attempts: 1, lastError: 'not_in_channel' });
    expect(bot.fake.callsTo('chat.postMessage').filter((c) => c.body.channel === DIGEST)).toHaveLength(1);
    // /healthz names it for whoever watches the bot (503 is for a database that does not answer).
    const failing = await fetch(`${bot.url}/healthz`);
    expect(failing.status).toBe(200);
    expect(await failing.json()).toMatchObject({ outbox: { failed: 1, failedRows: [{ kind: 'digest', key: `digest:${DIGEST}:2022-05-25`, error: 'not_in_channel', attempts: 1 }] } });
    // The admins' notice, privately.
    const notices = bot.fake.history.messagesIn(`D${ADMIN}`).filter((m) => m.metadata?.event_type === 'opvang_admin_notice');
    expect(notices).toHaveLength(1);
    expect(visibleText(notices[0]!)).toContain('Opvangbot kon een bericht niet versturen: *ochtendoverzicht*');
    // The preview: for admins the failure and how to retry; for others only today's state.
    const preview = visibleText((await bot.command('digest')).json());
    expect(preview).toContain('Posten in <#C0DIGEST> is mislukt: de bot is geen lid van dat kanaal (Slack: `not_\u200din_\u200dchannel`, 1 poging).');
    expect(preview).toContain('Niet verstuurd (1)');
    expect(visibleText((await bot.command('digest', 'UVIEWER1')).json())).not.toContain('Niet verstuurd');
    // The job does not try again on its own; an admin does after the fix.
    bot.clock.set('2022-05-25T07:45:00+02:00');
    expect((await run(bot)).kind).toBe('failed');
    expect(visibleText((await bot.command('digest nu', ADMIN)).json())).toContain('Het ochtendoverzicht van vandaag staat in <#C0DIGEST>');
    expect(inChannel(bot)).toHaveLength(1);
    expect(runRow(bot, '2022-05-25')).toMatchObject({ state: 'sent' });
    const health = (await (await fetch(`${bot.url}/healthz`)).json()) as { outbox: { failed: number; failedRows: unknown[] }; lastDigest: { state: string } };
    expect(health).toMatchObject({ lastDigest: { state: 'sent' }, outbox: { failed: 0, failedRows: [] } });
  });

  it('still posts the text when the chart upload fails', async () => {
    const bot = await start({ now: '2022-05-25T07:30:00+02:00' });
    bot.fake.fail('files.getUploadURLExternal', { status: 200, error: 'not_allowed_token_type' });
    expect(await run(bot)).toMatchObject({ kind: 'sent', chart: 'failed' });
    expect(inChannel(bot)).toHaveLength(1);
    expect(bot.fake.callsTo('files.completeUploadExternal')).toHaveLength(0);
    expect(findOutboxRow(bot.deps.db, `digest:${DIGEST}:2022-05-25:chart`)).toMatchObject({ state: 'failed', lastError: 'not_allowed_token_type' });
  });

  it('opens with the open noodknop and the open shift, then progress, pace, changes since yesterday, statushouders and stale figures', async () => {
    const bot = await start({ now: '2022-06-01T07:30:00+02:00' });
    const db = bot.deps.db;
    const zwolle = insertLocation(bot, { municipality: 'Zwolle', name: 'Hotel Zwolle', stage: 'operationeel', places: 300, occupied: 250, at: '2022-05-18T08:00:00Z' });
    updateLocation(bot, zwolle, '2022-05-31T12:00:00Z', 'operationeel', 440, 300);
    insertLocation(bot, { municipality: 'Kampen', name: 'Sporthal Kampen', group: 'cno', stage: 'in_voorbereiding', places: 0, occupied: 0, at: '2022-05-20T08:00:00Z', by: 'UOLD1' });
    db.prepare(
      `INSERT INTO housing_quotas (municipality_id, half_year, quota, housed, carry_over, updated_at, updated_by)
       VALUES ((SELECT id FROM municipalities WHERE name = 'Zwolle'), '2022-I', 120, 80, 10, '2022-05-30T08:00:00Z', 'U1'),
              ((SELECT id FROM municipalities WHERE name = 'Ommen'), '2022-I', 20, 25, 0, '2022-05-30T08:00:00Z', 'U1')`,
    ).run();
    db.prepare(
      `INSERT INTO shifts (location_id, starts_at, ends_at, organisation, role, slack_user_id, person_name, created_at, created_by, updated_at, updated_by)
       VALUES (?, '2022-06-01T18:00:00Z', '2022-06-02T02:00:00Z', 'VRIJ', 'nachtdienst', NULL, NULL, 'x', 'U1', 'x', 'U1'),
              (?, '2022-06-01T10:00:00Z', '2022-06-01T18:00:00Z', 'COA', 'coördinator', 'UEDITOR1', NULL, 'x', 'U1', 'x', 'U1')`,
    ).run(zwolle, zwolle);
    db.prepare(
      `INSERT INTO noodknop_requests (persons, needed_by, state, requested_by, created_at, origin) VALUES (12, '2022-06-01T18:00:00Z', 'open', 'U1', '2022-05-31T20:00:00Z', 'Ter Apel')`,
    ).run();

    expect((await run(bot)).kind).toBe('sent');
    const body = posts(bot)[0]!.body;
    const text = visibleText(body);
    // What needs action comes first: the open request (before its time, with what is missing), then the open shift per day.
    expect(body.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Nu actie nodig' } });
    expect(visibleText({ blocks: [body.blocks[1]] })).toBe(':rotating_light: *Noodknop #1: nog 12 plekken nodig vóór wo 1 jun 20:00*\nNog geen aanbod · oproep van U1\nPlekken aanbieden');
    expect(visibleText({ blocks: [body.blocks[2]] })).toBe(':busts_in_silhouette: *Bemensing: 1 open dienst in de komende 48 uur*\nwo 1 jun: 1\nDienst nemen');
    expect(body.text).toMatch(/^Nu actie nodig: noodknop #1, nog 12 plekken nodig vóór wo 1 jun 20:00 · Ochtendoverzicht/);
    expect(text).toContain('*Oekraïners (GOO)*: 440 plekken, 300 bezet');
    expect(text).toContain('440 van 2.000 (22,0%) · nog 1.560 te gaan · nog 22 dagen');
    // 300 → 440 over the last 14 days: 10 a day; 1.560 left by 23 June needs 71 a day.
    expect(text).toContain(':warning: *23 juni niet haalbaar bij dit tempo: nog 1.560 plekken nodig*, 71 per dag (afgelopen 14 dagen: +140 plekken).');
    expect(text).not.toMatch(/dagen te laat/);
    expect(text).toContain('Hotel Zwolle (Zwolle): plekken 300 → 440 (+140), bezet 250 → 300 (+50)');
    expect(text).toContain('*Statushouders taakstelling 2022-I (jan–jun)*: 2 van 11 gemeenten ingevoerd · deze 2 gemeenten: 105 van 150 gehuisvest, achterstand 45 · stand van de regio onbekend zolang 9 gemeenten ontbreken');
    expect(text).toContain('Zwolle: 80 van 130 (taakstelling 120, achterstand vorig halfjaar 10) · :warning: achterstand 50');
    expect(text).toContain('Ommen: 25 van 20 · voorsprong 5');
    expect(text).toContain('Bemensing: 1 van 2 diensten in de komende 48 uur nog open.');
    expect(text).toContain('Sporthal Kampen (Kampen): 12 dagen oud, laatst bijgewerkt door <@UOLD1>');
    // Said once, at the top.
    expect(text.match(/Noodknop #1/g)).toHaveLength(1);
  });

  it('stays within 50 blocks and 3000 characters a section with 500 locations, summarising what does not fit', async () => {
    const bot = await start({ now: '2022-06-01T07:30:00+02:00' });
    const towns = ['Zwolle', 'Deventer', 'Kampen', 'Raalte', 'Hardenberg'];
    bot.deps.db.transaction(() => {
      for (let i = 0; i < 500; i++) {
        const stage = ['in_overweging', 'in_voorbereiding', 'operationeel'][i % 3]!;
        const id = insertLocation(bot, { municipality: towns[i % 5]!, name: `Locatie ${i} met een behoorlijk lange naam`, group: i % 2 ? 'oekrainers' : 'statushouders', stage, places: 10, occupied: 5, at: '2022-05-01T08:00:00Z', by: 'UOLD1' });
        if (i % 2 === 0) updateLocation(bot, id, '2022-05-31T18:00:00Z', stage, 12, 6);
      }
    })();
    expect((await run(bot)).kind).toBe('sent');
    const body = posts(bot)[0]!.body;
    expect(blockKitViolations('message', body)).toEqual([]);
    expect(body.blocks.length).toBeLessThanOrEqual(50);
    const text = visibleText(body);
    expect(text).toContain('*Sinds gisteren*: 250 locaties gewijzigd · +500 plekken, +250 bezet');
    expect(text).toMatch(/…en \d+ locaties meer: `\/opvang stand &lt;gemeente&gt;`/);
    expect(text).toMatch(/\*Verouderde cijfers\* \(ouder dan 7 dagen\): 251 locaties[\s\S]*…en \d+ locaties meer/);
  });
});

describe('/opvang digest', () => {
  it('previews today’s digest privately and says when it will be posted', async () => {
    const bot = await start({ now: '2022-05-25T06:00:00+02:00' });
    const reply = (await bot.command('digest', 'UVIEWER1')).json();
    expect(reply.response_type).toBe('ephemeral');
    const text = visibleText(reply);
    expect(text).toContain('Ochtendoverzicht opvang IJsselland · 25 mei 2022');
    expect(text).toContain('Wordt vandaag om 07:30 gepost in <#C0DIGEST>');
    expect(blockKitViolations('message', reply)).toEqual([]);
    expect(posts(bot)).toHaveLength(0);
  });

  it('lets only admins post now; that counts as today’s digest and is not repeated', async () => {
    const bot = await start({ now: '2022-05-25T06:00:00+02:00' });
    expect(visibleText((await bot.command('digest nu', 'UVIEWER1')).json())).toContain('Dit mag alleen een beheerder');
    expect(posts(bot)).toHaveLength(0);

    const now = visibleText((await bot.command('digest nu', ADMIN)).json());
    expect(now).toContain('Dit telt als het overzicht van vandaag');
    // The answer does not wait for the chart (drawing and uploading may take longer than the ack may); it follows in the thread.
    expect(now).toContain('de grafiek volgt zo in de draad');
    expect(posts(bot)).toHaveLength(1);
    const complete = await bot.fake.waitForCall('files.completeUploadExternal', 1, 30_000);
    expect(complete.body.thread_ts).toBe(runRow(bot, '2022-05-25')!.ts);
    expect(bot.deps.db.prepare(`SELECT actor, action FROM audit_log WHERE entity = 'digest'`).get()).toEqual({ actor: ADMIN, action: 'digest.post_now' });

    bot.clock.set('2022-05-25T07:30:00+02:00');
    expect((await run(bot)).kind).toBe('already_sent');
    const again = visibleText((await bot.command('digest nu', ADMIN)).json());
    expect(again).toContain('Het overzicht van vandaag is al om 06:00 gepost in <#C0DIGEST>. Er is niets opnieuw gepost');
    expect(posts(bot)).toHaveLength(1);
    expect(visibleText((await bot.command('digest')).json())).toContain('Vandaag al gepost in <#C0DIGEST> om 06:00');
  });
});

describe('"Sinds gisteren" across a daylight-saving change', () => {
  it('covers everything since the same wall-clock time yesterday: nothing falls between two digests', async () => {
    // Saturday 29 October 2022, 08:00 summer time: after Saturday's 07:30 digest.
    const bot = await startBot({ env, now: '2022-10-29T08:00:00+02:00' });
    bots.push(bot);
    const id = bot.deps.db.prepare("SELECT id FROM locations WHERE name = 'Woonunits Dalfsen'").pluck().get() as number;
    const { updateLocation } = await import('../../../src/features/capacity/figures.write');
    expect(updateLocation(bot.deps.db, { id, patch: { stage: 'operationeel', places: 40 }, actor: ADMIN, at: bot.clock.now() }).status).toBe('updated');
    const { loadDigest } = await import('../../../src/features/digest/digest.query');
    // Sunday 30 October, 07:30 winter time: 25 hours later.
    bot.clock.set('2022-10-30T07:30:00+01:00');
    const sunday = loadDigest(bot.deps.db, 'VR04', bot.clock.now(), 7);
    expect(sunday.changes.map((c) => [c.name, c.placesChange])).toEqual([['Woonunits Dalfsen', 40]]);
    // and a change shown on Sunday is not shown again on Monday
    bot.clock.set('2022-10-31T07:30:00+01:00');
    expect(loadDigest(bot.deps.db, 'VR04', bot.clock.now(), 7).changes).toEqual([]);
  });
});
