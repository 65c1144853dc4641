import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GLOSSARY, glossaryProblems } from '../../src/domain/glossary';

/** The glossary's checker itself: it must catch each slip the issue lists, and pass good Dutch. */
describe('glossary check', () => {
  it.each([
    ['Dalfsen · Oekraïners (GOO) · laatst bijgewerkt 25 mei 2022 00:00 door seed', 'seed'],
    ['• <@UADMIN1>: beheerder · sinds 25 mei 2022 09:00 door OPVANG_\u200dADMINS', 'OPVANG_ADMINS'],
    ['Digest gepost (ts 1653458400.000100)', '1653458400.000100'],
    ['Rechten van <@U1> ingetrokken: was lezer, nu lezer.', 'was lezer, nu lezer'],
    ['2 locaties · 1 locaties verouderd', '1 locaties'],
    ['Open, gedekt of verlopen. Soonste deadline eerst.', 'Soonste'],
    ['14-dagenregel: 3 personen (bijna) 14 dagen in de CNO', '(bijna)'],
    ['Vandaag (tot di 6 sep): Zeeland', '(tot '],
    ['*Noodknop*: 2 openstaande verzoeken', 'verzoeken'],
    [':warning: Bezetting: 2 van 3 diensten nog open', 'Bezetting: 2 van 3 dienst'],
    ['• wo 1 jun t/m di 14 jun: Groningen · 150 plekken per plek in het rooster', 'plekken per plek'],
    ['Regio’s (meer regio’s = één gedeelde plek)', 'gedeelde plek'],
    ['06:00–14:00 VRIJ', 'VRIJ'],
    ['Bij dit tempo 683 dagen te laat', 'dagen te laat'],
    ['vóór <!date^1653548400^{date_short_pretty} {time}|26 mei 2022 09:00>', '<!date^'],
    ['Er is geen noodknop-kanaal (`NOODKNOP_CHANNEL`).', 'NOODKNOP_CHANNEL'],
    ['Dit mag alleen een beheerder (admin).', 'admin'],
    ['Alleen de 1 geldige regels opslaan', '1 geldige regels'],
    ['nog 2 plek nodig', '2 plek'],
    ['1 plekken aangeboden', '1 plekken'],
    ['In CNO-opvang: 3 personen, van wie 3 al 10 dagen of langer', '10 dagen of langer'],
    ['*Samenstelling:* niet opgegeven', 'niet opgegeven'],
    ['21 plekken, 10 bezet, 11 beschikbaar', 'beschikbaar'],
  ])('refuses %j', (text, found) => {
    const problems = glossaryProblems(text);
    expect(problems.join('\n')).toContain(found);
  });

  it.each([
    'Noodknop #1: 12 plekken nodig vóór di 21 jun 09:00',
    '*nog 10 nodig* · 2 van 12 plekken aangeboden',
    '46.091 plekken · 38.949 bezet · *84,5%* bezettingsgraad',
    '1 locatie · 2 locaties · 1 vrije plek · 2 open diensten · 0 plekken · 1.000 plekken · -1 plek · +20 plekken',
    'wo 1 jun t/m di 14 jun: Groningen · 150 plekken per dienst',
    'Bemensing: 2 van 3 diensten in de komende 48 uur open',
    ':white_check_mark: Ochtendoverzicht van vandaag staat in <#C0DIGEST>. `/opvang digest nu` post het.',
    '3 personen 12 dagen of langer in de CNO zonder uitstroombestemming',
    'Statushouders 2022-II: 1 van 11 gemeenten heeft cijfers ingevoerd',
    '23 juni niet haalbaar bij dit tempo: nog 1.960 plekken nodig',
    'Noodknop #3 · Regel 3: gemeente "x" · Doel 1: plekken',
  ])('passes %j', (text) => {
    expect(glossaryProblems(text)).toEqual([]);
  });

  it('docs/woordenlijst.md explains every word the code knows', () => {
    const doc = readFileSync(join(import.meta.dirname, '../../docs/woordenlijst.md'), 'utf8');
    for (const term of GLOSSARY) expect(doc, term.word).toContain(`| ${term.word} |`);
  });
});
