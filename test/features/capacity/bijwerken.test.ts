import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertLocation, municipalitiesOf } from '../../../src/features/capacity/capacity.store';
import { updateLocation } from '../../../src/features/capacity/figures.write';
import { findLocation } from '../../../src/features/capacity/locations.store';
import { HOME_LOCATION_UPDATE, LOCATION_PICKER } from '../../../src/blockkit/ids';
import { blockKitViolations } from '../../support/conformance/block-kit-rules';
import { ADMIN, CHANNEL, buttonClick, checked, external, selected, startBot, text, viewOf, visibleText, type TestBot } from '../../support/bot';
import { blockIdOf, grantRole, openedModal, submit } from '../../support/forms';

const EDITOR = 'UEDITOR1';
const VIEWER = 'UREADER1';
let bot: TestBot;
let sporthal: number;

function addLocation(name: string, municipality: string, places = 75, occupied = 20) {
  const m = municipalitiesOf(bot.deps.db, 'VR04').find((x) => x.name === municipality)!;
  const result = insertLocation(
    bot.deps.db,
    { municipalityId: m.id, name, targetGroup: 'oekrainers', stage: 'operationeel', places, occupied, opensOn: null, contact: null, note: null },
    'UOLD1',
    new Date('2022-05-20T08:00:00Z'),
  );
  if (result.status !== 'created') throw new Error('not created');
  return result.location.id;
}

beforeEach(async () => {
  bot = await startBot();
  grantRole(bot, EDITOR, 'editor');
  sporthal = addLocation('Sporthal Ommen', 'Ommen');
});
afterEach(async () => {
  await bot.close();
});

const figures = (over: Record<string, any> = {}) => ({
  places: text('80'),
  occupied: text('30'),
  overbezetting: checked(),
  stage: selected('operationeel'),
  expectedPlaces: text(null),
  note: text(null),
  ...over,
});

describe('/opvang bijwerken <locatie>', () => {
  it('confirms in a direct message when the bot is not in the channel the command came from', async () => {
    const view = await openedModal(bot, 'bijwerken sporthal ommen', EDITOR);
    bot.fake.fail('chat.postEphemeral', { status: 200, error: 'channel_not_found' });
    await bot.interact(submit(view, EDITOR, figures({ places: text('80'), occupied: text('30') })));
    expect(findLocation(bot.deps.db, sporthal)).toMatchObject({ places: 80, occupied: 30 });
    // The direct message goes to the channel conversations.open gives for the user (the fake: D + user id).
    const dm = `D${EDITOR}`;
    await bot.fake.waitFor((calls) => calls.some((c) => c.method === 'chat.postMessage' && c.body.channel === dm));
    expect(bot.fake.last('conversations.open')!.body.users).toBe(EDITOR);
    const direct = bot.fake.callsTo('chat.postMessage').find((c) => c.body.channel === dm)!;
    expect(visibleText(direct.body)).toContain('plekken 75 → 80, bezet 20 → 30');
  });

  it('opens on the named location, stores the new figures with history and audit, and stand shows them', async () => {
    const view = await openedModal(bot, 'bijwerken sporthal ommen', EDITOR);
    expect(view.title.text).toBe('Locatie bijwerken');
    expect(blockKitViolations('modal', view)).toEqual([]);
    expect(JSON.parse(view.private_metadata)).toMatchObject({ id: sporthal, version: 1, channel: CHANNEL });
    const places = view.blocks.find((b: any) => b.block_id === blockIdOf(view, 'places'));
    expect(places.element.initial_value).toBe('75');
    expect(places.label.text).toBe('Plekken');

    const res = await bot.interact(submit(view, EDITOR, figures({ places: text('1.200'), occupied: text('950'), note: text('Nieuwe vleugel <!channel> *open*') })));
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(findLocation(bot.deps.db, sporthal)).toMatchObject({ places: 1200, occupied: 950, version: 2, updatedBy: EDITOR, note: 'Nieuwe vleugel <!channel> *open*' });
    expect(bot.deps.db.prepare('SELECT places, occupied, recorded_by AS by FROM location_history WHERE location_id = ? ORDER BY id').all(sporthal)).toEqual([
      { places: 75, occupied: 20, by: 'UOLD1' },
      { places: 1200, occupied: 950, by: EDITOR },
    ]);
    const audit = bot.deps.db.prepare("SELECT actor, before_json AS b, after_json AS a FROM audit_log WHERE action = 'location.update'").get() as any;
    expect(audit.actor).toBe(EDITOR);
    expect(JSON.parse(audit.b)).toMatchObject({ places: 75, occupied: 20 });
    expect(JSON.parse(audit.a)).toMatchObject({ places: 1200, occupied: 950 });

    const confirmation = await bot.fake.waitForCall('chat.postEphemeral');
    expect(confirmation.body.user).toBe(EDITOR);
    const said = visibleText(confirmation.body);
    expect(said).toContain('plekken 75 → 1.200, bezet 20 → 950');
    // typed text shows as typed: escaped, notifies nobody
    expect(said).toContain('&lt;!channel&gt;');
    expect(said).not.toContain('<!channel>');
    expect(said).toContain('*\u200dopen*\u200d');

    const stand = visibleText((await bot.command('stand', VIEWER)).json());
    expect(stand).toContain('*Oekraïners (GOO)*: 1.200 plekken, 950 bezet · 1 locatie');
    expect(stand).toContain('1.200 van 2.000');
    const history = visibleText((await bot.command('historie Sporthal Ommen', VIEWER)).json());
    expect(history).toContain('<@UEDITOR1> · locatie bijgewerkt *Sporthal Ommen*: plekken 75 → 1.200, bezet 20 → 950');
    expect(history).toContain('&lt;!channel&gt;');
  });

  it('accepts "naam (gemeente)" and explains when a name is ambiguous or unknown', async () => {
    addLocation('Sporthal Ommen', 'Kampen');
    const many = visibleText((await bot.command('bijwerken Sporthal Ommen', EDITOR)).json());
    expect(many).toContain('Er zijn meerdere locaties met de naam "Sporthal Ommen"');
    expect(many).toContain('`/opvang bijwerken Sporthal Ommen (Kampen)`');
    const view = await openedModal(bot, 'bijwerken sporthal ommen (ommen)', EDITOR);
    expect(JSON.parse(view.private_metadata).id).toBe(sporthal);
    const none = visibleText((await bot.command('bijwerken Sporthal', EDITOR)).json());
    expect(none).toContain('Geen locatie gevonden met de naam "Sporthal". Bedoelde je:');
    const injected = visibleText((await bot.command('bijwerken <@U999> *x*', EDITOR)).json());
    expect(injected).toContain('&lt;@U999&gt;');
  });

  it('shows each validation error next to its field, in Dutch, and stores nothing', async () => {
    const view = await openedModal(bot, 'bijwerken Sporthal Ommen', EDITOR);
    const cases: [Record<string, any>, string, string][] = [
      [{ places: text('12,5') }, 'places', 'Alleen hele getallen'],
      [{ places: text('-3') }, 'places', 'Mag niet negatief zijn.'],
      [{ places: text('twaalf') }, 'places', 'Geen geldig getal'],
      [{ places: text(null) }, 'places', 'Plekken: vul een getal in.'],
      [{ occupied: text('1.20') }, 'occupied', 'Alleen hele getallen'],
      [{ occupied: text('81') }, 'occupied', 'Bezet (81) is meer dan Plekken (80). Klopt dat? Vink dan "overbezetting" aan.'],
      [{ expectedPlaces: text('-1') }, 'expectedPlaces', 'Mag niet negatief zijn.'],
      [{ opensOn: { type: 'datepicker', selected_date: '2022-02-30' } }, 'opensOn', 'Die datum bestaat niet.'],
    ];
    for (const [over, field, message] of cases) {
      const res = await bot.interact(submit(view, EDITOR, figures(over)));
      const body = res.json();
      expect(body.response_action).toBe('errors');
      expect(body.errors[blockIdOf(view, field)]).toContain(message);
    }
    expect(findLocation(bot.deps.db, sporthal)).toMatchObject({ places: 75, occupied: 20, version: 1 });
  });

  it('allows occupied above places when overbezetting is ticked', async () => {
    const view = await openedModal(bot, 'bijwerken Sporthal Ommen', EDITOR);
    const res = await bot.interact(submit(view, EDITOR, figures({ occupied: text('90'), overbezetting: checked('overbezetting') })));
    expect(res.text).toBe('');
    expect(findLocation(bot.deps.db, sporthal)).toMatchObject({ places: 80, occupied: 90 });
    expect(visibleText((await bot.fake.waitForCall('chat.postEphemeral')).body)).toContain(':warning: overbezet');
  });

  it('refuses a viewer privately, both the command and a submission, and stores nothing', async () => {
    const reply = (await bot.command('bijwerken Sporthal Ommen', VIEWER)).json();
    expect(reply.response_type).toBe('ephemeral');
    expect(visibleText(reply)).toContain('Hiervoor heb je de rol bewerker nodig. Er is niets opgeslagen. Vraag <@UADMIN1> om je de rol bewerker te geven.');
    expect(bot.fake.callsTo('views.open')).toHaveLength(0);

    const view = await openedModal(bot, 'bijwerken Sporthal Ommen', EDITOR);
    grantRole(bot, EDITOR, 'viewer');
    const res = (await bot.interact(submit(view, EDITOR, figures()))).json();
    // Under the form's first input: the modal stays open with what was typed.
    expect(res.response_action).toBe('errors');
    expect(res.errors[LOCATION_PICKER]).toContain('Hiervoor heb je de rol bewerker nodig. Er is niets opgeslagen. Vraag <@UADMIN1>');
    expect(findLocation(bot.deps.db, sporthal)).toMatchObject({ places: 75, version: 1 });
  });

  it('refuses a lost update: says who changed it and when, and reloads the form with the current figures', async () => {
    const view = await openedModal(bot, 'bijwerken Sporthal Ommen', EDITOR);
    bot.clock.set('2022-05-25T09:05:00+02:00');
    updateLocation(bot.deps.db, { id: sporthal, patch: { occupied: 40 }, actor: 'UFAST1', at: bot.clock.now(), expectedVersion: 1 });
    const res = (await bot.interact(submit(view, EDITOR, figures({ occupied: text('25') })))).json();
    expect(res.response_action).toBe('update');
    const fresh = res.view;
    expect(blockKitViolations('modal', fresh)).toEqual([]);
    const seen = visibleText(fresh);
    expect(seen).toContain('*Niet opgeslagen:* <@UFAST1> heeft Sporthal Ommen op 25 mei 2022 09:05 gewijzigd');
    expect(JSON.parse(fresh.private_metadata)).toMatchObject({ id: sporthal, version: 2 });
    const occupied = fresh.blocks.find((b: any) => b.block_id === blockIdOf(fresh, 'occupied'));
    expect(occupied.element.initial_value).toBe('40');
    // new block ids, so Slack shows the current figures instead of what was typed
    expect(blockIdOf(fresh, 'occupied')).not.toBe(blockIdOf(view, 'occupied'));
    expect(findLocation(bot.deps.db, sporthal)).toMatchObject({ occupied: 40, version: 2, updatedBy: 'UFAST1' });

    const again = await bot.interact(submit(fresh, EDITOR, figures({ occupied: text('25') })));
    expect(again.text).toBe('');
    expect(findLocation(bot.deps.db, sporthal)).toMatchObject({ occupied: 25, version: 3, updatedBy: EDITOR });
  });

  it('stores a double submission (same view id and hash) once', async () => {
    const view = await openedModal(bot, 'bijwerken Sporthal Ommen', EDITOR);
    const payload = submit(view, EDITOR, figures(), { viewId: 'VDOUBLE', hash: 'h1' });
    const [a, b] = await Promise.all([bot.interact(payload), bot.interact(payload)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await bot.interact(payload);
    expect(findLocation(bot.deps.db, sporthal)).toMatchObject({ places: 80, occupied: 30, version: 2 });
    expect(bot.deps.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'location.update'").pluck().get()).toBe(1);
    expect(bot.deps.db.prepare('SELECT count(*) FROM location_history WHERE location_id = ?').pluck().get(sporthal)).toBe(2);
  });

  it('a typed expected figure replaces the estimate from the slides', async () => {
    const view = await openedModal(bot, 'bijwerken woonunits dalfsen', EDITOR);
    expect(view.blocks.find((b: any) => b.block_id === blockIdOf(view, 'expectedPlaces')).element.initial_value).toBe('150');
    await bot.interact(submit(view, EDITOR, figures({ places: text('0'), occupied: text('0'), stage: selected('in_voorbereiding'), expectedPlaces: text('160'), opensOn: { type: 'datepicker', selected_date: '2022-07-01' } })));
    const stand = visibleText((await bot.command('stand', VIEWER)).json());
    expect(stand).toContain('In voorbereiding: 1 locatie, 160 plekken verwacht');
    expect(stand).toContain('Woonunits Dalfsen (Dalfsen): 160 plekken, open vanaf 1 juli 2022');
  });

  it('confirms unchanged figures as checked today', async () => {
    const view = await openedModal(bot, 'bijwerken Sporthal Ommen', EDITOR);
    await bot.interact(submit(view, EDITOR, figures({ places: text('75'), occupied: text('20') })));
    expect(findLocation(bot.deps.db, sporthal)).toMatchObject({ version: 2, updatedBy: EDITOR, updatedAt: '2022-05-25T07:00:00.000Z' });
    expect(visibleText((await bot.fake.waitForCall('chat.postEphemeral')).body)).toContain('ongewijzigd en als actueel bevestigd');
  });
});

describe('/opvang bijwerken without a name', () => {
  it('starts with a picker that searches by name and fills the form when a location is picked', async () => {
    const view = await openedModal(bot, 'bijwerken', EDITOR);
    expect(blockKitViolations('modal', view)).toEqual([]);
    const picker = view.blocks.find((b: any) => b.block_id === LOCATION_PICKER);
    expect(picker.element.type).toBe('external_select');
    expect(picker.dispatch_action).toBe(true);

    for (let i = 0; i < 150; i++) addLocation(`Hotel ${i}`, 'Zwolle');
    const options = await bot.interact({
      type: 'block_suggestion',
      user: { id: EDITOR },
      action_id: LOCATION_PICKER,
      block_id: LOCATION_PICKER,
      value: 'sporthal',
      view: { id: 'V1', callback_id: view.callback_id, private_metadata: view.private_metadata },
    });
    expect(options.json().options).toEqual([{ text: { type: 'plain_text', text: 'Sporthal Ommen (Ommen)', emoji: true }, value: String(sporthal) }]);
    const many = (
      await bot.interact({ type: 'block_suggestion', user: { id: EDITOR }, action_id: LOCATION_PICKER, block_id: LOCATION_PICKER, value: 'hotel', view: { id: 'V1' } })
    ).json();
    expect(many.options).toHaveLength(100);

    // submitting before picking: a field error on the picker
    const early = (await bot.interact(submit(view, EDITOR, { [LOCATION_PICKER]: external(null) }))).json();
    expect(early.errors[LOCATION_PICKER]).toBe('Kies een locatie.');

    await bot.interact({
      ...buttonClick(LOCATION_PICKER, EDITOR),
      container: { type: 'view', view_id: 'VPICK' },
      view: { id: 'VPICK', hash: 'hash1', callback_id: view.callback_id, private_metadata: view.private_metadata, state: { values: {} } },
      actions: [{ type: 'external_select', action_id: LOCATION_PICKER, block_id: LOCATION_PICKER, selected_option: { value: String(sporthal), text: { type: 'plain_text', text: 'x' } }, action_ts: '1.2' }],
    });
    const update = await bot.fake.waitForCall('views.update');
    expect(update.body.view_id).toBe('VPICK');
    expect(update.body.hash).toBe('hash1');
    const filled = viewOf(update);
    expect(blockKitViolations('modal', filled)).toEqual([]);
    expect(JSON.parse(filled.private_metadata)).toMatchObject({ id: sporthal, version: 1 });
    expect(visibleText(filled)).toContain('Ommen · Oekraïners (GOO)');

    const res = await bot.interact(submit(filled, EDITOR, figures()));
    expect(res.text).toBe('');
    expect(findLocation(bot.deps.db, sporthal)).toMatchObject({ places: 80, occupied: 30 });
  });

  it('the Home button opens the form for editors and refuses viewers privately', async () => {
    await bot.interact(buttonClick(HOME_LOCATION_UPDATE, EDITOR));
    expect(viewOf(await bot.fake.waitForCall('views.open')).callback_id).toBe('capacity_location_update');
    // A click on the Home tab comes from a view, without a channel: the refusal goes by DM.
    const { channel: _channel, ...fromHome } = buttonClick(HOME_LOCATION_UPDATE, VIEWER);
    await bot.interact({ ...fromHome, container: { type: 'view', view_id: 'VHOME' }, view: { id: 'VHOME', type: 'home', hash: 'h' } });
    const refusal = await bot.fake.waitForCall('chat.postMessage');
    expect(refusal.body.channel).toBe(`D${VIEWER}`);
    expect(refusal.body.text).toContain('rol bewerker');
  });

  it('the Home tab shows the capacity buttons', async () => {
    await bot.event({ type: 'app_home_opened', user: ADMIN, channel: 'D0HOME', tab: 'home', event_ts: '1.1' });
    const view = viewOf(await bot.fake.waitForCall('views.publish'));
    expect(visibleText(view)).toContain('Locatie bijwerken');
    expect(visibleText(view)).toContain('Landelijke cijfers');
    expect(blockKitViolations('home', view)).toEqual([]);
  });
});
