import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runImportCommand } from '../../../src/features/capacity/import-command';
import { ADMIN, selected, startBot, text, visibleText, type TestBot } from '../../support/bot';
import { fingerprint } from '../../support/db';
import { grantRole, openedModal, submit } from '../../support/forms';

/**
 * Issue 10 §4: export and import are a round trip. An export sent back unchanged (by DM or with
 * `npm run import`) writes nothing at all; the export's guard against spreadsheet formulas is
 * undone, so `+31 6 …` and `- 2 rolstoelplekken` come back as typed; a location written after the
 * export (even in the same minute) is not overwritten by it.
 */
const EDITOR = 'UEDITOR1';
let bot: TestBot;
beforeEach(async () => {
  bot = await startBot();
  grantRole(bot, EDITOR, 'editor');
  await createLocation('Sporthal Ommen', 'Ommen', { contact: '+31 6 12345678', note: '- 2 rolstoelplekken\n= en een formule die er geen is' });
  await createLocation('@Home Zwolle', 'Zwolle', { contact: '=Jan', note: "'t Harde: +5 bedden" });
  // A write in the middle of a minute (09:00:30), as forms do.
  bot.clock.set('2022-05-25T09:00:30+02:00');
  const form = await openedModal(bot, 'bijwerken Sporthal Ommen', EDITOR);
  expect((await bot.interact(submit(form, EDITOR, { places: text('80') }))).text).toBe('');
  bot.clock.set('2022-05-25T09:00:45+02:00');
});
afterEach(async () => {
  await bot.close();
});

const db = () => bot.deps.db;

async function createLocation(name: string, municipality: string, extra: { contact: string; note: string }): Promise<void> {
  const form = await openedModal(bot, 'locatie', EDITOR);
  const id = form.blocks.find((b: any) => b.block_id === 'municipality').element.options.find((o: any) => o.text.text === municipality).value;
  const values = { name: text(name), municipality: selected(id), targetGroup: selected('cno'), stage: selected('operationeel'), places: text('75'), occupied: text('20'), contact: text(extra.contact), note: text(extra.note) };
  expect((await bot.interact(submit(form, EDITOR, values))).text).toBe('');
}

/** The locations file of `/opvang export`, as the user downloads it from the DM. */
async function exported(): Promise<string> {
  const before = bot.fake.callsTo('file_upload').length;
  await bot.command('export', ADMIN);
  const upload = bot.fake.callsTo('file_upload')[before]!;
  const raw = Buffer.from(upload.body.content).toString('utf8');
  return raw.slice(raw.indexOf('\r\n\r\n') + 4, raw.lastIndexOf('\r\n--'));
}

let files = 0;
async function sendByDm(content: string): Promise<string> {
  const before = bot.fake.callsTo('chat.postMessage').length;
  const name = `locaties-${++files}.csv`;
  await bot.event({ type: 'message', channel: 'D0ADMIN', channel_type: 'im', user: ADMIN, ts: `1700000009.00000${files}`, files: [{ id: `FRT${files}`, name, filetype: 'csv', url_private: bot.fake.serveFile(name, content) }] });
  return visibleText((await bot.fake.waitForCall('chat.postMessage', before + 1)).body);
}

function cli(content: string) {
  const path = join(bot.dir, `cli-${++files}.csv`);
  writeFileSync(path, content);
  return runImportCommand([path], { db: db(), region: 'VR04', now: bot.clock.now(), actor: 'cli:test' });
}

describe('an export sent back unchanged', () => {
  it('is a no-op by DM and from the command line: nothing written, no audit line, no claim, no duplicate', async () => {
    const file = await exported();
    // The guard is in the file: Excel would otherwise run these as formulas.
    expect(file).toContain("'+31 6 12345678");
    expect(file).toContain("'- 2 rolstoelplekken");
    expect(file).toContain("'@Home Zwolle");
    const before = fingerprint(db());

    expect(await sendByDm(file)).toContain('0 locaties toegevoegd, 0 bijgewerkt, 3 ongewijzigd.');
    expect(fingerprint(db())).toBe(before);
    // Nothing was kept of it, not even its key: the same file again is read again, and changes nothing again.
    expect(await sendByDm(file)).toContain('0 locaties toegevoegd, 0 bijgewerkt, 3 ongewijzigd.');

    const fromCli = cli(file);
    expect(fromCli).toEqual({ code: 0, output: expect.stringMatching(/: 0 toegevoegd, 0 bijgewerkt, 3 ongewijzigd\.$/) });
    expect(fingerprint(db())).toBe(before);
  });
});

describe('an edited export', () => {
  it('stores only what changed, and text comes back as typed (the formula guard undone)', async () => {
    const file = await exported();
    const audit = () => db().prepare("SELECT count(*) FROM audit_log WHERE action = 'location.import'").pluck().get() as number;
    const edited = file
      .replace(/^(Sporthal Ommen;Ommen;[^;]*;operationeel;)80;20;/m, '$190;20;')
      .concat("Nieuwe Hal;Dalfsen;CNO;operationeel;10;0;;;;'+31 20 5550000;'- rolstoel;;;;\r\n");
    expect(edited).not.toBe(file);
    expect(await sendByDm(edited)).toContain('1 locatie toegevoegd, 1 bijgewerkt, 2 ongewijzigd.');
    expect(audit()).toBe(2);
    const rows = db().prepare('SELECT name, places, contact, note FROM locations ORDER BY name').all();
    expect(rows).toEqual(
      expect.arrayContaining([
        { name: 'Sporthal Ommen', places: 90, contact: '+31 6 12345678', note: '- 2 rolstoelplekken\n= en een formule die er geen is' },
        { name: '@Home Zwolle', places: 75, contact: '=Jan', note: "'t Harde: +5 bedden" },
        { name: 'Nieuwe Hal', places: 10, contact: '+31 20 5550000', note: '- rolstoel' },
      ]),
    );
    expect(db().prepare("SELECT count(*) FROM locations WHERE name LIKE '%Sporthal Ommen%'").pluck().get()).toBe(1);
  });

  it('does not overwrite a location written after the export, also within the same minute; --alleen-geldige keeps the rest', async () => {
    const file = await exported();
    // Someone updates Sporthal Ommen 10 seconds after the export, in the same minute.
    bot.clock.set('2022-05-25T09:00:55+02:00');
    const form = await openedModal(bot, 'bijwerken Sporthal Ommen', EDITOR);
    expect((await bot.interact(submit(form, EDITOR, { occupied: text('33') }))).text).toBe('');
    const edited = file.replace(/^('@Home Zwolle;Zwolle;[^;]*;operationeel;)75;20;/m, '$175;25;');
    expect(edited).not.toBe(file);
    const refused = cli(edited);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('na de export gewijzigd door UEDITOR1 op 25 mei 2022 09:00');
    expect(db().prepare("SELECT occupied FROM locations WHERE name = 'Sporthal Ommen'").pluck().get()).toBe(33);
    const path = join(bot.dir, 'rest.csv');
    writeFileSync(path, edited);
    expect(runImportCommand([path, '--alleen-geldige'], { db: db(), region: 'VR04', now: bot.clock.now(), actor: 'cli:test' }).code).toBe(0);
    expect(db().prepare("SELECT occupied FROM locations WHERE name = 'Sporthal Ommen'").pluck().get()).toBe(33);
    expect(db().prepare("SELECT occupied FROM locations WHERE name = '@Home Zwolle'").pluck().get()).toBe(25);
  });
});
