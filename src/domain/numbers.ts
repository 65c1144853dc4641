/**
 * The one number parser: every figure a person types (a form, a CSV import, a command) goes
 * through parseWholeNumber, so the same text means the same number everywhere (issue 10 §2).
 *
 * Accepted, as Dutch people write whole numbers: "1000", "1.000" (thousands dots, groups of three),
 * "1 000" (an ordinary, non-breaking or narrow no-break space between groups of three), and a
 * decimal comma with only zeros ("150,0", "1.200,00", as Excel writes them). Anything that could
 * mean two things is refused with a Dutch reason rather than guessed: "1.5", "1.20", "12,5",
 * "1,000" (a thousand the English way, or one?), "1 00", "1..5", ".500", letters, and a sign
 * unless the field allows one.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Larger than any real reception figure; a typo like 46091000 is refused rather than stored. */
export const MAX_FIGURE = 10_000_000;

export interface NumberOptions {
  /** Accept a leading minus ("-5", "−5"): carry-over figures may be negative. */
  signed?: boolean;
  /** The largest absolute value accepted (MAX_FIGURE unless given). */
  max?: number;
}

const WHOLE = 'Alleen hele getallen (zoals 1200 of 1.200).';
const INVALID = 'Geen geldig getal; gebruik alleen cijfers (zoals 1200 of 1.200).';

/** The thousands separators a Dutch keyboard or spreadsheet produces between groups of three. */
const SPACES = ' \u00a0\u202f';

const PLAIN = /^\d+$/;
const DOTTED = /^\d{1,3}(?:\.\d{3})+$/;
const SPACED = new RegExp(`^\\d{1,3}(?:[${SPACES}]\\d{3})+$`);

export function parseWholeNumber(raw: string, options: NumberOptions = {}): Parsed<number> {
  let text = raw.trim();
  if (text === '') return { ok: false, reason: 'Vul een getal in.' };
  const negative = /^[-−]/.test(text);
  if (negative) {
    if (!options.signed) return { ok: false, reason: 'Mag niet negatief zijn.' };
    text = text.slice(1);
  }
  const [whole = '', decimals, extra] = text.split(',');
  if (extra !== undefined) return { ok: false, reason: INVALID };
  if (decimals !== undefined) {
    if (!/^\d+$/.test(decimals)) return { ok: false, reason: /[.\s]/.test(decimals) ? WHOLE : INVALID };
    if (/[1-9]/.test(decimals)) return { ok: false, reason: WHOLE };
    // "1,000" is a thousand written the English way, not 1 with three decimals: refuse rather than store 1.
    if (decimals.length === 3 && /^[1-9]\d{0,2}$/.test(whole)) {
      return { ok: false, reason: `Schrijf duizendtallen met een punt (${whole}.${decimals}) of zonder scheiding (${whole}${decimals}), niet met een komma.` };
    }
  }
  let digits: string;
  if (PLAIN.test(whole)) digits = whole;
  else if (DOTTED.test(whole)) digits = whole.replace(/\./g, '');
  else if (SPACED.test(whole)) digits = whole.replace(/[\s\u00a0\u202f]/g, '');
  else return { ok: false, reason: reasonFor(whole) };
  const value = Number(digits);
  const max = options.max ?? MAX_FIGURE;
  if (value > max) return { ok: false, reason: `Dat is meer dan ${max.toLocaleString('nl-NL')}; klopt het getal?` };
  return { ok: true, value: negative && value !== 0 ? -value : value };
}

/** A whole number that may be negative (carry-over): parseWholeNumber with `signed`. */
export function parseSignedWholeNumber(raw: string): Parsed<number> {
  return parseWholeNumber(raw, { signed: true });
}

/** Why a whole part with separators was refused, in words that help the person fix it. */
function reasonFor(whole: string): string {
  // "1.5", "1.20", "1.2000": a dot that does not separate groups of three reads as a decimal point.
  if (/^\d+(?:\.\d+)+$/.test(whole)) return WHOLE;
  if (new RegExp(`^\\d+(?:[${SPACES}]\\d+)+$`).test(whole)) return 'Een spatie scheidt alleen groepjes van drie cijfers (zoals 1 200).';
  return INVALID;
}
