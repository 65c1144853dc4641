import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NOODKNOP_OFFER_VIEW, NOODKNOP_PLACE_VIEW, STAND_OPEN } from '../../../src/blockkit/ids';
import { municipalitiesOf } from '../../../src/features/capacity/capacity.store';
import { minFreeField } from '../../../src/features/capacity/thresholds.view';
import { ADMIN, buttonClick, selected, startBot, text, viewSubmission, visibleText, type TestBot } from '../../support/bot';
import { grantRole, openedModal, submit } from '../../support/forms';
import { settleBot } from '../../support/outbox';

/**
 * Issue 15 §2, through the real bot: thresholds set with /opvang drempels; a write that makes a
 * figure cross one posts one alert in ALERT_CHANNEL (set here; the last test leaves it unset and
 * the alert goes to DIGEST_CHANNEL, its default); no repeat
 * while it stays beyond, also not inside the margin; one "hersteld" once it is back with the
 * margin; crossing again alerts again. For the region's free places of a target group, one
 * location's occupancy and the national occupancy, and through each write path (form, import,
 * placement, national figures).
 */
const EDITOR = 'UEDITOR1';
const ALERTS = 'C0ALERTS';
let bot: TestBot;

beforeEach(async () => {
  bot = await startBot({ env: { DIGEST_CHANNEL: 'C0DIGEST', ALERT_CHANNEL: ALERTS, NOODKNOP_CHANNEL: 'C0NOOD' } });
  grantRole(bot, EDITOR, 'editor');
});
afterEach(async () => {
  await bot.close();
});

/** The alerts in the channel (each with its metadata kind), oldest first. */
async function alerts(): Promise<string[]> {
  await bot.idle();
  await settleBot(bot);
  return bot.fake.history
    .messagesIn(ALERTS)
    .filter((m) => m.metadata?.event_type === 'opvang_threshold_alert')
    .map((m) => visibleText(m as never));
}

/** The notification line (`text`) of each alert in the channel, oldest first. */
async function alertTexts(channel = ALERTS): Promise<string[]> {
  await bot.idle();
  await settleBot(bot);
  return bot.fake.history
    .messagesIn(channel)
    .filter((m) => m.metadata?.event_type === 'opvang_threshold_alert')
    .map((m) => String(m.text));
}

async function setThresholds(values: Record<string, string>): Promise<string> {
  const form = await openedModal(bot, 'drempels', ADMIN);
  const before = bot.fake.callsTo('chat.postEphemeral').length;
  const fields = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, text(v)]));
  expect((await bot.interact(submit(form, ADMIN, fields))).text).toBe('');
  return visibleText((await bot.fake.waitForCall('chat.postEphemeral', before + 1)).body);
}

async function addLocation(name: string, municipality: string, places: number, occupied: number, group = 'oekrainers'): Promise<void> {
  const form = await openedModal(bot, 'locatie', EDITOR);
  const id = String(municipalitiesOf(bot.deps.db, 'VR04').find((m) => m.name === municipality)!.id);
  const values = { name: text(name), municipality: selected(id), targetGroup: selected(group), stage: selected('operationeel'), places: text(String(places)), occupied: text(String(occupied)) };
  expect((await bot.interact(submit(form, EDITOR, values))).text).toBe('');
}

async function setOccupied(name: string, occupied: number, places?: number): Promise<void> {
  const form = await openedModal(bot, `bijwerken ${name}`, EDITOR);
  const values: Record<string, ReturnType<typeof text>> = { occupied: text(String(occupied)) };
  if (places !== undefined) values.places = text(String(places));
  expect((await bot.interact(submit(form, EDITOR, values))).text).toBe('');
}

describe('threshold alerts', () => {
  it('free Oekraïner places of the region: one alert below the minimum, none while below, one "hersteld" with the margin, again on the next crossing', async () => {
    await addLocation('Hotel Zwolle', 'Zwolle', 300, 150);
    const saved = await setThresholds({ [minFreeField('oekrainers')]: '100' });
    expect(saved).toContain('Drempels opgeslagen: minimaal 100 vrije plekken Oekraïners (GOO).');
    // 150 free: nothing beyond, so setting the threshold announced nothing.
    expect(await alerts()).toEqual([]);

    await setOccupied('Hotel Zwolle', 220); // 80 free: below 100
    let posted = await alerts();
    expect(posted).toHaveLength(1);
    expect(posted[0]).toContain(':rotating_light: *Drempel overschreden*');
    expect(posted[0]).toContain('Vrije plekken *Oekraïners (GOO)* in de regio onder het minimum van 100: 150 → 80.');
    expect(posted[0]).toContain('*Wijziging:* <@UEDITOR1> werkte bij');
    expect(posted[0]).toContain('Hotel Zwolle (Zwolle): bezet 150 → 220');
    expect(posted[0]).toContain('Stand bekijken');

    await setOccupied('Hotel Zwolle', 230); // 70: still below
    await setOccupied('Hotel Zwolle', 195); // 105: above the minimum, inside the margin (back at 110)
    await setOccupied('Hotel Zwolle', 230); // 70 again: no new crossing, it never recovered
    expect(await alerts()).toHaveLength(1);

    await setOccupied('Hotel Zwolle', 185); // 115: recovered
    posted = await alerts();
    expect(posted).toHaveLength(2);
    expect(posted[1]).toContain(':white_check_mark: *Hersteld*');
    expect(posted[1]).toContain('Vrije plekken *Oekraïners (GOO)* weer 115 (minimum 100, hersteld vanaf 110).');
    expect(posted[1]).not.toContain('Stand bekijken');
    await setOccupied('Hotel Zwolle', 180); // 120: still fine, nothing more
    expect(await alerts()).toHaveLength(2);

    await setOccupied('Hotel Zwolle', 250); // 50: crossing again
    posted = await alerts();
    expect(posted).toHaveLength(3);
    expect(posted[2]).toContain('onder het minimum van 100: 120 → 50.');

    // Every alert is a separate post with its own key, and each went out once.
    const keys = bot.fake.history.messagesIn(ALERTS).map((m) => m.metadata?.event_payload.key);
    expect(new Set(keys).size).toBe(3);
    // The audit log has the thresholds' change; the stand's footer shows them with where the figure is.
    expect(bot.deps.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'thresholds.update' AND actor = ?").pluck().get(ADMIN)).toBe(1);
    const stand = visibleText((await bot.command('stand')).json());
    expect(stand).toContain('Drempels voor meldingen: vrij Oekraïners (GOO) min. 100 (nu 50 :rotating_light:)');
  });

  it('"Stand bekijken" under the alert shows the stand privately', async () => {
    await addLocation('Hotel Zwolle', 'Zwolle', 300, 150);
    await setThresholds({ [minFreeField('oekrainers')]: '100' });
    await setOccupied('Hotel Zwolle', 290);
    await alerts();
    const alert = bot.fake.history.messagesIn(ALERTS)[0]!;
    const button = (alert.blocks as any[]).flatMap((b) => b.elements ?? []).find((e: any) => e.action_id === STAND_OPEN);
    await bot.interact(buttonClick(STAND_OPEN, 'UVIEWER1', { value: button.value, channel: ALERTS, messageTs: alert.ts, responseUrl: bot.fake.responseUrl('alert') }));
    await bot.idle();
    const answer = bot.fake.last('response_url')!;
    expect(answer.body.response_type).toBe('ephemeral');
    expect(visibleText(answer.body)).toContain('Stand opvang IJsselland');
    expect(visibleText(answer.body)).toContain('*Oekraïners (GOO)*: 300 plekken, 290 bezet');
  });

  it('the occupancy of one location: alert at the maximum, none inside the margin, "hersteld" 3 points below, again after', async () => {
    await addLocation('Sporthal Ommen', 'Ommen', 100, 50, 'cno');
    await setThresholds({ maxLocationOccupancy: '95' });
    await setOccupied('Sporthal Ommen', 95); // 95%: at the maximum
    let posted = await alerts();
    expect(posted).toHaveLength(1);
    expect(posted[0]).toContain('*Sporthal Ommen (Ommen)*: bezetting 50,0% → 95,0%, maximum 95%.');
    await setOccupied('Sporthal Ommen', 99);
    await setOccupied('Sporthal Ommen', 93); // below 95, not yet 92
    expect(await alerts()).toHaveLength(1);
    await setOccupied('Sporthal Ommen', 92);
    posted = await alerts();
    expect(posted).toHaveLength(2);
    expect(posted[1]).toContain('*Sporthal Ommen (Ommen)*: bezetting weer 92,0% (maximum 95%, hersteld vanaf 92%).');
    // Fewer places push it over again, with the same occupied.
    await setOccupied('Sporthal Ommen', 92, 96);
    posted = await alerts();
    expect(posted).toHaveLength(3);
    expect(posted[2]).toContain('bezetting 92,0% → 95,8%');
    expect(posted[2]).toContain('Sporthal Ommen (Ommen): plekken 100 → 96');
  });

  it('the national occupancy, through /opvang landelijk: once, no repeat while beyond, "hersteld" with the margin, again on the next crossing', async () => {
    await setThresholds({ nationalOccupancy: '90' });
    // The baseline's 24 May: 84,5%. Nothing beyond.
    expect(await alerts()).toEqual([]);
    const national = async (asOf: string, occupied: string) => {
      const form = await openedModal(bot, 'landelijk', EDITOR);
      expect((await bot.interact(submit(form, EDITOR, { asOf: { type: 'datepicker', selected_date: asOf }, places: text('46.091'), occupied: text(occupied) }))).text).toBe('');
    };
    await national('2022-05-25', '41.500'); // 90,0%
    let posted = await alerts();
    expect(posted).toHaveLength(1);
    expect(posted[0]).toContain('*Landelijke bezettingsgraad Oekraïners (noodopvang gemeenten)* 84,5% → 90,0%, drempel 90%.');
    // The notification (push, lock screen) names the population as the body does.
    expect(await alertTexts()).toEqual(['Drempel overschreden: Landelijke bezettingsgraad Oekraïners (noodopvang gemeenten)']);
    expect(posted[0]).toContain('<@UEDITOR1> voerde landelijke cijfers in');
    expect(posted[0]).toContain('Oekraïners (noodopvang gemeenten), peildatum 25 mei 2022: 46.091 plekken, 41.500 bezet');
    // Still beyond: no repeat. An older reference date does not change the latest figures: nothing to evaluate.
    await national('2022-05-25', '42.000'); // 91,1%
    await national('2022-05-20', '45.000');
    await national('2022-05-25', '41.000'); // 89,0%: inside the margin
    expect(await alerts()).toHaveLength(1);
    await national('2022-05-25', '40.000'); // 86,8%
    posted = await alerts();
    expect(posted).toHaveLength(2);
    expect(posted[1]).toContain('*Landelijke bezettingsgraad Oekraïners (noodopvang gemeenten)* weer 86,8%');
    expect((await alertTexts())[1]).toBe('Hersteld: Landelijke bezettingsgraad Oekraïners (noodopvang gemeenten)');
    await national('2022-05-25', '39.000'); // 84,6%: still fine, nothing more
    expect(await alerts()).toHaveLength(2);
    // Crossing again alerts again.
    await national('2022-05-25', '41.600'); // 90,3%
    posted = await alerts();
    expect(posted).toHaveLength(3);
    expect(posted[2]).toContain('*Landelijke bezettingsgraad Oekraïners (noodopvang gemeenten)* 84,6% → 90,3%, drempel 90%.');
    // COA's figures count other people: however full, they are not this threshold's.
    const form = await openedModal(bot, 'landelijk', EDITOR);
    const coa = { population: selected('asielzoekers_coa'), asOf: { type: 'datepicker', selected_date: '2022-05-25' }, places: text('40.000'), occupied: text('20.000') };
    expect((await bot.interact(submit(form, EDITOR, coa))).text).toBe('');
    expect(await alerts()).toHaveLength(3);
  });

  it('setting a threshold that is already passed announces it at once, and the admin hears so', async () => {
    await addLocation('Hotel Zwolle', 'Zwolle', 100, 40);
    const saved = await setThresholds({ [minFreeField('oekrainers')]: '100', [minFreeField('cno')]: '10' });
    expect(saved).toContain(`Meteen gemeld in <#${ALERTS}>:`);
    expect(saved).toContain('Oekraïners (GOO)');
    const posted = await alerts();
    expect(posted).toHaveLength(1);
    expect(posted[0]).toContain('*2 drempels overschreden*');
    expect(posted[0]).toContain('Vrije plekken *Oekraïners (GOO)* in de regio onder het minimum van 100: nu 60.');
    expect(posted[0]).toContain('Vrije plekken *Crisisnoodopvang (CNO)* in de regio onder het minimum van 10: nu 0.');
    expect(posted[0]).toContain('<@UADMIN1> stelde de drempels in');
    // Saving the same thresholds again changes nothing: the alerts stand.
    await setThresholds({ [minFreeField('oekrainers')]: '100', [minFreeField('cno')]: '10' });
    expect(await alerts()).toHaveLength(1);
  });

  it('a CSV import is one write: one alert naming the import', async () => {
    await addLocation('Hotel Zwolle', 'Zwolle', 300, 150);
    await setThresholds({ [minFreeField('oekrainers')]: '100' });
    const csv = 'naam;gemeente;doelgroep;fase;plekken;bezet\nHotel Zwolle;Zwolle;Oekraïners (GOO);operationeel;300;260\nKazerne Ommen;Ommen;Oekraïners (GOO);operationeel;40;40\n';
    await bot.event({ type: 'message', channel: 'D0ADMIN', channel_type: 'im', user: ADMIN, ts: '1700000009.000001', files: [{ id: 'FCSV1', name: 'locaties.csv', filetype: 'csv', url_private: bot.fake.serveFile('locaties.csv', csv) }] });
    const posted = await alerts();
    expect(posted).toHaveLength(1);
    expect(posted[0]).toContain('onder het minimum van 100: 150 → 40.');
    expect(posted[0]).toContain('<@UADMIN1> importeerde een CSV-bestand (2 locaties gewijzigd)');
    expect(posted[0]).toContain('Hotel Zwolle (Zwolle): bezet 150 → 260');
    expect(posted[0]).toContain('Kazerne Ommen (Ommen): nieuw, 40 plekken, 40 bezet');
  });

  it('a noodknop placement is one write: one alert naming the placement', async () => {
    await addLocation('Hotel Zwolle', 'Zwolle', 120, 0);
    await setThresholds({ [minFreeField('oekrainers')]: '100' });
    // A request, an offer of 30 places in Hotel Zwolle, and the requester's placement.
    const request = await openedModal(bot, 'noodknop', EDITOR);
    expect((await bot.interact(submit(request, EDITOR, { persons: text('30') }))).text).toBe('');
    const id = bot.deps.db.prepare('SELECT max(id) FROM noodknop_requests').pluck().get() as number;
    const location = bot.deps.db.prepare("SELECT id FROM locations WHERE name = 'Hotel Zwolle'").pluck().get() as number;
    const offered = await bot.interact(viewSubmission(NOODKNOP_OFFER_VIEW, EDITOR, { location: selected(String(location)), places: text('30') }, { privateMetadata: JSON.stringify({ requestId: id }) }));
    expect(offered.text).toBe('');
    const offer = bot.deps.db.prepare('SELECT id FROM noodknop_offers WHERE request_id = ?').pluck().get(id) as number;
    const placed = await bot.interact(viewSubmission(NOODKNOP_PLACE_VIEW, EDITOR, { [`used_${offer}`]: text('30') }, { privateMetadata: JSON.stringify({ requestId: id }) }));
    expect(placed.text).toBe('');
    const posted = await alerts();
    expect(posted).toHaveLength(1);
    expect(posted[0]).toContain('onder het minimum van 100: 120 → 90.');
    expect(posted[0]).toContain(`<@UEDITOR1> bevestigde de plaatsing van noodknop-oproep #${id}`);
    expect(posted[0]).toContain('Hotel Zwolle (Zwolle): bezet 0 → 30');
  });

  it('the thresholds form refuses what is not a threshold, and is for admins only', async () => {
    const refused = await bot.command('drempels', EDITOR);
    expect(visibleText(refused.json())).toContain('beheerder');
    const form = await openedModal(bot, 'drempels', ADMIN);
    const res = await bot.interact(submit(form, ADMIN, { maxLocationOccupancy: text('120'), nationalOccupancy: text('9,5'), [minFreeField('oekrainers')]: text('-5') }));
    const errors = res.json().errors as Record<string, string>;
    expect(Object.values(errors)).toEqual(
      expect.arrayContaining(['Een percentage van 1 t/m 100.', expect.stringContaining('hele getallen'), expect.stringContaining('negatief')]),
    );
    expect(bot.deps.db.prepare('SELECT count(*) FROM thresholds').pluck().get()).toBe(0);
  });

  it('without ALERT_CHANNEL the alert goes to DIGEST_CHANNEL (its default)', async () => {
    await bot.close();
    bot = await startBot({ env: { DIGEST_CHANNEL: 'C0DIGEST' } });
    grantRole(bot, EDITOR, 'editor');
    expect(bot.deps.config.alerts.channel).toBe('C0DIGEST');
    await addLocation('Hotel Zwolle', 'Zwolle', 300, 150);
    await setThresholds({ [minFreeField('oekrainers')]: '100' });
    await setOccupied('Hotel Zwolle', 220); // 80 free: below 100
    expect(await alertTexts('C0DIGEST')).toEqual(['Drempel overschreden: Oekraïners (GOO)']);
    expect(visibleText(bot.fake.history.messagesIn('C0DIGEST').find((m) => m.metadata?.event_type === 'opvang_threshold_alert') as never)).toContain(
      'Vrije plekken *Oekraïners (GOO)* in de regio onder het minimum van 100: 150 → 80.',
    );
    expect(bot.fake.history.messagesIn(ALERTS)).toEqual([]);
  });
});
