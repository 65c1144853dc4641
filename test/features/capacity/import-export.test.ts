import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runImportCommand } from '../../../src/features/capacity/import-command';
import { checkImport } from '../../../src/features/capacity/import';
import { updateLocation } from '../../../src/features/capacity/figures.write';
import { IMPORT_VALID_ONLY } from '../../../src/blockkit/ids';
import { blockKitViolations } from '../../support/conformance/block-kit-rules';
import { openDatabase } from '../../../src/store/database';
import { ADMIN, buttonClick, startBot, visibleText, type TestBot } from '../../support/bot';
import { grantRole } from '../../support/forms';

let bot: TestBot;
beforeEach(async () => {
  bot = await startBot();
});
afterEach(async () => {
  await bot.close();
});

const GOOD = [
  'naam;gemeente;doelgroep;fase;plekken;bezet;verwachte plekken;openingsdatum;contact;notitie',
  'Sporthal Ommen;Ommen;CNO;operationeel;75;20;;22-6-2022;"Piet; COA";"Sporthal, ""De Kroon"""',
  'Hotel Zwolle;Zwolle;Oekraïners;in voorbereiding;0;0;80;13-07-2022;;',
  'Woonunits Dalfsen;Dalfsen;oekrainers;in overweging;0;0;150;;;<!channel> *let op*',
].join('\r\n');

const BAD = [
  'naam;gemeente;doelgroep;fase;plekken;bezet',
  'Sporthal Ommen;Ommen;cno;operationeel;75;20',
  'Hal;Utrecht;cno;operationeel;10;5',
  'Kazerne;Kampen;cno;operationeel;12,5;0',
].join('\n');

/** The web client uploads as multipart form data: the file is the one part's body. */
function fileOfUpload(raw: string): string {
  const start = raw.indexOf('\r\n\r\n') + 4;
  return raw.slice(start, raw.lastIndexOf('\r\n--'));
}

const locations = () => bot.deps.db.prepare('SELECT l.name, m.name AS municipality, places, occupied, expected_places AS expected FROM locations l JOIN municipalities m ON m.id = l.municipality_id ORDER BY l.name').all();

describe('npm run import', () => {
  it('stores a valid file in one go: new locations added, existing ones updated through the shared write path', () => {
    const path = join(bot.dir, 'locaties.csv');
    writeFileSync(path, `\uFEFF${GOOD}`);
    const result = runImportCommand([path], { db: bot.deps.db, region: 'VR04', now: bot.clock.now(), actor: 'cli:test' });
    expect(result).toEqual({ code: 0, output: 'locaties.csv: 2 toegevoegd, 1 bijgewerkt, 0 ongewijzigd.' });
    expect(locations()).toEqual([
      { name: 'Hotel Zwolle', municipality: 'Zwolle', places: 0, occupied: 0, expected: 80 },
      { name: 'Sporthal Ommen', municipality: 'Ommen', places: 75, occupied: 20, expected: null },
      { name: 'Woonunits Dalfsen', municipality: 'Dalfsen', places: 0, occupied: 0, expected: 150 },
    ]);
    const note = bot.deps.db.prepare("SELECT contact, note FROM locations WHERE name = 'Sporthal Ommen'").get();
    expect(note).toEqual({ contact: 'Piet; COA', note: 'Sporthal, "De Kroon"' });
    expect(bot.deps.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'location.import' AND actor = 'cli:test'").pluck().get()).toBe(3);
    // typed text is stored as typed (escaping happens when it is shown)
    expect(bot.deps.db.prepare("SELECT note FROM locations WHERE name = 'Woonunits Dalfsen'").pluck().get()).toBe('<!channel> *let op*');
  });

  it('reports every bad row and stores nothing, unless --alleen-geldige', () => {
    const path = join(bot.dir, 'fout.csv');
    writeFileSync(path, BAD);
    const refused = runImportCommand([path], { db: bot.deps.db, region: 'VR04', now: bot.clock.now(), actor: 'cli:test' });
    expect(refused.code).toBe(1);
    expect(refused.output).toBe(
      [
        'fout.csv: 2 regels kloppen niet; er is niets opgeslagen (1 regel in orde; --alleen-geldige slaat alleen die op):',
        '  regel 3: gemeente "Utrecht" hoort niet bij de regio',
        '  regel 4: plekken "12,5": alleen hele getallen (zoals 1200 of 1.200)',
      ].join('\n'),
    );
    expect(locations()).toHaveLength(1);
    const partial = runImportCommand([path, '--alleen-geldige'], { db: bot.deps.db, region: 'VR04', now: bot.clock.now(), actor: 'cli:test' });
    expect(partial.code).toBe(0);
    expect(partial.output.split('\n')[0]).toBe('fout.csv: 1 toegevoegd, 0 bijgewerkt, 0 ongewijzigd; 2 regels overgeslagen:');
    expect(locations()).toHaveLength(2);
    expect(runImportCommand([], { db: bot.deps.db, region: 'VR04', now: bot.clock.now(), actor: 'x' }).code).toBe(2);
  });

  it('leaves the figures of an existing location alone when their cells are empty, instead of storing 0', () => {
    const first = join(bot.dir, 'locaties.csv');
    writeFileSync(first, GOOD);
    expect(runImportCommand([first], { db: bot.deps.db, region: 'VR04', now: bot.clock.now(), actor: 'cli:test' }).code).toBe(0);
    const stageOnly = join(bot.dir, 'fase.csv');
    writeFileSync(stageOnly, ['naam;gemeente;doelgroep;fase', 'Sporthal Ommen;Ommen;CNO;gesloten', 'Nieuwe Hal;Zwolle;CNO;in overweging'].join('\r\n'));
    const result = runImportCommand([stageOnly], { db: bot.deps.db, region: 'VR04', now: bot.clock.now(), actor: 'cli:test' });
    expect(result).toEqual({ code: 0, output: 'fase.csv: 1 toegevoegd, 1 bijgewerkt, 0 ongewijzigd.' });
    expect(bot.deps.db.prepare("SELECT stage, places, occupied FROM locations WHERE name = 'Sporthal Ommen'").get()).toEqual({ stage: 'gesloten', places: 75, occupied: 20 });
    expect(bot.deps.db.prepare("SELECT places, occupied FROM locations WHERE name = 'Nieuwe Hal'").get()).toEqual({ places: 0, occupied: 0 });

    // only "bezet" filled in: checked against the stored places
    const occupiedOnly = join(bot.dir, 'bezet.csv');
    writeFileSync(occupiedOnly, ['naam;gemeente;doelgroep;fase;plekken;bezet', 'Sporthal Ommen;Ommen;CNO;operationeel;;90'].join('\r\n'));
    const refused = runImportCommand([occupiedOnly], { db: bot.deps.db, region: 'VR04', now: bot.clock.now(), actor: 'cli:test' });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('regel 2: bezet (90) is meer dan plekken (75)');
    expect(bot.deps.db.prepare("SELECT places, occupied FROM locations WHERE name = 'Sporthal Ommen'").get()).toEqual({ places: 75, occupied: 20 });
  });

  it('refuses a row of an exported file when the location changed after the export (no lost update)', async () => {
    const first = join(bot.dir, 'locaties.csv');
    writeFileSync(first, GOOD);
    runImportCommand([first], { db: bot.deps.db, region: 'VR04', now: bot.clock.now(), actor: 'cli:test' });
    await bot.command('export', ADMIN);
    const [exported] = bot.fake.callsTo('file_upload').map((c) => fileOfUpload(Buffer.from(c.body.content).toString('utf8')));
    // someone updates Sporthal Ommen an hour after the export …
    bot.clock.advanceMinutes(60);
    const id = bot.deps.db.prepare("SELECT id FROM locations WHERE name = 'Sporthal Ommen'").pluck().get() as number;
    updateLocation(bot.deps.db, { id, patch: { occupied: 60 }, actor: 'UEDITOR1', at: bot.clock.now() });
    // … and the edited export (Hotel Zwolle opened) comes back later
    const edited = exported!.replace('Hotel Zwolle;Zwolle;Oekraïners (GOO);in voorbereiding;0;0', 'Hotel Zwolle;Zwolle;Oekraïners (GOO);operationeel;80;10');
    const path = join(bot.dir, 'bewerkt.csv');
    writeFileSync(path, edited);
    bot.clock.advanceMinutes(30);
    const result = runImportCommand([path], { db: bot.deps.db, region: 'VR04', now: bot.clock.now(), actor: 'cli:test' });
    expect(result.code).toBe(1);
    expect(result.output).toContain('regel 3: na de export gewijzigd door UEDITOR1 op 25 mei 2022 10:00');
    expect(bot.deps.db.prepare("SELECT occupied FROM locations WHERE name = 'Sporthal Ommen'").pluck().get()).toBe(60);
    // with --alleen-geldige only the untouched rows are stored
    expect(runImportCommand([path, '--alleen-geldige'], { db: bot.deps.db, region: 'VR04', now: bot.clock.now(), actor: 'cli:test' }).code).toBe(0);
    expect(bot.deps.db.prepare("SELECT occupied FROM locations WHERE name = 'Sporthal Ommen'").pluck().get()).toBe(60);
    expect(bot.deps.db.prepare("SELECT stage, places FROM locations WHERE name = 'Hotel Zwolle'").get()).toEqual({ stage: 'operationeel', places: 80 });
    // Excel may rewrite the date as 25-5-2022 9:00; that is read the same way
    writeFileSync(path, edited.replace(/25 mei 2022 09:00/g, '25-5-2022 9:00'));
    expect(runImportCommand([path], { db: bot.deps.db, region: 'VR04', now: bot.clock.now(), actor: 'cli:test' }).output).toContain('na de export gewijzigd door UEDITOR1');
  });

  it('runs as a script against DATABASE_PATH', async () => {
    const path = join(bot.dir, 'script.csv');
    writeFileSync(path, GOOD);
    const databasePath = join(bot.dir, 'script.sqlite');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/import.ts', path], {
      env: { ...process.env, DATABASE_PATH: databasePath, SLACK_BOT_TOKEN: '', SLACK_APP_TOKEN: '', SLACK_SIGNING_SECRET: '' },
    });
    expect(stdout).toContain('script.csv: 3 toegevoegd, 0 bijgewerkt, 0 ongewijzigd.');
    const db = openDatabase(databasePath);
    expect(db.prepare('SELECT count(*) FROM locations').pluck().get()).toBe(3);
    db.close();
  }, 20_000);
});

describe('a CSV sent to the bot in a direct message', () => {
  const share = (user: string, name: string, content: string, id = 'F1') =>
    bot.event({
      type: 'message',
      subtype: 'file_share',
      channel: 'D0ADMIN',
      channel_type: 'im',
      user,
      text: '',
      ts: '1700000001.000100',
      files: [{ id, name, filetype: 'csv', url_private: bot.fake.serveFile(name, content) }],
    });

  it('imports a valid file for an admin, downloading it with the bot token', async () => {
    await share(ADMIN, 'locaties.csv', `\uFEFF${GOOD}`);
    const reply = await bot.fake.waitForCall('chat.postMessage');
    expect(reply.body.channel).toBe('D0ADMIN');
    expect(visibleText(reply.body)).toContain('*locaties.csv*: 2 locaties toegevoegd, 1 bijgewerkt, 0 ongewijzigd.');
    expect(bot.fake.last('file_download')!.body.authorization).toBe('Bearer xoxb-test-token-123');
    expect(locations()).toHaveLength(3);
  });

  it('reports bad rows, stores nothing, and stores only the valid rows when the admin clicks the button (once)', async () => {
    await share(ADMIN, 'fout <!channel>.csv', BAD);
    const report = await bot.fake.waitForCall('chat.postMessage');
    expect(blockKitViolations('message', report.body)).toEqual([]);
    const text = visibleText(report.body);
    expect(text).toContain('*fout &lt;!channel&gt;.csv*: 2 regels kloppen niet; er is niets opgeslagen. 1 regel is in orde.');
    expect(text).toContain('• Regel 3: gemeente "Utrecht" hoort niet bij de regio');
    expect(text).toContain('• Regel 4: plekken "12,5": alleen hele getallen');
    expect(locations()).toHaveLength(1);

    const button = report.body.blocks.flatMap((b: any) => b.elements ?? []).find((e: any) => e.action_id === IMPORT_VALID_ONLY);
    expect(button.text.text).toBe('Alleen de geldige regel opslaan');
    const viewerClick = await bot.interact(buttonClick(IMPORT_VALID_ONLY, 'UREADER1', { value: button.value, responseUrl: bot.fake.responseUrl('v1') }));
    expect(viewerClick.status).toBe(200);
    expect((await bot.fake.waitForCall('response_url')).body.text).toContain('alleen een beheerder');
    expect(locations()).toHaveLength(1);

    // The click is on the report in the admin's direct message: that report becomes the outcome
    // (chat.update through the outbox, enqueued with the stored rows).
    const reportTs = report.response!.ts as string;
    const where = { value: button.value, responseUrl: bot.fake.responseUrl('ok1'), channel: report.response!.channel as string, messageTs: reportTs };
    await bot.interact(buttonClick(IMPORT_VALID_ONLY, ADMIN, where));
    await bot.fake.waitFor(() => (bot.fake.history.find(where.channel, reportTs)?.updates ?? 0) >= 1);
    const done = bot.fake.history.find(where.channel, reportTs)!;
    expect(visibleText(done)).toContain('1 locatie toegevoegd, 0 bijgewerkt, 0 ongewijzigd.');
    expect(visibleText(done)).toContain('*Overgeslagen regels*');
    expect(JSON.stringify(done.blocks)).not.toContain(IMPORT_VALID_ONLY);
    expect(locations()).toHaveLength(2);

    await bot.interact(buttonClick(IMPORT_VALID_ONLY, ADMIN, { ...where, responseUrl: bot.fake.responseUrl('ok2') }));
    await bot.fake.waitFor(() => (bot.fake.history.find(where.channel, reportTs)?.updates ?? 0) >= 2);
    expect(visibleText(bot.fake.history.find(where.channel, reportTs)!)).toContain('is al ingelezen; er is niets dubbel opgeslagen');
    expect(locations()).toHaveLength(2);
  });

  it('answers the admin who clicks "only the valid rows" when the file can no longer be read', async () => {
    await share(ADMIN, 'fout.csv', BAD);
    const report = await bot.fake.waitForCall('chat.postMessage');
    const button = report.body.blocks.flatMap((b: any) => b.elements ?? []).find((e: any) => e.action_id === IMPORT_VALID_ONLY);
    // the file was deleted in Slack in the meantime
    (bot.fake as any).files.clear();
    await bot.interact(buttonClick(IMPORT_VALID_ONLY, ADMIN, { value: button.value, responseUrl: bot.fake.responseUrl('gone') }));
    const answer = await bot.fake.waitForCall('response_url');
    expect(answer.body.text).toBe('Het bestand kon niet worden gelezen; er is niets opgeslagen. Probeer het opnieuw.');
    expect(locations()).toHaveLength(1);
  });

  it('never sends the bot token to a host that is not Slack', async () => {
    await bot.event({
      type: 'message',
      channel: 'D0ADMIN',
      channel_type: 'im',
      user: ADMIN,
      ts: '1700000001.000200',
      files: [{ id: 'F9', name: 'x.csv', filetype: 'csv', url_private: 'http://evil.example/x.csv' }],
    });
    const reply = await bot.fake.waitForCall('chat.postMessage');
    expect(reply.body.text).toBe('Het bestand kon niet worden gelezen; er is niets opgeslagen. Probeer het opnieuw.');
    expect(locations()).toHaveLength(1);
  });

  it('refuses a non-admin privately without downloading or storing anything', async () => {
    grantRole(bot, 'UEDITOR1', 'editor');
    await share('UEDITOR1', 'locaties.csv', GOOD);
    const reply = await bot.fake.waitForCall('chat.postMessage');
    expect(reply.body.text).toContain('Alleen een beheerder kan locaties importeren.');
    expect(bot.fake.callsTo('file_download')).toHaveLength(0);
    expect(locations()).toHaveLength(1);
  });
});

describe('/opvang export', () => {
  it('uploads the locations and their history as Excel CSV to the user in a direct message', async () => {
    const path = join(bot.dir, 'locaties.csv');
    writeFileSync(path, GOOD);
    runImportCommand([path], { db: bot.deps.db, region: 'VR04', now: bot.clock.now(), actor: 'UADMIN1' });

    const reply = (await bot.command('export', 'UREADER1')).json();
    expect(visibleText(reply)).toContain('De export staat in je privébericht met Opvangbot: 3 locaties en 3 historieregels');
    expect(bot.fake.last('conversations.open')!.body.users).toBe('UREADER1');
    const uploads = bot.fake.callsTo('file_upload').map((c) => fileOfUpload(Buffer.from(c.body.content).toString('utf8')));
    expect(uploads).toHaveLength(2);
    const [current, history] = uploads as [string, string];
    expect(current.startsWith('\uFEFFnaam;gemeente;doelgroep;fase;plekken;bezet;verwachte plekken;openingsdatum')).toBe(true);
    expect(current).toContain('Sporthal Ommen;Ommen;Crisisnoodopvang (CNO);operationeel;75;20;;2022-06-22;;"Piet; COA";"Sporthal, ""De Kroon"""');
    expect(history).toContain('25 mei 2022 09:00;UADMIN1;Hotel Zwolle;Zwolle;in voorbereiding;0;0;80');
    // an exported file can be edited and sent back as an import
    const again = checkImport(current, ['Dalfsen', 'Ommen', 'Zwolle']);
    expect(again.problems).toEqual([]);
    expect(again.rows).toHaveLength(3);
    // also a location that is knowingly overbezet comes back without an error
    bot.deps.db.prepare("UPDATE locations SET occupied = 90 WHERE name = 'Sporthal Ommen'").run();
    bot.fake.calls.length = 0;
    await bot.command('export', 'UREADER1');
    const [overbezet] = bot.fake.callsTo('file_upload').map((c) => fileOfUpload(Buffer.from(c.body.content).toString('utf8')));
    const back = checkImport(overbezet!, ['Dalfsen', 'Ommen', 'Zwolle']);
    expect(back.problems).toEqual([]);
    expect(back.rows.find((r) => r.name === 'Sporthal Ommen')).toMatchObject({ places: 75, occupied: 90 });
    const complete = bot.fake.last('files.completeUploadExternal')!;
    expect(complete.body.channel_id).toBe('DUREADER1');
    expect(JSON.parse(complete.body.files).map((f: any) => f.title)).toEqual(['Locaties 2022-05-25', 'Historie locaties 2022-05-25']);
  });
});
