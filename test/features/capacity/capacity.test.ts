import { describe, expect, it } from 'vitest';
import { carryOverColumn, carryOverOf, carryOverText, halfYearLabel, halfYearsAround, matchLocation, quotaStatus, type CarryOver } from '../../../src/features/capacity/capacity';
import { checkImport } from '../../../src/features/capacity/import';

describe('checkImport', () => {
  const towns = ['Kampen', 'Zwolle'];
  it('accepts labels and codes, decimal commas of whole numbers and Dutch dates', () => {
    const check = checkImport('naam;gemeente;doelgroep;fase;plekken;bezet;openingsdatum\nHal;kampen;Oekraïners;In overweging;1.200;"150,0";23-6-2022\n', towns);
    expect(check.problems).toEqual([]);
    expect(check.rows[0]).toMatchObject({ line: 2, name: 'Hal', municipality: 'Kampen', targetGroup: 'oekrainers', stage: 'in_overweging', places: 1200, occupied: 150, opensOn: '2022-06-23' });
  });

  it('skips the empty rows Excel leaves below the data (";;;;;"), in any line ending', () => {
    const csv = '\uFEFFnaam;gemeente;doelgroep;fase;plekken;bezet\r\nHal;Kampen;cno;operationeel;10;5\r\n;;;;;\r\n; ;;;;\r\n\r\n;;;;;';
    const check = checkImport(csv, towns);
    expect(check.fatal).toBeUndefined();
    expect(check.problems).toEqual([]);
    expect(check.rows.map((r) => r.name)).toEqual(['Hal']);
    // a header with only empty rows below is still an empty file
    expect(checkImport('naam;gemeente;doelgroep;fase\n;;;\n', towns).fatal).toBe('Het bestand heeft geen regels onder de kolomnamen.');
  });

  it('reports every bad row with its line and reasons', () => {
    const csv = [
      'naam;gemeente;doelgroep;fase;plekken;bezet',
      ';Kampen;cno;operationeel;10;5',
      'Hal;Utrecht;cno;operationeel;10;5',
      'Hal 2;Zwolle;soldaten;open;12,5;-1',
      'Hal 3;Zwolle;cno;operationeel;10;11',
      'Hal 4;Zwolle;cno;operationeel;10;1',
      'hal 4;zwolle;cno;operationeel;10;1',
    ].join('\n');
    const check = checkImport(csv, towns);
    expect(check.rows.map((r) => r.line)).toEqual([6]);
    expect(check.problems).toEqual([
      { line: 2, reason: 'naam is leeg' },
      { line: 3, reason: 'gemeente "Utrecht" hoort niet bij de regio' },
      {
        line: 4,
        reason:
          'doelgroep "soldaten" onbekend; fase "open" onbekend (in overweging, in voorbereiding, operationeel of gesloten); plekken "12,5": alleen hele getallen (zoals 1200 of 1.200); bezet "-1": mag niet negatief zijn',
      },
      { line: 5, reason: 'bezet (11) is meer dan plekken (10); zet "ja" in de kolom overbezetting als dat klopt' },
      { line: 7, reason: 'staat al op regel 6 (zelfde naam en gemeente)' },
    ]);
  });

  it('refuses a file without the required columns', () => {
    expect(checkImport('name,town\nx,y', towns).fatal).toContain('Kolommen ontbreken: naam, gemeente, doelgroep, fase');
    expect(checkImport('', towns).fatal).toBe('Het bestand is leeg.');
  });
});

describe('matchLocation', () => {
  const all = [
    { id: 1, name: 'Sporthal', municipality: 'Ommen' },
    { id: 2, name: 'Sporthal', municipality: 'Kampen' },
    { id: 3, name: 'Hotel Zwolle', municipality: 'Zwolle' },
  ];
  it('matches case-insensitively, with "(gemeente)" to choose, and suggests on a partial name', () => {
    expect(matchLocation('hotel zwolle', all)).toEqual({ kind: 'one', location: all[2] });
    expect(matchLocation('SPORTHAL', all).kind).toBe('many');
    expect(matchLocation('sporthal (kampen)', all)).toEqual({ kind: 'one', location: all[1] });
    expect(matchLocation('hotel', all)).toEqual({ kind: 'none', suggestions: [all[2]] });
  });
});

describe('the taakstelling in words: half-years and carry-over', () => {
  it('offers two half-years before the current one, the current one and the next, with their months', () => {
    expect(halfYearsAround('2022-II')).toEqual(['2021-II', '2022-I', '2022-II', '2023-I']);
    expect(halfYearsAround('2023-I').map(halfYearLabel)).toEqual(['2022-I (jan–jun)', '2022-II (jul–dec)', '2023-I (jan–jun)', '2023-II (jul–dec)']);
  });

  it('stores achterstand positive and voorsprong negative, and reads the column back into the same words', () => {
    const cases: [CarryOver, number][] = [
      [{ kind: 'achterstand', number: 10 }, 10],
      [{ kind: 'voorsprong', number: 5 }, -5],
      [{ kind: 'geen' }, 0],
    ];
    for (const [words, column] of cases) {
      expect(carryOverColumn(words)).toBe(column);
      expect(carryOverOf(column)).toEqual(words);
    }
    // A zero behind or ahead is no carry-over at all.
    expect(carryOverColumn({ kind: 'voorsprong', number: 0 })).toBe(0);
    expect(carryOverOf(carryOverColumn({ kind: 'voorsprong', number: 0 }))).toEqual({ kind: 'geen' });
  });

  it('an achterstand adds to what is due, a voorsprong takes off, the same way the words say', () => {
    expect(quotaStatus({ quota: 60, housed: 40, carryOver: carryOverColumn({ kind: 'achterstand', number: 5 }) })).toEqual({ required: 65, difference: -25 });
    expect(quotaStatus({ quota: 60, housed: 40, carryOver: carryOverColumn({ kind: 'voorsprong', number: 5 }) })).toEqual({ required: 55, difference: -15 });
    expect(carryOverText(10)).toBe('achterstand vorig halfjaar 10');
    expect(carryOverText(-1_200)).toBe('voorsprong vorig halfjaar 1.200');
    expect(carryOverText(0)).toBe('');
  });
});
