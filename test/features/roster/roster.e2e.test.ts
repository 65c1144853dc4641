import { settleBot } from '../../support/outbox';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { updateLocation } from '../../../src/features/capacity/figures.write';
import { postStaffingGaps, sendShiftReminders, warnLongStays } from '../../../src/features/roster/roster.jobs';
import { rosterFeature } from '../../../src/features/roster/roster.slack';
import { staffingGaps } from '../../../src/features/roster/roster.query';
import {
  ROSTER_PERIOD_EDIT,
  ROSTER_PERIOD_MODAL,
  ROSTER_IMPORT_MODAL,
  SHIFT_CLAIM,
  SHIFT_HAND_BACK,
  SHIFT_MODAL,
  SHIFT_PATTERN_MODAL,
  STAY_OUTFLOW_MODAL,
  STAY_OUTFLOW_OPEN,
} from '../../../src/blockkit/ids';
import { blockKitViolations } from '../../support/conformance/block-kit-rules';
import { grantRole } from '../../support/forms';
import { ADMIN, buttonClick, checked, date, multi, selected, startBot, text, time, user, viewOf, viewSubmission, visibleText, type TestBot } from '../../support/bot';

const TEAM = 'C0TEAM';
let bot: TestBot;
beforeEach(async () => {
  bot = await startBot({ env: { DIGEST_CHANNEL: TEAM } });
  // Taking and handing back shifts needs the editor role (the team's volunteers are editors).
  for (const volunteer of ['UVOL1', 'UVOL2', 'UVOL3']) grantRole(bot, volunteer, 'editor');
});
afterEach(async () => {
  await bot.close();
});

const client = () => bot.slack.client;
const audit = (action: string) => bot.deps.db.prepare('SELECT actor, entity_id AS entityId, before_json AS beforeJson, after_json AS afterJson FROM audit_log WHERE action = ? ORDER BY id').all(action) as any[];
const shiftRows = () => bot.deps.db.prepare('SELECT id, starts_at AS startsAt, ends_at AS endsAt, slack_user_id AS userId, person_name AS name FROM shifts ORDER BY starts_at, id').all() as any[];

async function submit(callbackId: string, fields: Record<string, any>, submitter = ADMIN, privateMetadata?: string) {
  const res = await bot.interact(viewSubmission(callbackId, submitter, fields, { privateMetadata }));
  expect(res.status).toBe(200);
  return res.text ? res.json() : {};
}

/** Open shifts as the pattern modal makes them. */
async function pattern(from: string, through: string, slots = '07-15, 15-23, 23-07', perSlot = '1') {
  return submit(SHIFT_PATTERN_MODAL, {
    from: date(from),
    through: date(through),
    slots: text(slots),
    per_slot: text(perSlot),
    organisation: selected('COA'),
    role: text('Begeleider'),
  });
}

async function addShift(fields: Record<string, any>, submitter = ADMIN) {
  return submit(SHIFT_MODAL, { organisation: selected('VRIJ'), role: text('Coördinator'), ...fields }, submitter);
}

describe('/opvang rooster: the duty rotation', () => {
  it('shows who is on duty on a given date, shared slots together, and says honestly that IJsselland is not in the known roster', async () => {
    bot.clock.set('2022-06-20T10:00:00+02:00');
    const reply = (await bot.command('rooster', 'UREADER1')).json();
    const shown = visibleText(reply);
    expect(shown).toContain('CNO-rooster · 20 juni 2022');
    expect(shown).toContain('dienst: Midden- en West-Brabant, Gelderland-Zuid, Gelderland-Midden, Gooi en Vechtstreek + Flevoland');
    expect(shown).toContain('IJsselland staat niet in het bekende rooster (bekend t/m 28 juni 2022)');
    expect(shown).not.toContain('Periode toevoegen');
    expect(blockKitViolations('message', reply)).toEqual([]);
  });

  it('lists the coming periods before the rotation starts, with admin controls for admins', async () => {
    const reply = (await bot.command('rooster')).json();
    const shown = visibleText(reply);
    expect(shown).toContain('*Vandaag* heeft geen regio CNO-dienst');
    expect(shown).toContain('• wo 1 jun t/m di 14 jun: Amsterdam-Amstelland, Groningen, Fryslân, Zeeland · 150 plekken');
    expect(shown).toContain('• wo 15 jun t/m di 28 jun: Midden- en West-Brabant');
    expect(shown).toContain('Periode toevoegen');
    expect(shown).toContain('Importeren (CSV)');
    expect(blockKitViolations('message', reply)).toEqual([]);
  });

  it('lets an admin add a period in the modal, refuses an overlap for the same region, and shows our countdown', async () => {
    await bot.command('rooster periode');
    const opened = viewOf(await bot.fake.waitForCall('views.open'));
    expect(opened.callback_id).toBe(ROSTER_PERIOD_MODAL);
    expect(blockKitViolations('modal', opened)).toEqual([]);

    const overlap = await submit(ROSTER_PERIOD_MODAL, { regions: multi('VR04', 'VR13'), from: date('2022-06-10'), through: date('2022-06-23'), places: text('150') }, ADMIN, '{"id":null}');
    expect(overlap.response_action).toBe('errors');
    expect(overlap.errors.regions).toContain('Amsterdam-Amstelland heeft al dienst van 1 juni 2022 t/m 14 juni 2022');

    const reversed = await submit(ROSTER_PERIOD_MODAL, { regions: multi('VR04'), from: date('2022-07-10'), through: date('2022-06-29') }, ADMIN, '{"id":null}');
    expect(reversed.errors.through).toBe('De laatste dag ligt vóór de eerste dag.');

    const saved = await submit(ROSTER_PERIOD_MODAL, { regions: multi('VR04'), from: date('2022-06-29'), through: date('2022-07-12'), places: text('150'), note: text('<!channel> eigen regio') }, ADMIN, '{"id":null}');
    expect(saved.response_action).toBe('update');
    expect(visibleText(saved.view)).toContain('Opgeslagen: IJsselland, 29 juni 2022 t/m 12 juli 2022');
    expect(audit('roster.period.create')).toHaveLength(1);

    bot.clock.set('2022-06-20T10:00:00+02:00');
    expect(visibleText((await bot.command('rooster')).json())).toContain('IJsselland heeft de volgende dienst over 9 dagen: 29 juni 2022 t/m 12 juli 2022');
  });

  it('edits and deletes a period through the select, audited', async () => {
    const id = bot.deps.db.prepare(`SELECT period_id FROM cno_duty_period_regions WHERE region_code = 'VR19'`).pluck().get() as number;
    await bot.interact({
      ...buttonClick(ROSTER_PERIOD_EDIT, ADMIN),
      actions: [{ type: 'static_select', action_id: ROSTER_PERIOD_EDIT, block_id: 'roster_admin', selected_option: { value: String(id), text: { type: 'plain_text', text: 'x' } }, action_ts: '1.2' }],
    });
    const view = viewOf(await bot.fake.waitForCall('views.open'));
    expect(JSON.parse(view.private_metadata)).toMatchObject({ id });
    expect(view.blocks[0].element.initial_options.map((o: any) => o.value)).toEqual(['VR19']);

    const changed = await submit(ROSTER_PERIOD_MODAL, { regions: multi('VR19', 'VR04'), from: date('2022-06-01'), through: date('2022-06-14'), places: text('150') }, ADMIN, JSON.stringify({ id }));
    expect(changed.response_action).toBe('update');
    expect(JSON.parse(audit('roster.period.update')[0].afterJson).regions).toEqual(['VR04', 'VR19']);

    const deleted = await submit(ROSTER_PERIOD_MODAL, { regions: multi('VR19'), from: date('2022-06-01'), through: date('2022-06-14'), delete: checked('yes') }, ADMIN, JSON.stringify({ id }));
    expect(visibleText(deleted.view)).toContain('Verwijderd');
    expect(audit('roster.period.delete')).toHaveLength(1);
    expect(bot.deps.db.prepare('SELECT count(*) FROM cno_duty_periods WHERE id = ?').pluck().get(id)).toBe(0);
  });

  it('imports periods from CSV all or nothing, with line-numbered errors', async () => {
    const before = bot.deps.db.prepare('SELECT count(*) FROM cno_duty_periods').pluck();
    const count = before.get();
    const bad = await submit(ROSTER_IMPORT_MODAL, { csv: text('Van;Tot en met;Regio\'s;Plekken\n29-6-2022;12-7-2022;IJsselland;150\n29-6-2022;12-7-2022;Zeeland;150\n10-6-2022;20-6-2022;Gelderland-Zuid;150\n20-6-2022;30-6-2022;Amsterdam-Amstelland+Groningen+Nergenshuizen;150') });
    expect(bad.response_action).toBe('errors');
    expect(bad.errors.csv).toContain('regel 5: onbekende regio "Nergenshuizen"');
    expect(bad.errors.csv).toContain('Er is niets opgeslagen.');
    expect(before.get()).toBe(count);
    const conflict = await submit(ROSTER_IMPORT_MODAL, { csv: text('29-6-2022;12-7-2022;IJsselland;150\n10-6-2022;20-6-2022;Gelderland-Zuid;150') });
    expect(conflict.errors.csv).toBe('regel 2: VR08 heeft al dienst van 15 juni 2022 t/m 28 juni 2022 (bestaande periode)\nEr is niets opgeslagen.');
    expect(before.get()).toBe(count);

    const good = await submit(ROSTER_IMPORT_MODAL, { csv: text('29-6-2022;12-7-2022;IJsselland;150\n13-7-2022;26-7-2022;Gelderland-Zuid;150') });
    expect(visibleText(good.view)).toContain('2 perioden geïmporteerd');
    expect(before.get()).toBe((count as number) + 2);
    expect(audit('roster.period.import')).toHaveLength(1);
  });

  it("opens the import and shift forms inside Slack's limits", async () => {
    for (const [i, sub] of ['import', 'dienst', 'periode', 'patroon'].entries()) {
      await bot.command(`rooster ${sub}`);
      const view = viewOf(await bot.fake.waitForCall('views.open', i + 1));
      expect(blockKitViolations('modal', view)).toEqual([]);
      expect(view.title.text.length).toBeLessThanOrEqual(24);
    }
    expect(visibleText((await bot.command('rooster onzin')).json())).toContain('Onbekend: `rooster onzin`');
  });

  it('refuses admin forms to non-admins', async () => {
    const reply = (await bot.command('rooster periode', 'UREADER1')).json();
    expect(visibleText(reply)).toContain('Dit mag alleen een beheerder');
    const res = await submit(ROSTER_PERIOD_MODAL, { regions: multi('VR04'), from: date('2022-06-29'), through: date('2022-07-12') }, 'UREADER1', '{"id":null}');
    expect(res.response_action).toBe('errors');
    expect(Object.values(res.errors).join()).toContain('Dit mag alleen een beheerder');
    expect(bot.deps.db.prepare(`SELECT count(*) FROM cno_duty_period_regions WHERE region_code = 'VR04'`).pluck().get()).toBe(0);
  });
});

describe('staffing shifts', () => {
  it('the pattern modal makes open shifts for every day of our duty period, and diensten shows them with buttons', async () => {
    bot.deps.db.prepare(`INSERT INTO cno_duty_periods (starts_on, ends_on, places, created_at, created_by) VALUES ('2022-06-29', '2022-07-13', 150, '2022-06-01T00:00:00Z', 'seed')`).run();
    bot.deps.db.prepare(`INSERT INTO cno_duty_period_regions (period_id, region_code) VALUES (last_insert_rowid(), 'VR04')`).run();
    await bot.command('rooster patroon');
    const view = viewOf(await bot.fake.waitForCall('views.open'));
    expect(view.blocks.find((b: any) => b.block_id === 'from').element.initial_date).toBe('2022-06-29');
    expect(view.blocks.find((b: any) => b.block_id === 'through').element.initial_date).toBe('2022-07-12');
    expect(blockKitViolations('modal', view)).toEqual([]);

    const bad = await pattern('2022-06-29', '2022-07-12', '07-15, 15-25');
    expect(bad.errors.slots).toContain('15-25');
    const done = await pattern('2022-06-29', '2022-07-12', '07-15, 15-23, 23-07', '2');
    expect(visibleText(done.view)).toContain('84 open diensten gemaakt');
    expect(shiftRows()).toHaveLength(84);
    expect(audit('shift.pattern')).toHaveLength(1);

    bot.clock.set('2022-06-29T06:00:00+02:00');
    const reply = (await bot.command('rooster diensten', 'UVOL1')).json();
    const shown = visibleText(reply);
    expect(shown).toContain('42 diensten, *42 open*');
    expect(shown).toContain(':red_circle: *OPEN* (2×) 23:00–07:00 (+1) · COA · Begeleider');
    expect(shown).toContain('Ik neem deze dienst: 07:00–15:00 · COA (2 open)');
    expect(blockKitViolations('message', reply)).toEqual([]);
    expect(reply.blocks.length).toBeLessThanOrEqual(50);
    if (process.env.SHOW) console.log(shown);
  });

  it('stays inside the limits with many different shifts in a week, summarising instead of truncating silently', async () => {
    const slots = Array.from({ length: 30 }, (_, i) => `${String(i % 24).padStart(2, '0')}:${String((i * 2) % 60).padStart(2, '0')}-${String((i + 1) % 24).padStart(2, '0')}:00`).join(', ');
    await pattern('2022-06-01', '2022-06-07', slots);
    bot.clock.set('2022-05-31T22:00:00+02:00');
    const reply = (await bot.command('rooster diensten')).json();
    expect(blockKitViolations('message', reply)).toEqual([]);
    expect(visibleText(reply)).toContain('soorten open diensten meer op deze dag');
  });

  it('refuses a shift that ends before it starts and a person on two overlapping shifts; a DST night keeps its real length', async () => {
    const reversed = await addShift({ date: date('2022-06-13'), start: time('15:00'), end: time('07:00') });
    expect(reversed.errors.end).toContain('Vink "eindigt de volgende dag" aan');

    const night = await addShift({ date: date('2022-10-29'), start: time('23:00'), end: time('07:00'), next_day: checked('yes'), person: user('UVOL1') });
    expect(night.response_action).toBe('update');
    expect(visibleText(night.view)).toContain('(9 uur)');
    expect(shiftRows()[0]).toMatchObject({ startsAt: '2022-10-29T21:00:00.000Z', endsAt: '2022-10-30T06:00:00.000Z', userId: 'UVOL1' });

    const clash = await addShift({ date: date('2022-10-30'), start: time('06:00'), end: time('14:00'), person: user('UVOL1') });
    expect(clash.errors.person).toContain('Deze persoon heeft dan al een dienst: za 29 okt 23:00–07:00 (+1)');

    await addShift({ date: date('2022-06-13'), start: time('07:00'), end: time('15:00'), person_name: text('Jan de Vries') });
    const nameClash = await addShift({ date: date('2022-06-13'), start: time('14:00'), end: time('22:00'), person_name: text('jan de vries') });
    expect(nameClash.errors.person_name).toContain('heeft dan al een dienst');
    const both = await addShift({ date: date('2022-06-14'), start: time('07:00'), end: time('15:00'), person: user('UVOL2'), person_name: text('Piet') });
    expect(both.errors.person_name).toContain('niet allebei');
    expect(shiftRows()).toHaveLength(2);
  });

  it('claiming: the first click gets the shift, the list is refreshed; the same person cannot be on two overlapping shifts', async () => {
    await pattern('2022-06-13', '2022-06-13', '07-15, 08-16');
    bot.clock.set('2022-06-12T12:00:00+02:00');
    const [early, late] = shiftRows();
    const url = bot.fake.responseUrl('claim1');
    await bot.interact(buttonClick(SHIFT_CLAIM, 'UVOL1', { value: `list:${early.id}`, responseUrl: url }));
    const answer = await bot.fake.waitForCall('response_url');
    expect(answer.body.replace_original).toBe(true);
    expect(visibleText(answer.body)).toContain(':white_check_mark: De dienst is van jou: ma 13 jun 07:00–15:00 · COA · Begeleider');
    expect(visibleText(answer.body)).toContain('Dienst teruggeven: ma 13 jun 07:00–15:00');
    expect(blockKitViolations('message', answer.body)).toEqual([]);

    await bot.interact(buttonClick(SHIFT_CLAIM, 'UVOL1', { value: `list:${late.id}`, responseUrl: url }));
    const second = await bot.fake.waitForCall('response_url', 2);
    expect(visibleText(second.body)).toContain('Je hebt dan al een dienst (ma 13 jun 07:00–15:00');
    expect(shiftRows().map((s) => s.userId)).toEqual(['UVOL1', null]);
    expect(audit('shift.claim')).toHaveLength(1);
  });

  it('two people clicking at once: one gets the shift, the other a polite "al genomen"', async () => {
    await pattern('2022-06-13', '2022-06-13', '07-15');
    bot.clock.set('2022-06-12T12:00:00+02:00');
    const [shift] = shiftRows();
    await Promise.all([
      bot.interact(buttonClick(SHIFT_CLAIM, 'UVOL1', { value: `channel:${shift.id}`, responseUrl: bot.fake.responseUrl('a') })),
      bot.interact(buttonClick(SHIFT_CLAIM, 'UVOL2', { value: `channel:${shift.id}`, responseUrl: bot.fake.responseUrl('b') })),
    ]);
    await bot.fake.waitForCall('response_url', 2);
    const texts = bot.fake.callsTo('response_url').map((c) => c.body.text as string);
    expect(texts.filter((t) => t.includes('De dienst is van jou'))).toHaveLength(1);
    const refused = texts.find((t) => t.includes('al genomen'))!;
    expect(refused).toMatch(/Helaas, deze dienst is al genomen door <@UVOL[12]>/);
    const holder = shiftRows()[0].userId;
    expect(refused).toContain(`<@${holder}>`);
    expect(audit('shift.claim')).toHaveLength(1);
    expect(bot.deps.db.prepare('SELECT version FROM shifts').pluck().get()).toBe(2);
  });

  it('a button for identical open shifts hands out one each until they are gone', async () => {
    await pattern('2022-06-13', '2022-06-13', '07-15', '2');
    bot.clock.set('2022-06-12T12:00:00+02:00');
    const value = `channel:${shiftRows().map((s) => s.id).join(',')}`;
    for (const [i, who] of ['UVOL1', 'UVOL2', 'UVOL3'].entries()) {
      await bot.interact(buttonClick(SHIFT_CLAIM, who, { value, responseUrl: bot.fake.responseUrl(`g${i}`) }));
      await bot.fake.waitForCall('response_url', i + 1);
    }
    const texts = bot.fake.callsTo('response_url').map((c) => c.body.text as string);
    expect(texts[0]).toContain('De dienst is van jou');
    expect(texts[1]).toContain('De dienst is van jou');
    expect(texts[2]).toContain('al genomen');
    expect(shiftRows().map((s) => s.userId).sort()).toEqual(['UVOL1', 'UVOL2']);
  });

  it('handing back reopens the shift and tells the team channel, with a button to take it', async () => {
    await addShift({ date: date('2022-06-13'), start: time('07:00'), end: time('15:00'), person: user('UVOL1') });
    bot.clock.set('2022-06-12T12:00:00+02:00');
    const [shift] = shiftRows();
    await bot.interact(buttonClick(SHIFT_HAND_BACK, 'UVOL2', { value: String(shift.id), responseUrl: bot.fake.responseUrl('h0') }));
    expect(visibleText((await bot.fake.waitForCall('response_url')).body)).toContain('Dit is niet (meer) jouw dienst.');

    await bot.interact(buttonClick(SHIFT_HAND_BACK, 'UVOL1', { value: String(shift.id), responseUrl: bot.fake.responseUrl('h1') }));
    const post = await bot.fake.waitForCall('chat.postMessage');
    expect(post.body.channel).toBe(TEAM);
    expect(visibleText(post.body)).toContain('<@UVOL1> heeft een dienst teruggegeven; hij is weer open:\nma 13 jun 07:00–15:00 · Veiligheidsregio · Coördinator');
    expect(visibleText(post.body)).toContain('Ik neem deze dienst: ma 13 jun 07:00–15:00 · Veiligheidsregio');
    expect(visibleText((await bot.fake.waitForCall('response_url', 2)).body)).toContain('Je hebt de dienst teruggegeven');
    expect(shiftRows()[0].userId).toBeNull();
    expect(audit('shift.hand_back')).toHaveLength(1);
  });
});

describe('reminders and gaps', () => {
  it('DMs the day before and an hour before, never twice, also across a restart, and sends what fell due while down', async () => {
    await addShift({ date: date('2022-06-14'), start: time('07:00'), end: time('15:00'), person: user('UVOL1') });
    await addShift({ date: date('2022-06-14'), start: time('15:00'), end: time('23:00'), person: user('UVOL2') });
    const dms = () => bot.fake.callsTo('chat.postMessage').filter((c) => String(c.body.channel).startsWith('D'));

    bot.clock.set('2022-06-13T06:30:00+02:00');
    await sendShiftReminders(bot.deps, client());
    expect(dms()).toHaveLength(0);

    bot.clock.set('2022-06-13T07:05:00+02:00');
    await sendShiftReminders(bot.deps, client());
    await sendShiftReminders(bot.deps, client());
    expect(bot.fake.callsTo('conversations.open')[0]!.body.users).toBe('UVOL1');
    expect(dms()).toHaveLength(1);
    expect(dms()[0]!.body.channel).toBe('DUVOL1');
    expect(dms()[0]!.body.text).toBe('Herinnering: je dienst begint morgen om 07:00');

    // Restart on the same database; the bot was down while UVOL2's day-before reminder fell due.
    const { dir, fake, clock } = bot;
    await bot.stop();
    bot = await startBot({ dir, fake, clock, env: { DIGEST_CHANNEL: TEAM }, seed: false });
    clock.set('2022-06-14T06:10:00+02:00');
    await sendShiftReminders(bot.deps, client());
    await sendShiftReminders(bot.deps, client());
    expect(dms().map((c) => c.body.text)).toEqual([
      'Herinnering: je dienst begint morgen om 07:00',
      'Herinnering: je dienst begint om 07:00 (over 50 minuten)',
      'Herinnering: je dienst begint vandaag om 15:00',
    ]);
    clock.set('2022-06-14T14:05:00+02:00');
    await sendShiftReminders(bot.deps, client());
    expect(dms()).toHaveLength(4);
    expect(dms()[3]!.body.channel).toBe('DUVOL2');
    expect(bot.deps.db.prepare(`SELECT count(*) FROM outbox WHERE kind = 'shift_reminder' AND state = 'sent'`).pluck().get()).toBe(4);
    // Each reminder once in Slack, under its key, in the holder's direct message.
    expect(bot.fake.history.allMessages().filter((m) => m.metadata?.event_type === 'opvang_shift_reminder').map((m) => m.metadata!.event_payload.key).sort()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^shift:\d+:UVOL1:day_before$/), expect.stringMatching(/^shift:\d+:UVOL1:hour_before$/), expect.stringMatching(/^shift:\d+:UVOL2:day_before$/), expect.stringMatching(/^shift:\d+:UVOL2:hour_before$/)]),
    );
    await bot.close();
    await fake.stop();
    bot = await startBot();
  });

  it('delivers a reminder Slack did not take at first, once', async () => {
    await addShift({ date: date('2022-06-14'), start: time('07:00'), end: time('15:00'), person: user('UVOL1') });
    bot.clock.set('2022-06-13T08:00:00+02:00');
    bot.fake.fail('chat.postMessage', { status: 200, error: 'service_unavailable' });
    await sendShiftReminders(bot.deps, client());
    expect(bot.fake.history.messagesIn('DUVOL1')).toHaveLength(0);
    await settleBot(bot);
    await sendShiftReminders(bot.deps, client());
    await settleBot(bot);
    expect(bot.fake.history.messagesIn('DUVOL1').map((m) => m.text)).toEqual(['Herinnering: je dienst begint morgen om 07:00']);
  });

  it('posts the staffing gaps of the next 48 hours to the team channel once a day, from 07:00', async () => {
    await pattern('2022-06-13', '2022-06-16', '07-15, 15-23');
    await addShift({ date: date('2022-06-13'), start: time('23:00'), end: time('07:00'), next_day: checked('yes'), person: user('UVOL1') });
    bot.clock.set('2022-06-13T06:00:00+02:00');
    await postStaffingGaps(bot.deps, client());
    expect(bot.fake.callsTo('chat.postMessage')).toHaveLength(0);

    bot.clock.set('2022-06-13T07:00:00+02:00');
    expect(staffingGaps(bot.deps.db, bot.clock.now(), new Date(bot.clock.now().getTime() + 48 * 3600_000))).toHaveLength(4);
    await postStaffingGaps(bot.deps, client());
    bot.clock.set('2022-06-13T11:00:00+02:00');
    await postStaffingGaps(bot.deps, client());
    const posts = bot.fake.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body.channel).toBe(TEAM);
    const shown = visibleText(posts[0]!.body);
    expect(shown).toContain('Open diensten in de komende 48 uur: 4');
    expect(shown).toContain('• ma 13 jun 07:00–15:00 · COA · Begeleider');
    expect(shown).not.toContain('23:00–07:00');
    expect(shown).toContain('Ik neem deze dienst: di 14 jun 15:00–23:00 · COA');

    bot.clock.set('2022-06-14T07:00:00+02:00');
    await postStaffingGaps(bot.deps, client());
    expect(bot.fake.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('declares its jobs with runAtStart', () => {
    expect(rosterFeature.jobs?.map((j) => [j.name, j.runAtStart])).toEqual([
      ['roster.reminders', true],
      ['roster.gaps', true],
      ['roster.stays', true],
    ]);
  });
});

describe('the 14-day rule', () => {
  function cnoLocation(): number {
    const db = bot.deps.db;
    return Number(
      db
        .prepare(
          `INSERT INTO locations (municipality_id, name, target_group, stage, places, occupied, created_at, created_by, updated_at, updated_by)
           VALUES ((SELECT id FROM municipalities WHERE name = 'Ommen'), 'Sporthal Ommen', 'cno', 'operationeel', 75, 0, '2022-06-01T08:00:00Z', 'seed', '2022-06-01T08:00:00Z', 'seed')`,
        )
        .run().lastInsertRowid,
    );
  }

  it('counts guests from day 12 in stand, warns the team once on day 12, and records the outflow destination', async () => {
    const id = cnoLocation();
    updateLocation(bot.deps.db, { id, patch: { occupied: 30 }, actor: 'UEDITOR1', at: new Date('2022-06-01T12:00:00+02:00') });
    updateLocation(bot.deps.db, { id, patch: { occupied: 42 }, actor: 'UEDITOR1', at: new Date('2022-06-05T12:00:00+02:00') });

    // Day 10: nobody is due yet under the one rule (day 12 of 14).
    bot.clock.set('2022-06-11T09:00:00+02:00');
    const stand = visibleText((await bot.command('stand')).json());
    expect(stand).toContain('In CNO-opvang: 42 personen; niemand al 12 dagen of langer (14-dagenregel).');
    expect(stand).not.toContain('Uitstroom vastleggen');

    bot.clock.set('2022-06-12T09:00:00+02:00');
    await warnLongStays(bot.deps, client());
    expect(bot.fake.callsTo('chat.postMessage')).toHaveLength(0);

    bot.clock.set('2022-06-13T09:00:00+02:00');
    await warnLongStays(bot.deps, client());
    await warnLongStays(bot.deps, client());
    const posts = bot.fake.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body.channel).toBe(TEAM);
    const shown = visibleText(posts[0]!.body);
    expect(shown).toContain('30 personen zijn 12 dagen of langer in de CNO zonder uitstroombestemming');
    expect(shown).toContain('*30 personen* in Sporthal Ommen · aangekomen 1 juni · *12 dagen* in de CNO · uitstroom uiterlijk 15 juni');
    // The same day, the same rule in the stand: at the top, with the button.
    const due = (await bot.command('stand')).json();
    expect(due.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Nu actie nodig' } });
    expect(visibleText(due)).toContain('*Uitstroom vastleggen: 30 personen 12 dagen of langer in de CNO*');
    expect(visibleText(due)).toContain('In CNO-opvang: 42 personen, van wie 30 al 12 dagen of langer (14-dagenregel); 30 nog zonder uitstroombestemming.');
    expect(blockKitViolations('message', posts[0]!.body)).toEqual([]);
    const stayId = JSON.parse(JSON.stringify(posts[0]!.body.blocks)).find((b: any) => b.accessory)?.accessory.value;

    // A reader may not record it; an editor may.
    await bot.interact(buttonClick(STAY_OUTFLOW_OPEN, 'UREADER1', { value: stayId, responseUrl: bot.fake.responseUrl('o0') }));
    expect((await bot.fake.waitForCall('response_url')).body.text).toContain('Hiervoor heb je de rol bewerker nodig. Er is niets opgeslagen. Vraag <@UADMIN1>');
    bot.deps.db.prepare(`INSERT INTO user_roles (slack_user_id, role, granted_by, granted_at) VALUES ('UEDITOR1', 'editor', 'UADMIN1', '2022-06-01T00:00:00Z')`).run();
    await bot.interact(buttonClick(STAY_OUTFLOW_OPEN, 'UEDITOR1', { value: stayId }));
    const modal = viewOf(await bot.fake.waitForCall('views.open'));
    expect(modal.callback_id).toBe(STAY_OUTFLOW_MODAL);
    expect(modal.blocks[0].element.initial_option.value).toBe(stayId);
    expect(blockKitViolations('modal', modal)).toEqual([]);

    const saved = await submit(STAY_OUTFLOW_MODAL, { stay: selected(stayId), destination: text('AZC <Zwolle>') }, 'UEDITOR1');
    expect(visibleText(saved.view)).toContain('uitstroom naar AZC &lt;Zwolle&gt;');
    expect(audit('cno_stay.outflow')[0]).toMatchObject({ actor: 'UEDITOR1', entityId: stayId, afterJson: JSON.stringify({ outflowDestination: 'AZC <Zwolle>' }) });

    const after = visibleText((await bot.command('stand')).json());
    expect(after).toContain('In CNO-opvang: 42 personen, van wie 30 al 12 dagen of langer (14-dagenregel).');
    expect(after).not.toContain('Uitstroom vastleggen');

    // The second group (arrived 5 June) reaches day 12 on 17 June: warned then, once.
    bot.clock.set('2022-06-17T09:00:00+02:00');
    await warnLongStays(bot.deps, client());
    expect(visibleText(bot.fake.callsTo('chat.postMessage')[1]!.body)).toContain('*12 personen* in Sporthal Ommen');
  });

  it("counts and warns only about stays in the bot's own region, as the digest does", async () => {
    const db = bot.deps.db;
    const ours = cnoLocation();
    db.prepare(`INSERT INTO municipalities (region_code, name) VALUES ('VR06', 'Apeldoorn')`).run();
    const theirs = Number(
      db
        .prepare(
          `INSERT INTO locations (municipality_id, name, target_group, stage, places, occupied, created_at, created_by, updated_at, updated_by)
           VALUES ((SELECT id FROM municipalities WHERE name = 'Apeldoorn'), 'Hal Apeldoorn', 'cno', 'operationeel', 150, 0, '2022-06-01T08:00:00Z', 'seed', '2022-06-01T08:00:00Z', 'seed')`,
        )
        .run().lastInsertRowid,
    );
    updateLocation(db, { id: ours, patch: { occupied: 30 }, actor: 'UEDITOR1', at: new Date('2022-06-01T12:00:00+02:00') });
    updateLocation(db, { id: theirs, patch: { occupied: 100 }, actor: 'UEDITOR1', at: new Date('2022-06-01T12:00:00+02:00') });

    bot.clock.set('2022-06-13T09:00:00+02:00');
    const stand = visibleText((await bot.command('stand')).json());
    expect(stand).toContain('In CNO-opvang: 30 personen, van wie 30 al 12 dagen of langer (14-dagenregel); 30 nog zonder uitstroombestemming.');

    bot.clock.set('2022-06-13T09:00:00+02:00');
    await warnLongStays(bot.deps, client());
    const posts = bot.fake.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    const shown = visibleText(posts[0]!.body);
    expect(shown).toContain('30 personen zijn 12 dagen of langer');
    expect(shown).not.toContain('Hal Apeldoorn');
    // The other region's group is not marked as warned: that is their team's business.
    expect(db.prepare('SELECT warned_at FROM cno_stays WHERE location_id = ?').pluck().get(theirs)).toBeNull();

    bot.deps.db.prepare(`INSERT INTO user_roles (slack_user_id, role, granted_by, granted_at) VALUES ('UEDITOR1', 'editor', 'UADMIN1', '2022-06-01T00:00:00Z')`).run();
    await bot.command('rooster uitstroom', 'UEDITOR1');
    const modal = viewOf(await bot.fake.waitForCall('views.open'));
    expect(JSON.stringify(modal)).toContain('Sporthal Ommen');
    expect(JSON.stringify(modal)).not.toContain('Hal Apeldoorn');
  });

  it('/opvang rooster uitstroom opens the modal, or says nobody is in CNO', async () => {
    bot.deps.db.prepare(`INSERT INTO user_roles (slack_user_id, role, granted_by, granted_at) VALUES ('UEDITOR1', 'editor', 'UADMIN1', '2022-06-01T00:00:00Z')`).run();
    expect(visibleText((await bot.command('rooster uitstroom', 'UEDITOR1')).json())).toContain('Er verblijven nu geen groepen');
    const id = cnoLocation();
    updateLocation(bot.deps.db, { id, patch: { occupied: 10 }, actor: 'UEDITOR1', at: new Date('2022-06-01T12:00:00+02:00') });
    await bot.command('rooster uitstroom', 'UEDITOR1');
    expect(viewOf(await bot.fake.waitForCall('views.open')).callback_id).toBe(STAY_OUTFLOW_MODAL);
  });
});
