import { describe, expect, it } from 'vitest';
import { MAX_FIGURE, parseSignedWholeNumber, parseWholeNumber } from '../../src/domain/numbers';

const NBSP = '\u00a0';
const NARROW_NBSP = '\u202f';

function refused(raw: string): string {
  const parsed = parseWholeNumber(raw);
  expect(parsed.ok, `${JSON.stringify(raw)} must be refused`).toBe(false);
  return parsed.ok ? '' : parsed.reason;
}

describe('the one number parser: what Dutch people type is read', () => {
  it.each([
    ['plain digits', '1000', 1000],
    ['plain digits with surrounding space', ' 1200 ', 1200],
    ['zero', '0', 0],
    ['thousands dots in groups of three', '1.000', 1000],
    ['several thousands dots', '1.200.000', 1_200_000],
    ['thousands dot, national scale', '46.091', 46_091],
    ['an ordinary space between groups of three', '1 000', 1000],
    ['a non-breaking space between groups of three', `1${NBSP}000`, 1000],
    ['a narrow no-break space between groups of three', `12${NARROW_NBSP}500`, 12_500],
    ['several space groups', '1 200 000', 1_200_000],
    ['a decimal comma with one zero', '150,0', 150],
    ['thousands dots and a decimal comma with zeros', '1.200,00', 1200],
    ['spaces and a decimal comma with zeros', '1 200,00', 1200],
    ['a decimal comma with zeros after a thousand', '1.000,000', 1000],
    ['zero with zero decimals', '0,000', 0],
  ])('%s: %j is %d', (_rule, raw, value) => {
    expect(parseWholeNumber(raw)).toEqual({ ok: true, value });
  });
});

describe('the one number parser: what could mean two things is refused with a Dutch reason', () => {
  it('a dot not followed by a group of three reads as a decimal point: 1.5, 1.20, 1.2000', () => {
    expect(refused('1.5')).toBe('Alleen hele getallen (zoals 1200 of 1.200).');
    expect(refused('1.20')).toBe('Alleen hele getallen (zoals 1200 of 1.200).');
    expect(refused('1.2000')).toBe('Alleen hele getallen (zoals 1200 of 1.200).');
  });

  it('two dots in a row, or a leading dot, are no number: 1..5, .500', () => {
    expect(refused('1..5')).toContain('Geen geldig getal');
    expect(refused('.500')).toContain('Geen geldig getal');
    expect(refused('1.')).toContain('Geen geldig getal');
  });

  it('a comma followed by three digits is an English thousand, not a decimal: 1,000', () => {
    expect(refused('1,000')).toBe('Schrijf duizendtallen met een punt (1.000) of zonder scheiding (1000), niet met een komma.');
    expect(refused('250,000')).toContain('duizendtallen');
  });

  it('decimals that are not zero: 12,5 and 1,200', () => {
    expect(refused('12,5')).toBe('Alleen hele getallen (zoals 1200 of 1.200).');
    expect(refused('1,200')).toBe('Alleen hele getallen (zoals 1200 of 1.200).');
  });

  it('a space that does not separate groups of three: 1 00, 10 0000', () => {
    expect(refused('1 00')).toBe('Een spatie scheidt alleen groepjes van drie cijfers (zoals 1 200).');
    expect(refused('10 0000')).toContain('groepjes van drie');
  });

  it('dots and spaces mixed, or two commas', () => {
    expect(refused('1.000 000')).toContain('Geen geldig getal');
    expect(refused('1,0,0')).toContain('Geen geldig getal');
  });

  it('letters and empty input', () => {
    expect(refused('twaalf')).toBe('Geen geldig getal; gebruik alleen cijfers (zoals 1200 of 1.200).');
    expect(refused('12a')).toContain('Geen geldig getal');
    expect(refused('1e3')).toContain('Geen geldig getal');
    expect(refused('')).toBe('Vul een getal in.');
    expect(refused('   ')).toBe('Vul een getal in.');
  });

  it('a sign where none is allowed', () => {
    expect(refused('-3')).toBe('Mag niet negatief zijn.');
    expect(refused('−3')).toBe('Mag niet negatief zijn.');
    expect(refused('+3')).toContain('Geen geldig getal');
  });

  it('a figure beyond any real one (a typo) is questioned', () => {
    expect(refused(String(MAX_FIGURE + 1))).toBe('Dat is meer dan 10.000.000; klopt het getal?');
    expect(parseWholeNumber('12', { max: 10 })).toEqual({ ok: false, reason: 'Dat is meer dan 10; klopt het getal?' });
  });
});

describe('the signed variant (carry-over)', () => {
  it('reads a minus sign, ASCII or typographic, with the same notation', () => {
    expect(parseSignedWholeNumber('-5')).toEqual({ ok: true, value: -5 });
    expect(parseSignedWholeNumber('−1.200')).toEqual({ ok: true, value: -1200 });
    expect(parseSignedWholeNumber('-0')).toEqual({ ok: true, value: 0 });
    expect(parseSignedWholeNumber('7')).toEqual({ ok: true, value: 7 });
  });

  it('refuses the same ambiguities', () => {
    expect(parseSignedWholeNumber('-1.5')).toMatchObject({ ok: false, reason: 'Alleen hele getallen (zoals 1200 of 1.200).' });
    expect(parseSignedWholeNumber('--5').ok).toBe(false);
  });
});
