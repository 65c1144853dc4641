import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blockKitViolations } from '../../support/conformance/block-kit-rules';
import { STAND_SHARE } from '../../../src/blockkit/ids';
import { buttonClick, startBot, visibleText, type TestBot } from '../../support/bot';

let bot: TestBot;
beforeEach(async () => {
  bot = await startBot();
});
afterEach(async () => {
  await bot.close();
});

describe('/opvang stand', () => {
  it('answers privately with national figures, targets, pipeline and CNO duty from the 2022 baseline', async () => {
    const res = await bot.command('stand');
    expect(res.status).toBe(200);
    const reply = res.json();
    expect(reply.response_type).toBe('ephemeral');
    const text = visibleText(reply);
    expect(text).toContain('46.091 plekken · 38.949 bezet · *84,5%* bezettingsgraad');
    expect(text).toContain('Peildatum 24 mei 2022');
    expect(text).toContain('0 van 2.000 (0,0%) · nog 2.000 te gaan · nog 29 dagen');
    expect(text).toContain('0 van 2.400');
    expect(text).toContain('100 CNO-plekken _(lage prioriteit)_');
    expect(text).toContain('In overweging: 1 locatie, ca. 150 plekken verwacht');
    expect(text).toContain('Woonunits Dalfsen (Dalfsen): ca. 150 plekken');
    expect(text).toContain('IJsselland staat niet in het bekende rooster');
    expect(blockKitViolations('message', reply)).toEqual([]);
  });

  it('plain /opvang shows the stand too', async () => {
    const text = visibleText((await bot.command('')).json());
    expect(text).toContain('Stand opvang IJsselland · 25 mei 2022');
  });

  it('shows the regions on CNO duty today, including a shared slot', async () => {
    bot.clock.set('2022-06-20T10:00:00+02:00');
    const text = visibleText((await bot.command('stand')).json());
    expect(text).toContain('Midden- en West-Brabant, Gelderland-Zuid, Gelderland-Midden, Gooi en Vechtstreek + Flevoland');
  });

  it('marks national figures older than 7 days as out of date, with their age', async () => {
    bot.clock.set('2022-06-03T09:00:00+02:00');
    const text = visibleText((await bot.command('stand')).json());
    expect(text).toContain(':warning: Verouderd: 10 dagen oud');
  });

  it('marks locations not updated for more than 7 days, naming who updated them last', async () => {
    bot.clock.set('2022-06-10T09:00:00+02:00');
    const text = visibleText((await bot.command('stand')).json());
    expect(text).toContain('*Verouderde cijfers* (ouder dan 7 dagen): 1 locatie');
    expect(text).toContain('Woonunits Dalfsen (Dalfsen): 16 dagen oud, laatst bijgewerkt door de startgegevens');
    // And at the top, with the button that opens its form.
    expect(text).toContain('*Cijfers bijwerken: 1 locatie langer dan 7 dagen niet bijgewerkt*\nHet oudst: Woonunits Dalfsen (Dalfsen), 16 dagen oud.');
  });

  const addNational = (asOf: string, population: string, places: number, occupied: number, source: string | null) =>
    bot.deps.db
      .prepare(`INSERT INTO national_figures (as_of, population, places, occupied, source, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, '2022-05-31T08:00:00Z', 'UADMIN1')`)
      .run(asOf, population, places, occupied, source);
  const baselineSource = 'Landelijke noodopvangplekken/bezetting 24 mei (Lijn BAO)';

  it('shows the change since the previous national figures of the same population and source, the population in the heading', async () => {
    addNational('2022-05-31', 'oekrainers_gemeenten', 46591, 38849, baselineSource);
    bot.clock.set('2022-06-01T09:00:00+02:00');
    const text = visibleText((await bot.command('stand')).json());
    expect(text).toContain('*Landelijk: Oekraïners (noodopvang gemeenten)*\n46.591 plekken · 38.849 bezet');
    expect(text).toContain('Sinds 24 mei 2022: +500 plekken, -100 bezet');
  });

  it('shows no change between figures of different sources, nor between populations', async () => {
    addNational('2022-05-31', 'oekrainers_gemeenten', 46591, 38849, 'Rijksoverheid dashboard');
    addNational('2022-05-30', 'asielzoekers_coa', 40100, 39900, 'COA');
    bot.clock.set('2022-06-01T09:00:00+02:00');
    const text = visibleText((await bot.command('stand')).json());
    expect(text).toContain('*Landelijk: Oekraïners (noodopvang gemeenten)*\n46.591 plekken');
    expect(text).toContain('De cijfers van 24 mei 2022 komen uit een andere bron: geen verschil berekend.');
    expect(text).toContain('*Landelijk: Asielzoekers (COA)*\n40.100 plekken · 39.900 bezet');
    expect(text).not.toContain('Sinds ');
  });

  it('shows new figures at once, whether written by the bot or by another process (npm run import)', async () => {
    expect(visibleText((await bot.command('stand')).json())).toContain('46.091 plekken');
    bot.deps.db.prepare(`UPDATE national_figures SET places = 46100`).run();
    expect(visibleText((await bot.command('stand')).json())).toContain('46.100 plekken');
    const other = new Database(join(bot.dir, 'opvang.sqlite'));
    other.prepare(`UPDATE national_figures SET places = 46200`).run();
    other.close();
    expect(visibleText((await bot.command('stand')).json())).toContain('46.200 plekken');
  });

  it("shows one municipality's locations", async () => {
    const text = visibleText((await bot.command('stand dalfsen')).json());
    expect(text).toContain('Dalfsen · 25 mei 2022');
    expect(text).toContain('*Woonunits Dalfsen* · Oekraïners (GOO) · _in overweging_');
    expect(text).toContain('Verwacht: ca. 150 plekken');
  });

  it('suggests the municipality meant when the name is misspelled, and escapes what was typed', async () => {
    const text = visibleText((await bot.command('stand Zwole')).json());
    expect(text).toContain('Bedoelde je *Zwolle*?');
    const injected = visibleText((await bot.command('stand <!channel>')).json());
    expect(injected).toContain('&lt;!channel&gt;');
    expect(injected).not.toContain('<!channel>');
  });

  it('shares the stand in the channel through the response_url when the button is clicked', async () => {
    const responseUrl = bot.fake.responseUrl('share1');
    const res = await bot.interact(buttonClick(STAND_SHARE, 'UEDITOR1', { value: 'region', responseUrl }));
    expect(res.status).toBe(200);
    const call = await bot.fake.waitForCall('response_url');
    expect(call.body.response_type).toBe('in_channel');
    const text = visibleText(call.body);
    expect(text).toContain('84,5%');
    expect(text).toContain('Gedeeld door <@UEDITOR1>');
    expect(text).not.toContain('Delen in kanaal');
  });

  it('stays inside the block and text limits with hundreds of locations in the pipeline', async () => {
    const db = bot.deps.db;
    const insert = db.prepare(
      `INSERT INTO locations (municipality_id, name, target_group, stage, places, occupied, expected_places, created_at, created_by, updated_at, updated_by)
       VALUES ((SELECT id FROM municipalities WHERE name = ?), ?, ?, ?, ?, ?, ?, '2022-05-01T08:00:00Z', 'UOLD1', '2022-05-01T08:00:00Z', 'UOLD1')`,
    );
    const towns = ['Zwolle', 'Deventer', 'Kampen'];
    db.transaction(() => {
      for (let i = 0; i < 600; i++) {
        insert.run(towns[i % 3], `Locatie ${i} met een behoorlijk lange naam om de tekst te vullen`, i % 2 ? 'oekrainers' : 'statushouders', ['in_overweging', 'in_voorbereiding', 'operationeel'][i % 3], 10, 5, 20);
      }
    })();
    const reply = (await bot.command('stand')).json();
    expect(blockKitViolations('message', reply)).toEqual([]);
    expect(visibleText(reply)).toMatch(/…en \d+ locaties meer/);
    const zwolle = (await bot.command('stand Zwolle')).json();
    expect(blockKitViolations('message', zwolle)).toEqual([]);
    expect(visibleText(zwolle)).toContain('…en 160 locaties meer');
  });
});

describe('/opvang help', () => {
  it('lists every subcommand with one line each', async () => {
    const text = visibleText((await bot.command('help')).json());
    expect(text).toContain('`/opvang stand [gemeente]`:');
    expect(text).toContain('`/opvang help`:');
  });

  it('answers an unknown subcommand with the help and a suggestion', async () => {
    const text = visibleText((await bot.command('stnad')).json());
    expect(text).toContain('Onbekende opdracht `stnad`. Bedoelde je `/opvang stand`?');
    expect(text).toContain('`/opvang help`:');
  });
});

describe('App Home', () => {
  it('publishes the stand as a dashboard when the Home tab is opened', async () => {
    const res = await bot.event({ type: 'app_home_opened', user: 'UREADER1', channel: 'D0HOME', tab: 'home', event_ts: '1.1' });
    expect(res.status).toBe(200);
    const call = await bot.fake.waitForCall('views.publish');
    expect(call.body.user_id).toBe('UREADER1');
    const view = typeof call.body.view === 'string' ? JSON.parse(call.body.view) : call.body.view;
    expect(view.type).toBe('home');
    expect(visibleText(view)).toContain('84,5%');
    expect(visibleText(view)).toContain('Vernieuwen');
    expect(blockKitViolations('home', view)).toEqual([]);
  });

  it('ignores the messages tab', async () => {
    await bot.event({ type: 'app_home_opened', user: 'UREADER1', channel: 'D0HOME', tab: 'messages', event_ts: '1.1' });
    await bot.idle();
    expect(bot.fake.callsTo('views.publish')).toHaveLength(0);
  });
});


describe('forms that cannot open', () => {
  it('says so privately when Slack refuses views.open (an expired trigger), instead of staying silent', async () => {
    bot.fake.fail('views.open', { status: 200, error: 'expired_trigger_id' });
    const res = await bot.command('bijwerken');
    expect(res.status).toBe(200);
    const reply = await bot.fake.waitForCall('response_url');
    expect(reply.body.text).toContain('Het formulier kon niet openen');
  });
});
