import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnConsole } from '../support/console-process';

let dir: string;
let databasePath: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'opvangbot-console-'));
  databasePath = join(dir, 'console.sqlite');
  const seed = spawn(process.execPath, ['--import', 'tsx', 'src/cli/seed.ts'], { env: { PATH: process.env.PATH, DATABASE_PATH: databasePath } });
  await new Promise((resolve) => seed.on('exit', resolve));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('local console mode (the real process through stdin and stdout)', () => {
  it('npm start without tokens says it runs without Slack and answers /opvang stand as text', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { PATH: process.env.PATH, DATABASE_PATH: databasePath, OPVANG_NOW: '2022-05-25T09:00:00+02:00' },
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stdin.write('/opvang stand\n/opvang stand Zwole\nstnd\nexit\n');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    const firstLine = out.split('\n')[0];
    expect(firstLine).toContain('zonder Slack');
    expect(firstLine).toContain('SLACK_BOT_TOKEN');
    expect(out).toContain('STAND OPVANG IJSSELLAND · 25 MEI 2022');
    expect(out).toContain('46.091 plekken · 38.949 bezet · 84,5% bezettingsgraad');
    expect(out).toContain('Bedoelde je Zwolle?');
    expect(out).toContain('Bedoelde je /opvang stand?');
    expect(out).not.toMatch(/<@|&lt;|\*[A-Z]/);
  });

  it('national figures entered through the console form show in stand; a wrong number gets the same Dutch field error as in Slack', async () => {
    const c = spawnConsole({ DATABASE_PATH: databasePath, OPVANG_NOW: '2022-05-25T09:00:00+02:00', OPVANG_ADMINS: 'UADMIN1' });
    await c.until(/opvang> /);
    c.send('/opvang landelijk');
    await c.until(/Doelgroep \(nummer\) \[Oekraïners \(noodopvang gemeenten\)\]: /);
    c.send('');
    await c.until(/Peildatum \(dd-mm-jjjj\) \[25-05-2022\]: /);
    c.send('');
    await c.until(/Plekken \(landelijk\): /);
    c.send('46.591,5');
    await c.until(/Bezet \(landelijk\): /);
    c.send('38.949');
    await c.until(/Overbezetting \(optioneel\).*: /);
    c.send('');
    await c.until(/Bron \(optioneel\).*: /);
    c.send('COA weekbericht');
    // The message Slack shows under the field (test/features/capacity/forms.test.ts), and only that field again.
    await c.until(/✗ Plekken \(landelijk\): Alleen hele getallen \(zoals 1200 of 1\.200\)\.\nVerbeter wat niet klopt:\nPlekken \(landelijk\) \[46\.591,5\]: /);
    c.send('46.591');
    await c.until(/Landelijke cijfers Oekraïners \(noodopvang gemeenten\) van 25 mei 2022 opgeslagen: 46\.591 plekken, 38\.949 bezet/);
    c.send('stand');
    await c.until(/46\.591 plekken · 38\.949 bezet · 83,6% bezettingsgraad\nPeildatum 25 mei 2022 · bron: COA weekbericht/);
    c.send('exit');
    expect(await c.exited).toBe(0);
  });

  it('a noodknop pressed in the console, an offer by a second user (als), the placement, and stand shows the higher occupancy', async () => {
    // Its own database: this test adds a location. The digest's time is later in the day, so its post does not interleave.
    const own = join(dir, 'noodknop.sqlite');
    const seed = spawn(process.execPath, ['--import', 'tsx', 'src/cli/seed.ts'], { env: { PATH: process.env.PATH, DATABASE_PATH: own } });
    await new Promise((resolve) => seed.on('exit', resolve));
    const c = spawnConsole({ DATABASE_PATH: own, OPVANG_NOW: '2022-05-25T09:00:00+02:00', OPVANG_ADMINS: 'UADMIN1', DIGEST_CRON: '0 23 * * *' });
    const answer = async (prompt: RegExp, line: string) => {
      await c.until(prompt);
      c.send(line);
    };
    await answer(/opvang> /, 'locatie');
    await answer(/Naam: /, 'Sporthal Ommen');
    await answer(/Gemeente \(nummer\): /, 'Ommen');
    await answer(/Doelgroep \(nummer\): /, 'Oekraïners');
    await answer(/Fase \(nummer\) \[In overweging\]: /, 'operationeel');
    await answer(/Plekken \[0\]: /, '50');
    await answer(/Bezet \[0\]: /, '10');
    for (const field of [/Overbezetting .*: /, /Openingsdatum .*: /, /Contact .*: /, /Notitie .*: /, /Eigenaar .*: /]) await answer(field, '');
    await c.until(/Locatie Sporthal Ommen toegevoegd in Ommen: Oekraïners \(GOO\), operationeel, 50 plekken, 10 bezet/);

    // The noodknop: the broadcast is printed where Slack would post it, with its buttons numbered.
    await answer(/opvang> /, '/opvang noodknop');
    await answer(/Aantal personen: /, '12');
    for (const field of [/Gezinnen .*: /, /Alleenstaande .*: /, /Alleenreizende .*: /, /Bijzonderheden .*: /, /Herkomst .*: /, /Nodig vóór \(datum\).*: /, /Nodig vóór \(tijd\).*: /, /Contactpersoon .*: /, /Toelichting .*: /]) {
      await answer(field, '');
    }
    await c.until(/── noodknop-kanaal CNOODKNOP ──/);
    await c.until(/NOODKNOP #1: 12 PLEKKEN NODIG VÓÓR DO 26 MEI 09:00\n=+\n@channel 🚨 Nog 12 nodig/);
    const [, offerButton] = await c.until(/\[(\d+)\] Plekken aanbieden/);

    // A second user offers places: an editor made with rechten, then acting as them.
    await answer(/opvang> /, 'rechten @piet bewerker');
    await c.until(/@piet is nu bewerker/);
    await answer(/opvang> /, 'als piet');
    await c.until(/Je bent nu @piet \(UPIET\), rol: bewerker\./);
    await answer(/opvang> /, offerButton!);
    await c.until(/PLEKKEN AANBIEDEN/);
    await answer(/Locatie \(nummer\): /, 'Sporthal Ommen');
    await answer(/Andere locatie .*: /, '');
    await answer(/Aantal plekken: /, '12');
    await answer(/Meer dan vrij .*: /, '');
    await answer(/Toelichting .*: /, '');
    await c.until(/── bijgewerkt, noodknop-kanaal CNOODKNOP ──/);
    await c.until(/Gedekt · 12 van 12 plekken aangeboden/);
    const [, placeButton] = await c.until(/\[(\d+)\] Plaatsing bevestigen/);
    await c.until(/── in de draad, noodknop-kanaal CNOODKNOP ──\nGedekt: 12 van 12 plekken aangeboden\.\n@piet biedt aan: 12 plekken in Sporthal Ommen \(Ommen\)/);

    // The requester places the group: occupancy goes up.
    await answer(/opvang> /, 'als UADMIN1');
    await answer(/opvang> /, placeButton!);
    await c.until(/PLAATSING BEVESTIGEN/);
    await answer(/Sporthal Ommen \(Ommen\) · aangeboden: 12 \(optioneel\) \[12\]: /, '');
    await answer(/Meer dan vrij .*: /, '');
    await c.until(/Geplaatst: 12 personen hebben een plek · bevestigd door @UADMIN1/);
    await c.until(/12 personen in Sporthal Ommen \(Ommen\) · bezetting 10 → 22/);
    await answer(/opvang> /, 'stand ommen');
    await c.until(/50 plekken, 22 bezet, 28 vrij/);
    await answer(/opvang> /, 'exit');
    expect(await c.exited).toBe(0);
  });
});
