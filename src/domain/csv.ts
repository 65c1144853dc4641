/**
 * Dutch Excel CSV: `;` between fields, UTF-8 with or without BOM, fields in double quotes when they
 * hold `;`, quotes or line breaks (a quote inside is doubled). Small enough to own and test rather
 * than add a dependency.
 */

export interface CsvRecord {
  /** 1-based line number in the file where the record starts (what a spreadsheet user sees). */
  line: number;
  fields: string[];
}

export type CsvParse = { ok: true; records: CsvRecord[] } | { ok: false; line: number; reason: string };

export function parseCsv(input: string, separator = ';'): CsvParse {
  const text = input.replace(/^\uFEFF/, '');
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let wasQuoted = false;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0]!.trim() === '' && !wasQuoted)) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    wasQuoted = false;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      if (c === '\n') line++;
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field.trim() === '') {
      quoted = true;
      wasQuoted = true;
      field = '';
      i++;
      continue;
    }
    if (c === separator) {
      fields.push(field);
      field = '';
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    field += c;
    i++;
  }
  if (quoted) return { ok: false, line: recordLine, reason: 'Aanhalingsteken (") niet afgesloten.' };
  if (field !== '' || fields.length > 0 || wasQuoted) endRecord();
  return { ok: true, records };
}

/**
 * Text a spreadsheet would run as a formula (= + - @, a tab or a carriage return first), also after
 * apostrophes: a text that already starts with `'` followed by one of those is guarded too, so
 * `unguardSpreadsheetText` can undo exactly one `'` and every text comes back as typed.
 */
const NEEDS_GUARD = /^'*[=+\-@\t\r]/;
const GUARDED = /^'+[=+\-@\t\r]/;

/**
 * A field for Excel: quoted when needed; a text Excel would run as a formula (`=SOM(A1)`,
 * `+31 6 …`, `- 2 rolstoelplekken`) gets a leading `'`, the OWASP advice against CSV injection.
 */
export function csvField(value: string | number | null | undefined, separator = ';'): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && NEEDS_GUARD.test(text)) text = `'${text}`;
  return /["\r\n]/.test(text) || text.includes(separator) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Undoes csvField's guard when a file comes back: `'+31 6 …` is `+31 6 …` again. Only a `'`
 * before a formula character is ours; `'t Harde` stays as it is.
 */
export function unguardSpreadsheetText(text: string): string {
  return GUARDED.test(text) ? text.slice(1) : text;
}

/** The whole file: BOM (so Excel reads UTF-8), `;`, CRLF line ends. */
export function writeCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  return `\uFEFF${[header, ...rows].map((row) => row.map((v) => csvField(v)).join(';')).join('\r\n')}\r\n`;
}
