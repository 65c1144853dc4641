import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runNoodknopEscalation } from '../../../src/features/noodknop/noodknop.slack';
import {
  NOODKNOP_CANCEL_OPEN,
  NOODKNOP_CANCEL_VIEW,
  NOODKNOP_FOLLOW_UP_OPEN,
  NOODKNOP_HOME_OPEN,
  NOODKNOP_OFFER_EDIT,
  NOODKNOP_OFFER_OPEN,
  NOODKNOP_OFFER_VIEW,
  NOODKNOP_OFFER_WITHDRAW,
  NOODKNOP_PLACE_OPEN,
  NOODKNOP_PLACE_VIEW,
  NOODKNOP_REQUEST_VIEW,
} from '../../../src/blockkit/ids';
import { blockKitViolations } from '../../support/conformance/block-kit-rules';
import { findOutboxRow } from '../../../src/outbox/outbox.store';
import { settleBot } from '../../support/outbox';
import type { RecordedCall } from '../../support/fake-slack';
import { ADMIN, buttonClick, checked, date, initialState, selected, startBot, text, time, viewOf, viewSubmission, visibleText, type StateValue, type TestBot } from '../../support/bot';

const NOOD = 'C0NOOD';
const EDITOR = 'UEDITOR1';
const EDITOR2 = 'UEDITOR2';
const EDITOR3 = 'UEDITOR3';
const READER = 'UREADER1';
const env = { NOODKNOP_CHANNEL: NOOD };

let bot: TestBot;
let ommen: number;
let zwolle: number;

function grantEditor(b: TestBot, ...users: string[]) {
  const insert = b.deps.db.prepare(`INSERT INTO user_roles (slack_user_id, role, granted_by, granted_at) VALUES (?, 'editor', ?, '2022-05-01T00:00:00Z') ON CONFLICT DO NOTHING`);
  for (const u of users) insert.run(u, ADMIN);
}

function addLocation(b: TestBot, municipality: string, name: string, group: string, places: number, occupied: number, stage = 'operationeel'): number {
  return Number(
    b.deps.db
      .prepare(
        `INSERT INTO locations (municipality_id, name, target_group, stage, places, occupied, created_at, created_by, updated_at, updated_by)
         VALUES ((SELECT id FROM municipalities WHERE name = ?), ?, ?, ?, ?, ?, '2022-05-24T08:00:00Z', 'UOLD1', '2022-05-24T08:00:00Z', 'UOLD1')`,
      )
      .run(municipality, name, group, stage, places, occupied).lastInsertRowid,
  );
}

const requestFields = (overrides: Record<string, StateValue> = {}): Record<string, StateValue> => ({
  persons: text('12'),
  families: text('3'),
  singleAdults: text('2'),
  unaccompaniedMinors: text('1'),
  specialNeeds: checked('medisch', 'rolstoel'),
  origin: text('Aanmeldcentrum Ter Apel'),
  neededDate: date('2022-05-26'),
  neededTime: time('09:00'),
  contact: text('Jan de Vries, 06-12345678'),
  note: text(''),
  ...overrides,
});

const offerFields = (location: string, places: string, overrides: Record<string, StateValue> = {}): Record<string, StateValue> => ({
  location: selected(location),
  otherLocation: text(''),
  places: text(places),
  note: text(''),
  overCapacity: checked(),
  ...overrides,
});

const rows = (sql: string, ...params: unknown[]) => bot.deps.db.prepare(sql).all(...params) as any[];
const one = (sql: string, ...params: unknown[]) => bot.deps.db.prepare(sql).get(...params) as any;

/** Presses the noodknop through a signed view submission; returns the request id and its broadcast. */
async function pressNoodknop(overrides: Record<string, StateValue> = {}, user = EDITOR): Promise<{ id: number; broadcast: RecordedCall }> {
  const before = bot.fake.callsTo('chat.postMessage').length;
  const res = await bot.interact(viewSubmission(NOODKNOP_REQUEST_VIEW, user, requestFields(overrides)));
  expect(res.status).toBe(200);
  expect(res.text).toBe('');
  const broadcast = await bot.fake.waitForCall('chat.postMessage', before + 1);
  const id = one('SELECT max(id) AS id FROM noodknop_requests').id as number;
  await bot.fake.waitFor(() => one('SELECT message_ts FROM noodknop_requests WHERE id = ?', id).message_ts !== null);
  return { id, broadcast };
}

async function offer(requestId: number, user: string, fields: Record<string, StateValue>, options: { viewId?: string; hash?: string; offerId?: number } = {}) {
  return bot.interact(
    viewSubmission(NOODKNOP_OFFER_VIEW, user, fields, {
      privateMetadata: JSON.stringify({ requestId, ...(options.offerId ? { offerId: options.offerId } : {}) }),
      viewId: options.viewId,
      hash: options.hash,
    }),
  );
}

const broadcastTs = (id: number) => one('SELECT message_ts FROM noodknop_requests WHERE id = ?', id).message_ts as string;
const updatesOf = (ts: string) => bot.fake.callsTo('chat.update').filter((c) => c.body.ts === ts);
const threadReplies = (ts: string) => bot.fake.callsTo('chat.postMessage').filter((c) => c.body.thread_ts === ts);

async function waitForUpdate(ts: string, count: number): Promise<RecordedCall> {
  await bot.fake.waitFor(() => updatesOf(ts).length >= count);
  return updatesOf(ts)[count - 1]!;
}

beforeEach(async () => {
  bot = await startBot({ env });
  grantEditor(bot, EDITOR, EDITOR2, EDITOR3);
  ommen = addLocation(bot, 'Ommen', 'Sporthal Ommen', 'cno', 75, 0);
  zwolle = addLocation(bot, 'Zwolle', 'Hotel Zwolle', 'oekrainers', 80, 70);
  addLocation(bot, 'Kampen', 'Kazerne Kampen', 'cno', 70, 70);
  addLocation(bot, 'Dalfsen', 'Paviljoen Dalfsen', 'cno', 40, 0, 'in_voorbereiding');
});
afterEach(async () => {
  await bot.close();
});

describe('/opvang noodknop: the request', () => {
  it('opens the modal with the deadline 24 hours ahead, within Slack limits', async () => {
    const res = await bot.command('noodknop', EDITOR);
    expect(res.status).toBe(200);
    const view = viewOf(await bot.fake.waitForCall('views.open'));
    expect(view.callback_id).toBe(NOODKNOP_REQUEST_VIEW);
    expect(visibleText(view)).toContain('Aantal personen');
    const blocks = Object.fromEntries(view.blocks.filter((b: any) => b.block_id).map((b: any) => [b.block_id, b]));
    expect(blocks.neededDate.element.initial_date).toBe('2022-05-26');
    expect(blocks.neededTime.element.initial_time).toBe('09:00');
    expect(blocks.specialNeeds.element.options.map((o: any) => o.value)).toContain('huisdieren');
    expect(blockKitViolations('modal', view)).toEqual([]);
  });

  it('is listed in /opvang help', async () => {
    const shown = visibleText((await bot.command('help', READER)).json());
    expect(shown).toContain('`/opvang noodknop [lijst]`');
  });

  it('refuses viewers privately and opens nothing', async () => {
    const reply = (await bot.command('noodknop', READER)).json();
    expect(reply.response_type).toBe('ephemeral');
    expect(visibleText(reply)).toContain('Hiervoor heb je de rol bewerker nodig. Er is niets opgeslagen. Vraag <@UADMIN1> om je de rol bewerker te geven.');
    await bot.idle();
    expect(bot.fake.callsTo('views.open')).toHaveLength(0);
  });

  it('validates in Dutch next to the field: numbers, more than 24 hours, the past', async () => {
    const bad = await bot.interact(viewSubmission(NOODKNOP_REQUEST_VIEW, EDITOR, requestFields({ persons: text('twaalf') })));
    expect(bad.json()).toMatchObject({ response_action: 'errors', errors: { persons: expect.stringContaining('Geen geldig getal') } });
    const late = await bot.interact(viewSubmission(NOODKNOP_REQUEST_VIEW, EDITOR, requestFields({ neededTime: time('09:30') })));
    expect(late.json().errors.neededDate).toContain('binnen 24 uur');
    const past = await bot.interact(viewSubmission(NOODKNOP_REQUEST_VIEW, EDITOR, requestFields({ neededDate: date('2022-05-25'), neededTime: time('08:00') })));
    expect(past.json().errors.neededTime).toContain('al voorbij');
    const tooMany = await bot.interact(viewSubmission(NOODKNOP_REQUEST_VIEW, EDITOR, requestFields({ singleAdults: text('20') })));
    expect(tooMany.json().errors.singleAdults).toContain('meer dan het aantal personen');
    expect(one('SELECT count(*) AS n FROM noodknop_requests').n).toBe(0);
  });

  it('posts the broadcast with the mention, the countdown, the progress and the button; escapes typed text', async () => {
    const { id, broadcast } = await pressNoodknop({ note: text('<!channel> *dringend* <@U999>'), origin: text('Ter Apel & <b>') });
    expect(broadcast.body.channel).toBe(NOOD);
    expect(broadcast.body.text).toContain('<!channel>');
    const shown = visibleText(broadcast.body);
    expect(shown).toContain('0 van 12 plekken aangeboden');
    // The deadline written by us, in Dutch: Slack's date token would show "tomorrow 9:00 AM".
    expect(shown).toContain('Noodknop #1: 12 plekken nodig vóór do 26 mei 09:00');
    expect(shown).not.toContain('<!date');
    expect(shown).toContain('3 gezinnen · 2 alleenstaande volwassenen · 1 alleenreizende minderjarige');
    expect(shown).toContain('Medische zorg, Rolstoeltoegankelijk');
    expect(shown).toContain('Plekken aanbieden');
    // Only the bot's own mention: typed mentions show as text.
    expect(shown.match(/<!channel>/g)).toHaveLength(1);
    expect(shown).toContain('&lt;!channel&gt;');
    expect(shown).toContain('&lt;@U999&gt;');
    expect(shown).toContain('Ter Apel &amp; &lt;b&gt;');
    expect(blockKitViolations('message', broadcast.body)).toEqual([]);
    const stored = one('SELECT state, channel_id, message_ts, persons FROM noodknop_requests WHERE id = ?', id);
    expect(stored).toMatchObject({ state: 'open', channel_id: NOOD, persons: 12 });
    expect(rows('SELECT kind FROM noodknop_reminders WHERE request_id = ? ORDER BY due_at', id).map((r) => r.kind)).toEqual(['escalate', 'halfway', 'expired']);
    expect(rows(`SELECT action FROM audit_log WHERE entity = 'noodknop_request'`).map((r) => r.action)).toEqual(['noodknop.request']);
  });

  it('mentions the configured user group instead of the channel', async () => {
    await bot.close();
    bot = await startBot({ env: { ...env, NOODKNOP_MENTION: 'S0CRISIS' } });
    grantEditor(bot, EDITOR);
    const { broadcast } = await pressNoodknop();
    expect(broadcast.body.text).toContain('<!subteam^S0CRISIS>');
    expect(visibleText(broadcast.body)).not.toContain('<!channel>');
  });

  it('stores a double submission once', async () => {
    const payload = viewSubmission(NOODKNOP_REQUEST_VIEW, EDITOR, requestFields(), { viewId: 'VDOUBLE', hash: 'h1' });
    await Promise.all([bot.interact(payload), bot.interact(payload)]);
    await bot.idle();
    expect(one('SELECT count(*) AS n FROM noodknop_requests').n).toBe(1);
    expect(bot.fake.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('says clearly when NOODKNOP_CHANNEL is not set, and stores nothing', async () => {
    await bot.close();
    bot = await startBot();
    grantEditor(bot, EDITOR);
    const reply = (await bot.command('noodknop', EDITOR)).json();
    // The next step in words, without the setting's name (that is for whoever installs the bot).
    expect(visibleText(reply)).toContain('De noodknop is nog niet ingesteld: de bot weet niet in welk kanaal de oproep moet. Er is niets opgeslagen.');
    expect(visibleText(reply)).not.toContain('NOODKNOP_CHANNEL');
    const res = await bot.interact(viewSubmission(NOODKNOP_REQUEST_VIEW, EDITOR, requestFields()));
    expect(res.json().errors.persons).toContain('Vraag wie de bot heeft geïnstalleerd het noodknop-kanaal in te stellen');
    expect(one('SELECT count(*) AS n FROM noodknop_requests').n).toBe(0);
  });

  it('puts a Noodknop button on the App Home that opens the modal (a direct message for viewers)', async () => {
    await bot.event({ type: 'app_home_opened', user: EDITOR, channel: 'D0HOME', tab: 'home', event_ts: '1.1' });
    const home = viewOf(await bot.fake.waitForCall('views.publish'));
    expect(JSON.stringify(home.blocks)).toContain(NOODKNOP_HOME_OPEN);
    // A click on the Home tab comes from a view, without a channel.
    const fromHome = (user: string) => {
      const { channel: _channel, ...click } = buttonClick(NOODKNOP_HOME_OPEN, user);
      return { ...click, container: { type: 'view', view_id: 'VHOME' }, view: { id: 'VHOME', type: 'home', hash: 'h' } };
    };
    await bot.interact(fromHome(EDITOR));
    expect(viewOf(await bot.fake.waitForCall('views.open')).callback_id).toBe(NOODKNOP_REQUEST_VIEW);
    await bot.interact(fromHome(READER));
    const dm = (calls: { method: string; body: Record<string, any> }[]) => calls.find((c) => c.method === 'chat.postMessage' && c.body.channel === `D${READER}`);
    await bot.fake.waitFor((calls) => dm(calls) !== undefined);
    expect(dm(bot.fake.calls)!.body.text).toContain('Hiervoor heb je de rol bewerker nodig.');
    expect(bot.fake.callsTo('views.open')).toHaveLength(1);
  });
});

describe('noodknop: offers, coverage and placement', () => {
  it('goes from broadcast to offers to gedekt to geplaatst, raising occupancy', async () => {
    const { id } = await pressNoodknop();
    const ts = broadcastTs(id);

    // "Plekken aanbieden" opens the offer modal: locations with free places first, with their count.
    await bot.interact(buttonClick(NOODKNOP_OFFER_OPEN, EDITOR2, { value: String(id), channel: NOOD }));
    const form = viewOf(await bot.fake.waitForCall('views.open'));
    expect(form.callback_id).toBe(NOODKNOP_OFFER_VIEW);
    const options = form.blocks.find((b: any) => b.block_id === 'location').element.options.map((o: any) => o.text.text);
    expect(options).toEqual(['Sporthal Ommen (Ommen) · 75 vrij', 'Hotel Zwolle (Zwolle) · 10 vrij', 'Kazerne Kampen (Kampen) · vol', 'Andere locatie (hieronder invullen)']);
    expect(blockKitViolations('modal', form)).toEqual([]);

    // First offer: the broadcast updates in place and the offer goes into the thread.
    expect((await offer(id, EDITOR2, offerFields(String(ommen), '5', { note: text('<!here> bedden klaar') }))).text).toBe('');
    const first = await waitForUpdate(ts, 1);
    expect(first.body.channel).toBe(NOOD);
    const firstText = visibleText(first.body);
    expect(firstText).toContain('5 van 12 plekken aangeboden');
    expect(firstText).toContain('Sporthal Ommen (Ommen) · <@UEDITOR2>');
    expect(firstText).toContain('&lt;!here&gt; bedden klaar');
    await bot.fake.waitFor(() => threadReplies(ts).length >= 1);
    expect(visibleText(threadReplies(ts)[0]!.body)).toContain('<@UEDITOR2> biedt aan: *5 plekken* in Sporthal Ommen (Ommen)');

    // More than a location has free needs the explicit confirmation.
    const over = await offer(id, EDITOR3, offerFields(String(zwolle), '11'));
    expect(over.json().errors.places).toContain('Hotel Zwolle heeft nog 10 vrije plekken');
    expect(one('SELECT count(*) AS n FROM noodknop_offers').n).toBe(1);
    await offer(id, EDITOR3, offerFields(String(zwolle), '11', { overCapacity: checked('yes') }));
    const covered = await waitForUpdate(ts, 2);
    expect(visibleText(covered.body)).toContain('*Gedekt* · 16 van 12 plekken aangeboden (4 extra)');
    expect(visibleText(covered.body)).toContain('Plaatsing bevestigen');
    expect(one('SELECT state FROM noodknop_requests WHERE id = ?', id).state).toBe('gedekt');

    // Someone else may not confirm the placement.
    await bot.interact(buttonClick(NOODKNOP_PLACE_OPEN, EDITOR2, { value: String(id), channel: NOOD }));
    const refusal = await bot.fake.waitForCall('chat.postEphemeral');
    // The refusal names who can: the requester first, then the admins.
    expect(refusal.body.text).toContain('Alleen wie de noodknop indrukte of een beheerder kan de plaatsing bevestigen of de oproep annuleren. Er is niets opgeslagen. Vraag het <@UEDITOR1> of <@UADMIN1>.');

    // The requester confirms which offers were used.
    await bot.interact(buttonClick(NOODKNOP_PLACE_OPEN, EDITOR, { value: String(id), channel: NOOD }));
    const placeForm = viewOf(await bot.fake.waitForCall('views.open', 2));
    expect(placeForm.callback_id).toBe(NOODKNOP_PLACE_VIEW);
    const [o1, o2] = rows('SELECT id FROM noodknop_offers ORDER BY id').map((r) => r.id as number);
    const suggested = Object.fromEntries(placeForm.blocks.filter((b: any) => b.type === 'input').map((b: any) => [b.block_id, b.element.initial_value]));
    expect(suggested).toEqual({ [`used_${o1}`]: '5', [`used_${o2}`]: '7' });
    expect(blockKitViolations('modal', placeForm)).toEqual([]);
    const tooMany = await bot.interact(viewSubmission(NOODKNOP_PLACE_VIEW, EDITOR, { [`used_${o1}`]: text('6'), [`used_${o2}`]: text('7') }, { privateMetadata: JSON.stringify({ requestId: id }) }));
    expect(tooMany.json().errors[`used_${o1}`]).toContain('Dit aanbod was 5 plekken');
    const placed = await bot.interact(viewSubmission(NOODKNOP_PLACE_VIEW, EDITOR, { [`used_${o1}`]: text('5'), [`used_${o2}`]: text('7') }, { privateMetadata: JSON.stringify({ requestId: id }) }));
    expect(placed.text).toBe('');
    const final = await waitForUpdate(ts, 3);
    expect(visibleText(final.body)).toContain('*Geplaatst: 12 personen hebben een plek*');
    expect(visibleText(final.body)).not.toContain('Plekken aanbieden');

    expect(one('SELECT occupied FROM locations WHERE id = ?', ommen).occupied).toBe(5);
    expect(one('SELECT occupied FROM locations WHERE id = ?', zwolle).occupied).toBe(77);
    expect(one('SELECT state, closed_by FROM noodknop_requests WHERE id = ?', id)).toEqual({ state: 'geplaatst', closed_by: EDITOR });
    expect(rows('SELECT used_places FROM noodknop_offers ORDER BY id').map((r) => r.used_places)).toEqual([5, 7]);
    // CNO arrivals are dated and linked to the request.
    expect(one('SELECT persons, arrived_on, noodknop_request_id FROM cno_stays WHERE location_id = ?', ommen)).toEqual({ persons: 5, arrived_on: '2022-05-25', noodknop_request_id: id });
    const actions = rows('SELECT action FROM audit_log WHERE action LIKE ? ORDER BY id', 'noodknop.%').map((r) => r.action);
    expect(actions).toEqual(['noodknop.request', 'noodknop.offer', 'noodknop.offer', 'noodknop.state', 'noodknop.place', 'noodknop.place', 'noodknop.placed']);
    await bot.fake.waitFor(() => threadReplies(ts).length >= 3);
    expect(visibleText(threadReplies(ts)[2]!.body)).toContain('*12 personen geplaatst.* Bevestigd door <@UEDITOR1>.');

    // /opvang stand shows the new occupancy.
    const stand = visibleText((await bot.command('stand Ommen', READER)).json());
    expect(stand).toContain('75 plekken, 5 bezet, 70 vrij');

    // A closed request takes no more offers.
    const late = await offer(id, EDITOR2, offerFields(String(ommen), '1'));
    expect(late.json().errors.places).toContain('geplaatst');
  });

  it('ends with the latest count on the broadcast when an earlier update is held up by a rate limit', async () => {
    const { id } = await pressNoodknop();
    const ts = broadcastTs(id);
    // The first offer's chat.update is rate-limited; the second offer's update replaces it in the outbox (latest wins).
    bot.fake.fail('chat.update', { status: 429, retryAfter: 1 });
    await offer(id, EDITOR2, offerFields(String(ommen), '5'));
    await bot.fake.waitFor(() => bot.fake.calls.some((c) => c.method === 'chat.update' && c.status === 429));
    await offer(id, EDITOR3, offerFields(String(zwolle), '7'));
    await settleBot(bot);
    const [broadcast] = bot.fake.history.withKey(`noodknop:${id}:broadcast`);
    expect(broadcast!.ts).toBe(ts);
    expect(visibleText(broadcast!)).toContain('*Gedekt* · 12 van 12 plekken aangeboden');
    // One refused update, then the newest content once: the older one was never sent after the newer.
    expect(bot.fake.delivered('chat.update').filter((c) => c.body.ts === ts).map((c) => visibleText(c.body).includes('12 van 12'))).toEqual([true]);
    expect(threadReplies(ts).filter((c) => c.status === 200)).toHaveLength(2);
  });

  it('stores a double-clicked offer once', async () => {
    const { id } = await pressNoodknop();
    const payload = viewSubmission(NOODKNOP_OFFER_VIEW, EDITOR2, offerFields(String(ommen), '4'), { privateMetadata: JSON.stringify({ requestId: id }), viewId: 'VOFFER', hash: 'h9' });
    await Promise.all([bot.interact(payload), bot.interact(payload)]);
    await settleBot(bot);
    expect(one('SELECT count(*) AS n FROM noodknop_offers').n).toBe(1);
    expect(threadReplies(broadcastTs(id))).toHaveLength(1);
  });

  it('accepts an offer at another location and lets only its maker change or withdraw it', async () => {
    const { id } = await pressNoodknop();
    const ts = broadcastTs(id);
    await offer(id, EDITOR2, offerFields('other', '12', { otherLocation: text('Gastgezinnen *Raalte*') }));
    const covered = await waitForUpdate(ts, 1);
    expect(visibleText(covered.body)).toContain('andere locatie: Gastgezinnen *\u200dRaalte*\u200d');
    expect(visibleText(covered.body)).toContain('*Gedekt*');
    const offerId = one('SELECT id FROM noodknop_offers').id as number;
    await bot.fake.waitFor(() => threadReplies(ts).length >= 1);
    const reply = threadReplies(ts)[0]!;
    expect(JSON.stringify(reply.body.blocks)).toContain(NOODKNOP_OFFER_WITHDRAW);

    // Someone else cannot change or withdraw it.
    await bot.interact(buttonClick(NOODKNOP_OFFER_EDIT, EDITOR3, { value: String(offerId), channel: NOOD }));
    expect((await bot.fake.waitForCall('chat.postEphemeral')).body.text).toContain('Alleen <@UEDITOR2>');
    await bot.interact(buttonClick(NOODKNOP_OFFER_WITHDRAW, EDITOR3, { value: String(offerId), channel: NOOD }));
    expect((await bot.fake.waitForCall('chat.postEphemeral', 2)).body.text).toContain('Alleen wie het aanbod deed');
    // A crafted change of someone else's offer: the form stays open with the reason, nothing stored.
    const sneaky = await offer(id, EDITOR3, offerFields(String(ommen), '1'), { offerId });
    expect(sneaky.json().errors.places).toContain('Dit aanbod is niet van jou');
    expect(one('SELECT places, location_id FROM noodknop_offers WHERE id = ?', offerId)).toEqual({ places: 12, location_id: null });

    // The maker changes it: prefilled form, then 8 places at Ommen → back to open.
    await bot.interact(buttonClick(NOODKNOP_OFFER_EDIT, EDITOR2, { value: String(offerId), channel: NOOD }));
    const form = viewOf(await bot.fake.waitForCall('views.open'));
    expect(form.blocks.find((b: any) => b.block_id === 'places').element.initial_value).toBe('12');
    await offer(id, EDITOR2, offerFields(String(ommen), '8'), { offerId });
    const changed = await waitForUpdate(ts, 2);
    expect(visibleText(changed.body)).toContain('*Nog 4 nodig* · 8 van 12 plekken aangeboden');
    await bot.fake.waitFor(() => threadReplies(ts).length >= 2);
    expect(visibleText(threadReplies(ts)[1]!.body)).toContain('<@UEDITOR2> wijzigt het aanbod: *8 plekken* in Sporthal Ommen');

    // The maker withdraws it, on the changed reply; a second click changes nothing.
    const replyTs = bot.fake.delivered('chat.postMessage').filter((c) => c.body.thread_ts === ts).at(-1)!.response!.ts as string;
    await bot.interact(buttonClick(NOODKNOP_OFFER_WITHDRAW, EDITOR2, { value: String(offerId), channel: NOOD, messageTs: replyTs }));
    const withdrawn = await waitForUpdate(ts, 3);
    expect(visibleText(withdrawn.body)).toContain('0 van 12 plekken aangeboden');
    // The reply clicked now says it was withdrawn, without its buttons (in the channel as Slack holds it).
    await bot.fake.waitFor(() => bot.fake.history.find(NOOD, replyTs)!.updates > 0);
    expect(visibleText(bot.fake.history.find(NOOD, replyTs)!)).toContain('ingetrokken door <@UEDITOR2>');
    expect(JSON.stringify(bot.fake.history.find(NOOD, replyTs)!.blocks)).not.toContain(NOODKNOP_OFFER_WITHDRAW);
    await bot.interact(buttonClick(NOODKNOP_OFFER_WITHDRAW, EDITOR2, { value: String(offerId), channel: NOOD }));
    expect((await bot.fake.waitForCall('chat.postEphemeral', 3)).body.text).toContain('al ingetrokken');
    expect(updatesOf(ts)).toHaveLength(3);
    const actions = rows(`SELECT action FROM audit_log WHERE action LIKE 'noodknop.%' ORDER BY id`).map((r) => r.action);
    expect(actions).toEqual(['noodknop.request', 'noodknop.offer', 'noodknop.state', 'noodknop.offer_change', 'noodknop.state', 'noodknop.offer_withdraw']);
  });

  it('a partial placement keeps the people without a place in view and asks for them in one click', async () => {
    const { id } = await pressNoodknop({ origin: text('Ter Apel') });
    const ts = broadcastTs(id);
    await offer(id, EDITOR2, offerFields(String(ommen), '10'));
    await waitForUpdate(ts, 1);
    const offerId = one('SELECT id FROM noodknop_offers').id as number;
    await bot.interact(viewSubmission(NOODKNOP_PLACE_VIEW, EDITOR, { [`used_${offerId}`]: text('10') }, { privateMetadata: JSON.stringify({ requestId: id }) }));
    const placed = await waitForUpdate(ts, 2);
    // Not "geplaatst" with a full bar: two people still have no place, and the button asks for them.
    expect(visibleText(placed.body)).toContain('*10 van 12 geplaatst · 2 personen nog zonder plek*');
    expect(placed.body.text).toContain('2 personen nog zonder plek');
    expect(JSON.stringify(placed.body.blocks)).toContain(NOODKNOP_FOLLOW_UP_OPEN);
    await bot.fake.waitFor(() => threadReplies(ts).length >= 2);
    expect(visibleText(threadReplies(ts).at(-1)!.body)).toContain('2 personen nog zonder plek');

    // A viewer is told who can help; an editor gets the request form, prefilled for the two.
    await bot.interact(buttonClick(NOODKNOP_FOLLOW_UP_OPEN, READER, { value: String(id), channel: NOOD }));
    expect((await bot.fake.waitForCall('chat.postEphemeral')).body.text).toContain('Hiervoor heb je de rol bewerker nodig.');
    await bot.interact(buttonClick(NOODKNOP_FOLLOW_UP_OPEN, EDITOR2, { value: String(id), channel: NOOD }));
    const form = viewOf(await bot.fake.waitForCall('views.open'));
    expect(form.callback_id).toBe(NOODKNOP_REQUEST_VIEW);
    const field = (name: string) => form.blocks.find((b: any) => b.block_id === name).element;
    expect(field('persons').initial_value).toBe('2');
    expect(field('origin').initial_value).toBe('Ter Apel');
    expect(field('note').initial_value).toBe(`Vervolg op noodknop #${id}: 2 personen nog zonder plek.`);
    expect(blockKitViolations('modal', form)).toEqual([]);
    // Submitted as it was opened: a new noodknop for two people goes out.
    const values = Object.fromEntries(form.blocks.filter((b: any) => b.type === 'input').map((b: any) => [b.block_id, initialState(b.element)]));
    expect((await bot.interact(viewSubmission(NOODKNOP_REQUEST_VIEW, EDITOR2, values, { view: form, privateMetadata: form.private_metadata }))).text).toBe('');
    await settleBot(bot);
    expect(one('SELECT persons, state, requested_by FROM noodknop_requests WHERE id = ?', id + 1)).toEqual({ persons: 2, state: 'open', requested_by: EDITOR2 });
    expect(bot.fake.history.withKey(`noodknop:${id + 1}:broadcast`)[0]!.text).toContain(`Noodknop #${id + 1}: 2 plekken nodig vóór`);
  });

  it('places once when the confirmation is submitted twice', async () => {
    const { id } = await pressNoodknop({ persons: text('4'), families: text(''), singleAdults: text(''), unaccompaniedMinors: text('') });
    await offer(id, EDITOR2, offerFields(String(ommen), '4'));
    await waitForUpdate(broadcastTs(id), 1);
    const offerId = one('SELECT id FROM noodknop_offers').id as number;
    const payload = viewSubmission(NOODKNOP_PLACE_VIEW, EDITOR, { [`used_${offerId}`]: text('4') }, { privateMetadata: JSON.stringify({ requestId: id }), viewId: 'VPLACE', hash: 'h2' });
    await Promise.all([bot.interact(payload), bot.interact(payload)]);
    await bot.idle();
    expect(one('SELECT occupied FROM locations WHERE id = ?', ommen).occupied).toBe(4);
    expect(one(`SELECT count(*) AS n FROM audit_log WHERE action = 'noodknop.placed'`).n).toBe(1);
    expect(updatesOf(broadcastTs(id))).toHaveLength(2);
  });

  it('refuses offers from viewers', async () => {
    const { id } = await pressNoodknop();
    await bot.interact(buttonClick(NOODKNOP_OFFER_OPEN, READER, { value: String(id), channel: NOOD }));
    expect((await bot.fake.waitForCall('chat.postEphemeral')).body.text).toContain('Hiervoor heb je de rol bewerker nodig.');
    const res = await offer(id, READER, offerFields(String(ommen), '3'));
    // Under the form's first input, as every refusal of a form.
    expect(res.json().errors.location).toContain('Vraag <@UADMIN1> om je de rol bewerker te geven.');
    expect(one('SELECT count(*) AS n FROM noodknop_offers').n).toBe(0);
  });

  it('cancels with a reason (requester or admin only)', async () => {
    const { id } = await pressNoodknop();
    const ts = broadcastTs(id);
    await bot.interact(buttonClick(NOODKNOP_CANCEL_OPEN, EDITOR2, { value: String(id), channel: NOOD }));
    expect((await bot.fake.waitForCall('chat.postEphemeral')).body.text).toContain('Vraag het <@UEDITOR1> of <@UADMIN1>.');
    await bot.interact(buttonClick(NOODKNOP_CANCEL_OPEN, ADMIN, { value: String(id), channel: NOOD }));
    const form = viewOf(await bot.fake.waitForCall('views.open'));
    expect(form.callback_id).toBe(NOODKNOP_CANCEL_VIEW);
    const empty = await bot.interact(viewSubmission(NOODKNOP_CANCEL_VIEW, ADMIN, { reason: text('  ') }, { privateMetadata: JSON.stringify({ requestId: id }) }));
    expect(empty.json().errors.reason).toContain('Schrijf waarom');
    await bot.interact(viewSubmission(NOODKNOP_CANCEL_VIEW, ADMIN, { reason: text('Groep <!everyone> elders opgevangen') }, { privateMetadata: JSON.stringify({ requestId: id }) }));
    const cancelled = await waitForUpdate(ts, 1);
    expect(visibleText(cancelled.body)).toContain('*Geannuleerd* door <@UADMIN1>: Groep &lt;!everyone&gt; elders opgevangen');
    expect(JSON.stringify(cancelled.body.blocks)).not.toContain(NOODKNOP_OFFER_OPEN);
    expect(one('SELECT state, cancel_reason FROM noodknop_requests WHERE id = ?', id)).toEqual({ state: 'geannuleerd', cancel_reason: 'Groep <!everyone> elders opgevangen' });
    expect(one(`SELECT count(*) AS n FROM audit_log WHERE action = 'noodknop.cancel'`).n).toBe(1);
  });

  it('lists open requests with their state for everyone', async () => {
    const { id } = await pressNoodknop();
    await pressNoodknop({ persons: text('4'), families: text(''), singleAdults: text(''), unaccompaniedMinors: text('') });
    await offer(id, EDITOR2, offerFields(String(ommen), '12'));
    await waitForUpdate(broadcastTs(id), 1);
    const reply = (await bot.command('noodknop lijst', READER)).json();
    const shown = visibleText(reply);
    expect(shown).toContain('*Noodknop #1: 12 plekken nodig vóór do 26 mei 09:00* · gedekt · 12 van 12 plekken aangeboden');
    expect(shown).toContain('*Noodknop #2: 4 plekken nodig vóór do 26 mei 09:00* · open · nog 4 nodig · 0 van 4 plekken aangeboden');
    expect(blockKitViolations('message', reply)).toEqual([]);
  });
});

describe('noodknop: escalation and expiry', () => {
  const run = (b: TestBot) => runNoodknopEscalation(b.deps, b.slack.client);

  it('reminds after the escalation time and at half the remaining time, expires at the deadline; a restart loses nothing', async () => {
    const { id } = await pressNoodknop();
    const ts = broadcastTs(id);
    await offer(id, EDITOR2, offerFields(String(ommen), '5'));
    await settleBot(bot);
    const repliesBefore = threadReplies(ts).length;

    // Not yet due.
    bot.clock.set('2022-05-25T09:59:00+02:00');
    await run(bot);
    expect(threadReplies(ts)).toHaveLength(repliesBefore);

    // After NOODKNOP_ESCALATE_MINUTES (60): a reminder with the mention and what is missing.
    bot.clock.set('2022-05-25T10:01:00+02:00');
    await run(bot);
    await run(bot);
    const reminders = () => threadReplies(ts).filter((c) => c.body.text.includes('Herinnering') || c.body.text.includes('herinnering'));
    expect(reminders()).toHaveLength(1);
    const reminder = reminders()[0]!;
    expect(reminder.body.text).toContain('<!channel>');
    expect(visibleText(reminder.body)).toContain('*Herinnering: nog 7 plekken nodig vóór do 26 mei 09:00* (noodknop #1, 5 van 12 plekken aangeboden)');
    // The reminder carries the button itself.
    expect(JSON.stringify(reminder.body.blocks)).toContain(NOODKNOP_OFFER_OPEN);

    // The bot stops; the halfway reminder (10:00 + 23h/2 = 21:30) falls due while it is down.
    const fake = bot.fake;
    const clock = bot.clock;
    const first = bot;
    await first.stop();
    clock.set('2022-05-25T22:00:00+02:00');
    bot = await startBot({ dir: first.dir, fake, clock, env });
    try {
      await run(bot);
      await run(bot);
      expect(reminders()).toHaveLength(2);
      expect(reminders()[1]!.body.text).toContain('Tweede herinnering');

      // The deadline passes uncovered: verlopen on the broadcast, a note in the thread, a DM to the requester.
      clock.set('2022-05-26T09:00:30+02:00');
      await run(bot);
      await run(bot);
      const expired = updatesOf(ts).at(-1)!;
      expect(visibleText(expired.body)).toContain('*Verlopen, nog 7 zonder plek*');
      expect(one('SELECT state FROM noodknop_requests WHERE id = ?', id).state).toBe('verlopen');
      expect(bot.fake.callsTo('conversations.open').map((c) => c.body.users)).toEqual([EDITOR]);
      const dms = bot.fake.callsTo('chat.postMessage').filter((c) => c.body.channel === 'DUEDITOR1');
      expect(dms).toHaveLength(1);
      expect(visibleText(dms[0]!.body)).toContain('*Je noodknop #1 is verlopen: nog 7 plekken nodig.*');
      expect(threadReplies(ts).filter((c) => c.body.text.includes('verlopen'))).toHaveLength(1);
      expect(reminders()).toHaveLength(2);
      expect(rows(`SELECT kind, issued_at IS NOT NULL AS issued FROM noodknop_reminders WHERE request_id = ? ORDER BY due_at, kind`, id)).toEqual([
        { kind: 'escalate', issued: 1 },
        { kind: 'halfway', issued: 1 },
        { kind: 'expired', issued: 1 },
        { kind: 'expired_dm', issued: 1 },
      ]);
      // Each message once in Slack, under its key.
      for (const key of [`noodknop:${id}:reminder:escalate`, `noodknop:${id}:reminder:halfway`, `noodknop:${id}:expired`, `noodknop:${id}:expired:dm`]) {
        expect(bot.fake.history.withKey(key), key).toHaveLength(1);
      }
      // A verlopen request can still be closed with the offers there are.
      expect(JSON.stringify(expired.body.blocks)).toContain(NOODKNOP_PLACE_OPEN);
      expect(JSON.stringify(expired.body.blocks)).not.toContain(NOODKNOP_OFFER_OPEN);
    } finally {
      await bot.stop();
      bot = first;
    }
  });

  it('sends one catch-up reminder when both fell due while the bot was down, and none for a covered request', async () => {
    const { id } = await pressNoodknop();
    const covered = await pressNoodknop({ persons: text('2'), families: text(''), singleAdults: text(''), unaccompaniedMinors: text('') });
    await offer(covered.id, EDITOR2, offerFields(String(ommen), '2'));
    await waitForUpdate(broadcastTs(covered.id), 1);
    bot.clock.set('2022-05-25T23:00:00+02:00');
    await run(bot);
    const catchUp = threadReplies(broadcastTs(id)).filter((c) => c.body.text.includes('herinnering'));
    expect(catchUp).toHaveLength(1);
    expect(catchUp[0]!.body.text).toContain('Tweede herinnering');
    expect(threadReplies(broadcastTs(covered.id)).filter((c) => c.body.text.includes('erinnering'))).toHaveLength(0);
    // Past the deadline a covered request does not expire; it waits for its placement.
    bot.clock.set('2022-05-26T10:00:00+02:00');
    await run(bot);
    expect(one('SELECT state FROM noodknop_requests WHERE id = ?', covered.id).state).toBe('gedekt');
    expect(one('SELECT state FROM noodknop_requests WHERE id = ?', id).state).toBe('verlopen');
  });

  it('delivers the expiry notices (broadcast, thread, DM to the requester) once when Slack refused them at the deadline', async () => {
    const { id } = await pressNoodknop();
    const ts = broadcastTs(id);
    bot.clock.set('2022-05-26T09:00:30+02:00');
    bot.fake.fail('chat.update', { status: 200, error: 'service_unavailable' });
    bot.fake.fail('conversations.open', { status: 200, error: 'fatal_error' });
    await run(bot);
    expect(one('SELECT state FROM noodknop_requests WHERE id = ?', id).state).toBe('verlopen');
    await settleBot(bot);
    await run(bot);
    const [broadcast] = bot.fake.history.withKey(`noodknop:${id}:broadcast`);
    expect(visibleText(broadcast!)).toContain('*Verlopen, nog 12 zonder plek*');
    expect(bot.fake.history.withKey(`noodknop:${id}:expired`)).toMatchObject([{ thread_ts: ts }]);
    expect(bot.fake.history.withKey(`noodknop:${id}:expired:dm`)).toMatchObject([{ channel: 'DUEDITOR1' }]);
    expect(visibleText(bot.fake.history.withKey(`noodknop:${id}:expired:dm`)[0]!)).toContain(`*Je noodknop #${id} is verlopen: nog 12 plekken nodig.*`);
  });

  it('posts one broadcast although Slack rate-limits the first try', async () => {
    bot.fake.fail('chat.postMessage', { status: 429, retryAfter: 1 });
    const res = await bot.interact(viewSubmission(NOODKNOP_REQUEST_VIEW, EDITOR, requestFields()));
    expect(res.status).toBe(200);
    const id = one('SELECT max(id) AS id FROM noodknop_requests').id as number;
    await bot.fake.waitFor(() => bot.fake.calls.some((c) => c.method === 'chat.postMessage'));
    bot.clock.advanceMinutes(3);
    await run(bot);
    await settleBot(bot);
    expect(bot.fake.history.withKey(`noodknop:${id}:broadcast`)).toHaveLength(1);
    expect(broadcastTs(id)).toBe(bot.fake.history.withKey(`noodknop:${id}:broadcast`)[0]!.ts);
  });

  it('sends no reminder for a request that an offer covered before its reminder was issued', async () => {
    const a = await pressNoodknop();
    const b = await pressNoodknop({ persons: text('2'), families: text(''), singleAdults: text(''), unaccompaniedMinors: text('') });
    bot.clock.set('2022-05-25T10:05:00+02:00');
    await offer(b.id, EDITOR2, offerFields(String(ommen), '2'));
    await run(bot);
    await settleBot(bot);
    expect(one('SELECT state FROM noodknop_requests WHERE id = ?', b.id).state).toBe('gedekt');
    expect(bot.fake.history.withKey(`noodknop:${a.id}:reminder:escalate`)).toHaveLength(1);
    expect(bot.fake.history.withKey(`noodknop:${b.id}:reminder:escalate`)).toHaveLength(0);
  });

  it('a request cancelled before the deadline gets no expiry notice; one that expired is told once', async () => {
    const a = await pressNoodknop();
    const b = await pressNoodknop();
    const cancelled = await bot.interact(viewSubmission(NOODKNOP_CANCEL_VIEW, EDITOR, { reason: text('elders opgevangen') }, { privateMetadata: JSON.stringify({ requestId: b.id }) }));
    expect(cancelled.text).toBe('');
    bot.clock.set('2022-05-26T09:00:30+02:00');
    bot.fake.fail('chat.update', { status: 429, retryAfter: 1 });
    await run(bot);
    await settleBot(bot);
    expect(one('SELECT state FROM noodknop_requests WHERE id = ?', b.id).state).toBe('geannuleerd');
    expect(bot.fake.history.withKey(`noodknop:${a.id}:expired`)).toHaveLength(1);
    expect(bot.fake.history.withKey(`noodknop:${b.id}:expired`)).toHaveLength(0);
    expect(bot.fake.history.withKey(`noodknop:${b.id}:expired:dm`)).toHaveLength(0);
  });

  it('delivers a reminder Slack refused once it takes it; a broadcast Slack refuses for good tells the requester and the admins', async () => {
    const { id } = await pressNoodknop();
    bot.clock.set('2022-05-25T10:05:00+02:00');
    bot.fake.fail('chat.postMessage', { status: 200, error: 'ratelimited' });
    await run(bot);
    expect(one(`SELECT issued_at FROM noodknop_reminders WHERE request_id = ? AND kind = 'escalate'`, id).issued_at).not.toBeNull();
    await settleBot(bot);
    await run(bot);
    expect(bot.fake.history.withKey(`noodknop:${id}:reminder:escalate`)).toHaveLength(1);

    bot.fake.fail('chat.postMessage', { status: 200, error: 'not_in_channel' });
    await bot.interact(viewSubmission(NOODKNOP_REQUEST_VIEW, EDITOR, requestFields()));
    const second = one('SELECT max(id) AS id FROM noodknop_requests').id as number;
    await settleBot(bot);
    expect(broadcastTs(second)).toBeNull();
    expect(findOutboxRow(bot.deps.db, `noodknop:${second}:broadcast`)).toMatchObject({ state: 'failed', lastError: 'not_in_channel', attempts: 1 });
    const dm = bot.fake.history.withKey(`noodknop:${second}:broadcast:failed:dm`);
    expect(dm).toMatchObject([{ channel: `D${EDITOR}` }]);
    // Said in Dutch, without Slack's code: what is wrong and what to do.
    expect(visibleText(dm[0]!)).toContain('Slack weigert hem in <#C0NOOD> te plaatsen: de bot is geen lid van dat kanaal.');
    expect(visibleText(dm[0]!)).not.toContain('not_');
    expect(bot.fake.history.messagesIn(`D${ADMIN}`).filter((m) => m.metadata?.event_type === 'opvang_admin_notice')).toHaveLength(1);
    // Not retried on its own; an admin retries it after the fix, and it goes out once.
    await run(bot);
    await settleBot(bot);
    expect(bot.fake.history.withKey(`noodknop:${second}:broadcast`)).toHaveLength(0);
    const row = findOutboxRow(bot.deps.db, `noodknop:${second}:broadcast`)!;
    expect(visibleText((await bot.command(`outbox opnieuw ${row.id}`)).json())).toContain(`Bericht #${row.id} (noodknop-oproep) staat weer klaar`);
    await settleBot(bot);
    expect(bot.fake.history.withKey(`noodknop:${second}:broadcast`)).toHaveLength(1);
    expect(broadcastTs(second)).toBe(bot.fake.history.withKey(`noodknop:${second}:broadcast`)[0]!.ts);
  });
});
