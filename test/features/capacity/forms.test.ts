import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { municipalitiesOf } from '../../../src/features/capacity/capacity.store';
import { TARGET_PICKER } from '../../../src/blockkit/ids';
import { blockKitViolations } from '../../support/conformance/block-kit-rules';
import { buttonClick, checked, date, selected, startBot, text, viewOf, visibleText, type TestBot } from '../../support/bot';
import { blockIdOf, grantRole, openedModal, submit } from '../../support/forms';

const EDITOR = 'UEDITOR1';
const VIEWER = 'UREADER1';
let bot: TestBot;

beforeEach(async () => {
  bot = await startBot();
  grantRole(bot, EDITOR, 'editor');
});
afterEach(async () => {
  await bot.close();
});

const municipalityId = (name: string) => String(municipalitiesOf(bot.deps.db, 'VR04').find((m) => m.name === name)!.id);
const count = (sql: string) => bot.deps.db.prepare(sql).pluck().get() as number;

describe('/opvang locatie', () => {
  const newLocation = (over: Record<string, any> = {}) => ({
    name: text('Sporthal De Kroon'),
    municipality: selected(municipalityId('Kampen')),
    targetGroup: selected('cno'),
    stage: selected('operationeel'),
    places: text('70'),
    occupied: text('0'),
    overbezetting: checked(),
    opensOn: date('2022-06-22'),
    contact: text('Jan <@U42>'),
    note: text(null),
    ...over,
  });

  it('adds a location with history and audit; stand shows it', async () => {
    const view = await openedModal(bot, 'locatie', EDITOR);
    expect(view.title.text).toBe('Locatie toevoegen');
    expect(blockKitViolations('modal', view)).toEqual([]);
    const municipality = view.blocks.find((b: any) => b.block_id === 'municipality');
    expect(municipality.element.options.map((o: any) => o.text.text)).toContain('Zwartewaterland');

    const res = await bot.interact(submit(view, EDITOR, newLocation()));
    expect(res.text).toBe('');
    const row = bot.deps.db.prepare("SELECT name, target_group AS g, places, contact, created_by AS by FROM locations WHERE name = 'Sporthal De Kroon'").get();
    expect(row).toEqual({ name: 'Sporthal De Kroon', g: 'cno', places: 70, contact: 'Jan <@U42>', by: EDITOR });
    expect(count("SELECT count(*) FROM audit_log WHERE action = 'location.create' AND actor = 'UEDITOR1'")).toBe(1);
    expect(count("SELECT count(*) FROM location_history WHERE recorded_by = 'UEDITOR1'")).toBe(1);
    const said = visibleText((await bot.fake.waitForCall('chat.postEphemeral')).body);
    expect(said).toContain('Locatie *Sporthal De Kroon* toegevoegd in Kampen');
    expect(visibleText((await bot.command('stand kampen')).json())).toContain('Contact: Jan &lt;@U42&gt;');
    expect(visibleText((await bot.command('stand')).json())).toContain('*Crisisnoodopvang (CNO)*: 70 plekken, 0 bezet · 1 locatie');
  });

  it('refuses a duplicate name in the same municipality with a field error, and stores a double submission once', async () => {
    const view = await openedModal(bot, 'locatie', EDITOR);
    const payload = submit(view, EDITOR, newLocation(), { viewId: 'VLOC', hash: 'h1' });
    await bot.interact(payload);
    await bot.interact(payload);
    expect(count('SELECT count(*) FROM locations')).toBe(2);

    const second = await openedModal(bot, 'locatie', EDITOR);
    const res = (await bot.interact(submit(second, EDITOR, newLocation({ name: text('sporthal de kroon') })))).json();
    expect(res.response_action).toBe('errors');
    expect(res.errors.name).toBe('Er is al een locatie met deze naam in Kampen. Kies een andere naam of werk die locatie bij.');
    // same name elsewhere is fine, and the same view can be resubmitted after the error
    expect((await bot.interact(submit(second, EDITOR, newLocation({ municipality: selected(municipalityId('Zwolle')) })))).text).toBe('');
    expect(count('SELECT count(*) FROM locations')).toBe(3);
  });

  it('shows validation errors next to the fields', async () => {
    const view = await openedModal(bot, 'locatie', EDITOR);
    const res = (await bot.interact(submit(view, EDITOR, newLocation({ name: text('   '), places: text('5'), occupied: text('6'), targetGroup: selected(null) })))).json();
    expect(res.errors).toEqual({
      name: 'Naam is verplicht.',
      occupied: 'Bezet (6) is meer dan Plekken (5). Klopt dat? Vink dan "overbezetting" aan.',
      targetGroup: 'Kies een doelgroep.',
    });
    expect(count('SELECT count(*) FROM locations')).toBe(1);
  });

  it('refuses a viewer', async () => {
    expect(visibleText((await bot.command('locatie', VIEWER)).json())).toContain('Hiervoor heb je de rol bewerker nodig. Er is niets opgeslagen. Vraag <@UADMIN1>');
  });
});

describe('/opvang landelijk', () => {
  it('stores national figures; the same date again replaces them and says so, with before and after in the audit', async () => {
    const view = await openedModal(bot, 'landelijk', EDITOR);
    expect(blockKitViolations('modal', view)).toEqual([]);
    expect(view.blocks.find((b: any) => b.block_id === 'asOf').element.initial_date).toBe('2022-05-25');
    // A peildatum in the future is refused; the figures of a day that has come are not.
    const future = (await bot.interact(submit(view, EDITOR, { asOf: date('2022-05-31'), places: text('46.591'), occupied: text('38849') }))).json();
    expect(future.errors).toEqual({ asOf: 'De peildatum ligt in de toekomst. Kies vandaag of een eerdere dag.' });
    bot.clock.set('2022-06-01T09:00:00+02:00');
    await bot.interact(submit(view, EDITOR, { asOf: date('2022-05-31'), places: text('46.591'), occupied: text('38849'), source: text('COA *weekbericht*') }));
    expect(visibleText((await bot.fake.waitForCall('chat.postEphemeral')).body)).toContain('Landelijke cijfers Oekraïners (noodopvang gemeenten) van 31 mei 2022 opgeslagen: 46.591 plekken, 38.849 bezet');

    const stand = visibleText((await bot.command('stand')).json());
    expect(stand).toContain('46.591 plekken · 38.849 bezet');
    expect(stand).toContain('bron: COA *\u200dweekbericht*\u200d');

    const again = await openedModal(bot, 'landelijk', EDITOR);
    await bot.interact(submit(again, EDITOR, { asOf: date('2022-05-31'), places: text('46600'), occupied: text('38849'), source: text(null) }));
    const replaced = visibleText((await bot.fake.waitForCall('chat.postEphemeral', 2)).body);
    expect(replaced).toContain('Landelijke cijfers Oekraïners (noodopvang gemeenten) van 31 mei 2022 *vervangen*: plekken 46.591 → 46.600');
    const audit = bot.deps.db.prepare("SELECT before_json AS b, after_json AS a FROM audit_log WHERE action = 'national.update'").get() as any;
    expect(JSON.parse(audit.b).places).toBe(46591);
    expect(JSON.parse(audit.a).places).toBe(46600);
    expect(count("SELECT count(*) FROM national_figures WHERE as_of = '2022-05-31'")).toBe(1);
  });

  it('stores the doelgroep the figures count; another doelgroep on the same date is its own figure, a crafted one is refused', async () => {
    const view = await openedModal(bot, 'landelijk', EDITOR);
    const select = view.blocks.find((b: any) => b.block_id === 'population').element;
    expect(select.options.map((o: any) => o.text.text)).toEqual(['Oekraïners (noodopvang gemeenten)', 'Asielzoekers (COA)']);
    expect(select.initial_option.value).toBe('oekrainers_gemeenten');
    const crafted = (await bot.interact(submit(view, EDITOR, { population: selected('iedereen'), asOf: date('2022-05-24'), places: text('1'), occupied: text('1') }))).json();
    expect(crafted.errors).toEqual({ population: 'Kies een doelgroep uit de lijst.' });
    await bot.interact(submit(view, EDITOR, { population: selected('asielzoekers_coa'), asOf: date('2022-05-24'), places: text('40.100'), occupied: text('39.900'), source: text('COA') }));
    expect(visibleText((await bot.fake.waitForCall('chat.postEphemeral')).body)).toContain('Landelijke cijfers Asielzoekers (COA) van 24 mei 2022 opgeslagen: 40.100 plekken, 39.900 bezet');
    expect(bot.deps.db.prepare("SELECT population, places FROM national_figures WHERE as_of = '2022-05-24' ORDER BY population").all()).toEqual([
      { population: 'asielzoekers_coa', places: 40100 },
      { population: 'oekrainers_gemeenten', places: 46091 },
    ]);
    const stand = visibleText((await bot.command('stand')).json());
    expect(stand).toContain('*Landelijk: Asielzoekers (COA)*\n40.100 plekken');
    expect(stand).toContain('*Landelijk: Oekraïners (noodopvang gemeenten)*\n46.091 plekken');
    // The form starts at the doelgroep entered last and shows each one's latest figures.
    const next = await openedModal(bot, 'landelijk', EDITOR);
    expect(next.blocks.find((b: any) => b.block_id === 'population').element.initial_option.value).toBe('asielzoekers_coa');
    expect(visibleText(next)).toContain('Laatst ingevoerd: Asielzoekers (COA): 24 mei 2022, 40.100 plekken, 39.900 bezet. Oekraïners (noodopvang gemeenten): 24 mei 2022, 46.091 plekken, 38.949 bezet.');
  });

  it('validates, refuses viewers and stores a double submission once', async () => {
    const view = await openedModal(bot, 'landelijk', EDITOR);
    const bad = (await bot.interact(submit(view, EDITOR, { asOf: date(null), places: text('46.091,5'), occupied: text('-1') }))).json();
    expect(bad.errors).toEqual({ asOf: 'Kies een peildatum.', places: 'Alleen hele getallen (zoals 1200 of 1.200).', occupied: 'Mag niet negatief zijn.' });
    const payload = submit(view, EDITOR, { asOf: date('2022-05-24'), places: text('100'), occupied: text('50') }, { viewId: 'VN', hash: 'h' });
    await bot.interact(payload);
    await bot.interact(payload);
    expect(count("SELECT count(*) FROM audit_log WHERE entity = 'national_figures' AND actor = 'UEDITOR1'")).toBe(1);
    expect(visibleText((await bot.command('landelijk', VIEWER)).json())).toContain('Hiervoor heb je de rol bewerker nodig. Er is niets opgeslagen. Vraag <@UADMIN1>');
  });
});

describe('/opvang doelen', () => {
  it('adds a target, changes an existing one through the picker, and refuses a duplicate label', async () => {
    const view = await openedModal(bot, 'doelen', EDITOR);
    expect(blockKitViolations('modal', view)).toEqual([]);
    const values = { targetGroup: selected('statushouders'), number: text('120'), dueOn: date('2022-12-31'), label: text('120 statushouders <!here>'), priority: selected('hoog') };
    expect((await bot.interact(submit(view, EDITOR, { [TARGET_PICKER]: selected('new'), ...values }))).text).toBe('');
    expect(visibleText((await bot.command('stand')).json())).toContain('120 statushouders &lt;!here&gt; vóór 31 december 2022 _(hoge prioriteit)_');

    // A saved form closes; the same label again comes from a new one.
    const second = await openedModal(bot, 'doelen', EDITOR);
    const dup = (await bot.interact(submit(second, EDITOR, { [TARGET_PICKER]: selected('new'), ...values }))).json();
    expect(dup.errors[blockIdOf(second, 'label')]).toBe('Er is al een doel met deze omschrijving.');

    const id = String(bot.deps.db.prepare("SELECT id FROM targets WHERE label = '100 CNO-plekken'").pluck().get());
    await bot.interact({
      ...buttonClick(TARGET_PICKER, EDITOR),
      view: { id: 'VT', hash: 'ht', callback_id: view.callback_id, private_metadata: view.private_metadata, state: { values: {} } },
      actions: [{ type: 'static_select', action_id: TARGET_PICKER, block_id: TARGET_PICKER, selected_option: { value: id, text: { type: 'plain_text', text: 'x' } }, action_ts: '1.3' }],
    });
    const filled = viewOf(await bot.fake.waitForCall('views.update'));
    expect(filled.title.text).toBe('Doel wijzigen');
    expect(filled.blocks.find((b: any) => b.block_id === blockIdOf(filled, 'number')).element.initial_value).toBe('100');
    const res = await bot.interact(
      submit(filled, EDITOR, { [TARGET_PICKER]: selected(id), targetGroup: selected('cno'), number: text('150'), dueOn: date(null), label: text('150 CNO-plekken'), priority: selected('laag') }),
    );
    expect(res.text).toBe('');
    expect(visibleText((await bot.command('stand')).json())).toContain('0 van 150');
    const audit = bot.deps.db.prepare("SELECT before_json AS b, after_json AS a FROM audit_log WHERE action = 'target.update'").get() as any;
    expect(JSON.parse(audit.b).number).toBe(100);
    expect(JSON.parse(audit.a).number).toBe(150);
  });

  it('refuses zero and a viewer', async () => {
    const view = await openedModal(bot, 'doelen', EDITOR);
    const res = (await bot.interact(submit(view, EDITOR, { [TARGET_PICKER]: selected('new'), targetGroup: selected('cno'), number: text('0'), label: text('x'), priority: selected('normaal') }))).json();
    expect(res.errors[blockIdOf(view, 'number')]).toBe('Streefaantal moet groter zijn dan 0.');
    expect(visibleText((await bot.command('doelen', VIEWER)).json())).toContain('Hiervoor heb je de rol bewerker nodig. Er is niets opgeslagen. Vraag <@UADMIN1>');
  });
});

describe('/opvang taakstelling', () => {
  const carry = (kind: string, number: string | null) => ({ carryKind: selected(kind), carryNumber: text(number) });

  it('stores quota, housed and carry-over (achterstand or voorsprong, never a sign) per municipality and half-year; stand says how many municipalities entered figures', async () => {
    const view = await openedModal(bot, 'taakstelling', EDITOR);
    expect(blockKitViolations('modal', view)).toEqual([]);
    const halfYear = view.blocks.find((b: any) => b.block_id === 'halfYear').element;
    expect(halfYear.options.map((o: any) => o.text.text)).toEqual(['2021-I (jan–jun)', '2021-II (jul–dec)', '2022-I (jan–jun)', '2022-II (jul–dec)']);
    expect(halfYear.initial_option.value).toBe('2022-I');
    await bot.interact(submit(view, EDITOR, { municipality: selected(municipalityId('Zwolle')), halfYear: selected('2022-I'), quota: text('60'), housed: text('40'), ...carry('achterstand', '5') }));
    const confirmation = visibleText((await bot.fake.waitForCall('chat.postEphemeral')).body);
    expect(confirmation).toContain('Taakstelling Zwolle 2022-I (jan–jun): 40 van 65 gehuisvest (taakstelling 60, achterstand vorig halfjaar 5) · achterstand 25');
    expect(bot.deps.db.prepare('SELECT carry_over FROM housing_quotas').pluck().get()).toBe(5);
    // One municipality of eleven: its figures, and no claim about the region.
    let stand = visibleText((await bot.command('stand')).json());
    expect(stand).toContain(
      '*Statushouders taakstelling 2022-I (jan–jun)*: 1 van 11 gemeenten ingevoerd · deze gemeente: 40 van 65 gehuisvest, achterstand 25 · stand van de regio onbekend zolang 10 gemeenten ontbreken (`/opvang taakstelling`)',
    );
    expect(stand).not.toContain('regio 40 van 65');

    await bot.interact(submit(await openedModal(bot, 'taakstelling', EDITOR), EDITOR, { municipality: selected(municipalityId('Ommen')), halfYear: selected('2022-I'), quota: text('10'), housed: text('14'), ...carry('voorsprong', '2') }));
    expect(bot.deps.db.prepare("SELECT carry_over FROM housing_quotas q JOIN municipalities m ON m.id = q.municipality_id WHERE m.name = 'Ommen'").pluck().get()).toBe(-2);
    stand = visibleText((await bot.command('stand')).json());
    expect(stand).toContain('2 van 11 gemeenten ingevoerd · deze 2 gemeenten: 54 van 73 gehuisvest, achterstand 19 · stand van de regio onbekend zolang 9 gemeenten ontbreken');
    expect(stand).toContain('Ommen: 14 van 8 · voorsprong 6');
    expect(stand).toContain('Zwolle: 40 van 65 · achterstand 25');

    // the same municipality and half-year again replaces the figures, with before and after in words
    await bot.interact(submit(await openedModal(bot, 'taakstelling', EDITOR), EDITOR, { municipality: selected(municipalityId('Zwolle')), halfYear: selected('2022-I'), quota: text('60'), housed: text('70'), ...carry('geen', null) }));
    expect(visibleText((await bot.fake.waitForCall('chat.postEphemeral', 3)).body)).toContain('70 van 60 gehuisvest · voorsprong 10 (was: 40 van 65');
    expect(count("SELECT count(*) FROM audit_log WHERE action = 'quota.update'")).toBe(1);
    const history = visibleText((await bot.command('historie')).json());
    expect(history).toContain('uit vorig halfjaar achterstand 5 → geen');
  });

  it('with every municipality entered, the region has its achterstand', async () => {
    const all = municipalitiesOf(bot.deps.db, 'VR04');
    const insert = bot.deps.db.prepare(`INSERT INTO housing_quotas (municipality_id, half_year, quota, housed, carry_over, updated_at, updated_by) VALUES (?, '2022-I', 10, 8, 0, 'x', 'U1')`);
    for (const m of all) insert.run(m.id);
    const stand = visibleText((await bot.command('stand')).json());
    expect(stand).toContain(`*Statushouders taakstelling 2022-I (jan–jun)*: ${all.length} van ${all.length} gemeenten ingevoerd · regio ${8 * all.length} van ${10 * all.length} gehuisvest · *achterstand ${2 * all.length}*`);
  });

  it('validates the half-year and the carry-over, and refuses a viewer', async () => {
    const view = await openedModal(bot, 'taakstelling', EDITOR);
    const res = (await bot.interact(submit(view, EDITOR, { municipality: selected(null), halfYear: selected('2030-I'), quota: text('1,5'), housed: text('0'), ...carry('achterstand', null) }))).json();
    expect(res.errors).toEqual({
      municipality: 'Kies een gemeente.',
      halfYear: 'Kies een halfjaar uit de lijst.',
      quota: 'Alleen hele getallen (zoals 1200 of 1.200).',
      carryNumber: 'Vul in hoeveel achterstand er is, of kies "Geen".',
    });
    const signed = (await bot.interact(submit(view, EDITOR, { municipality: selected(municipalityId('Zwolle')), halfYear: selected('2022-I'), quota: text('10'), housed: text('0'), ...carry('geen', '-5') }))).json();
    expect(Object.keys(signed.errors)).toEqual(['carryNumber']);
    const kindless = (await bot.interact(submit(view, EDITOR, { municipality: selected(municipalityId('Zwolle')), halfYear: selected('2022-I'), quota: text('10'), housed: text('0'), ...carry('geen', '5') }))).json();
    expect(kindless.errors).toEqual({ carryKind: 'Kies achterstand of voorsprong bij dit aantal, of maak het aantal leeg.' });
    expect(count('SELECT count(*) FROM housing_quotas')).toBe(0);
    expect(visibleText((await bot.command('taakstelling', VIEWER)).json())).toContain('Hiervoor heb je de rol bewerker nodig. Er is niets opgeslagen. Vraag <@UADMIN1>');
  });
});
