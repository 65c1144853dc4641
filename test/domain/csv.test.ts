import { describe, expect, it } from 'vitest';
import { csvField, parseCsv, unguardSpreadsheetText, writeCsv } from '../../src/domain/csv';

describe('parseCsv', () => {
  it('reads ; fields, a BOM, quotes with ; and line breaks, doubled quotes, CRLF, and numbers records by their first line', () => {
    const parsed = parseCsv('\uFEFFnaam;notitie\r\n"Hal; oost";"regel 1\nregel 2"\r\n\r\nHotel;"zei ""ja"""\r\n');
    expect(parsed).toEqual({
      ok: true,
      records: [
        { line: 1, fields: ['naam', 'notitie'] },
        { line: 2, fields: ['Hal; oost', 'regel 1\nregel 2'] },
        { line: 5, fields: ['Hotel', 'zei "ja"'] },
      ],
    });
  });

  it('reports an unclosed quote with its line', () => {
    expect(parseCsv('a;b\n"open;x\n')).toEqual({ ok: false, line: 2, reason: 'Aanhalingsteken (") niet afgesloten.' });
  });

  it('writes what it reads back, with a BOM, and defuses spreadsheet formulas', () => {
    const csv = writeCsv(['naam', 'notitie'], [['Hal; oost', 'zei "ja"\nnee'], ['=SOM(A1)', null]]);
    expect(csv.startsWith('\uFEFFnaam;notitie\r\n')).toBe(true);
    expect(csv).toContain("'=SOM(A1)");
    const back = parseCsv(csv);
    expect(back.ok && back.records.map((r) => r.fields)).toEqual([
      ['naam', 'notitie'],
      ['Hal; oost', 'zei "ja"\nnee'],
      ["'=SOM(A1)", ''],
    ]);
  });
});

describe('the spreadsheet formula guard', () => {
  it('guards what Excel would run and gives back exactly what was typed', () => {
    const typed = ['+31 6 12345678', '- 2 rolstoelplekken', '=SOM(A1)', '@home', "'=al beschermd", "''+twee", "'t Harde", 'gewoon', '', '3 - 2'];
    for (const text of typed) {
      const field = csvField(text);
      const parsed = parseCsv(`${field}\n`);
      const read = parsed.ok ? (parsed.records[0]?.fields[0] ?? '') : undefined;
      expect(unguardSpreadsheetText(read!)).toBe(text);
    }
    expect(csvField('+31 6 12345678')).toBe("'+31 6 12345678");
    expect(csvField("'t Harde")).toBe("'t Harde");
    expect(csvField("'=x")).toBe("''=x");
    // Numbers are written as numbers, never guarded.
    expect(csvField(-1)).toBe('-1');
  });
});
