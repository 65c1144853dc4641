import { TZDate } from '@date-fns/tz';
import { formatDateTime, TIME_ZONE } from '../../format/nl';
import { parseCsv, unguardSpreadsheetText } from '../../domain/csv';
import { parseDay } from '../../domain/dates';
import { parseWholeNumber } from '../../domain/numbers';
import { parseStage, parseTargetGroup, SLACK_MEMBER_ID, type LocationRecord } from './capacity';

/**
 * The locations CSV (npm run import, or a file sent to the bot): one location per row, matched by
 * name within its municipality — an existing one is updated, a new one added. Pure: the store
 * decides what exists.
 */

const IMPORT_COLUMNS = ['naam', 'gemeente', 'doelgroep', 'fase', 'plekken', 'bezet', 'verwachte plekken', 'openingsdatum', 'contact', 'notitie', 'overbezetting', 'eigenaar'] as const;
const REQUIRED = ['naam', 'gemeente', 'doelgroep', 'fase'] as const;

const ALIASES: Record<string, (typeof IMPORT_COLUMNS)[number]> = {
  locatie: 'naam',
  verwacht: 'verwachte plekken',
  opening: 'openingsdatum',
  'geopend vanaf': 'openingsdatum',
  opmerking: 'notitie',
  notities: 'notitie',
  owner: 'eigenaar',
};

/** One checked CSV row: the location fields the file sets, and its line for messages. */
export interface ImportRow
  extends Pick<LocationRecord, 'name' | 'municipality' | 'targetGroup' | 'stage' | 'places' | 'occupied' | 'expectedPlaces' | 'opensOn' | 'contact' | 'note' | 'ownerId'> {
  line: number;
  /**
   * The stored location the row names, as it was when the file was checked: the write changes it
   * only if it is still that version (someone may write between the check and the write).
   */
  existing?: { id: number; version: number };
  /** False when the row says what is stored already: nothing to write, nothing to refuse. */
  changes: boolean;
}

export interface ImportProblem {
  line: number;
  reason: string;
}

export interface ImportCheck {
  rows: ImportRow[];
  problems: ImportProblem[];
  /** A problem with the whole file (no header, broken quoting): nothing can be imported. */
  fatal?: string;
}

const yes = (v: string) => /^(ja|j|x|1|true|waar)$/i.test(v.trim());

/** A stored location as the import compares a row with it. */
export type StoredForImport = Pick<LocationRecord, 'id' | 'version' | 'stage' | 'places' | 'occupied' | 'expectedPlaces' | 'opensOn' | 'contact' | 'note' | 'ownerId' | 'updatedAt' | 'updatedBy'>;

/** The stored location a file names, if it exists (an empty cell keeps its figure; an unchanged row is left alone). */
export type CurrentFigures = (municipality: string, name: string) => StoredForImport | undefined;

/**
 * Whether a checked row would change the stored location: what importLocations writes (an empty
 * cell keeps the stored value) compared with what is there.
 */
function rowChanges(row: Omit<ImportRow, 'line' | 'existing' | 'changes'>, stored: StoredForImport): boolean {
  return (
    row.stage !== stored.stage ||
    row.places !== stored.places ||
    row.occupied !== stored.occupied ||
    (row.expectedPlaces !== null && row.expectedPlaces !== stored.expectedPlaces) ||
    (row.opensOn !== null && row.opensOn !== stored.opensOn) ||
    (row.contact !== null && row.contact !== stored.contact) ||
    (row.note !== null && row.note !== stored.note) ||
    (row.ownerId !== null && row.ownerId !== stored.ownerId)
  );
}

const MONTHS = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];

/**
 * The export's "bijgewerkt" ("25 mei 2022 09:00", or "25-5-2022 9:00" after Excel rewrote it) as
 * the UTC moment of that Amsterdam minute; undefined when the cell is empty or unreadable.
 */
function parseExportedMoment(raw: string): Date | undefined {
  const text = raw.trim().toLowerCase();
  const named = /^(\d{1,2}) ([a-z]+) (\d{4}) (\d{1,2}):(\d{2})$/.exec(text);
  const numeric = /^(\d{1,2})[-/](\d{1,2})[-/](\d{4}) (\d{1,2}):(\d{2})(?::\d{2})?$/.exec(text);
  let parts: number[] | undefined;
  if (named && MONTHS.includes(named[2]!)) parts = [Number(named[3]), MONTHS.indexOf(named[2]!), Number(named[1]), Number(named[4]), Number(named[5])];
  else if (numeric) parts = [Number(numeric[3]), Number(numeric[2]) - 1, Number(numeric[1]), Number(numeric[4]), Number(numeric[5])];
  if (!parts) return undefined;
  const [y, m, d, h, min] = parts as [number, number, number, number, number];
  const moment = new TZDate(y, m, d, h, min, TIME_ZONE);
  return Number.isNaN(moment.getTime()) ? undefined : new Date(moment.getTime());
}

/** Whether the stored location was written after the export a row comes from (its `versie`, else its `bijgewerkt` minute). */
function writtenAfterExport(stored: StoredForImport, version: string, exportedMoment: string): boolean {
  if (/^\d+$/.test(version)) return stored.version !== Number(version);
  const exportedAt = parseExportedMoment(exportedMoment);
  return exportedAt !== undefined && Math.floor(Date.parse(stored.updatedAt) / 60_000) * 60_000 > exportedAt.getTime();
}

/** Rows checked between two yields of checkImportInSlices: a few milliseconds of work. */
const IMPORT_SLICE_ROWS = 500;

/**
 * Checks every row; `municipalities` are the region's names (matched case-insensitively). An empty
 * plekken or bezet cell keeps the figure of an existing location (`current`) and is 0 for a new one.
 */
export function checkImport(csv: string, municipalities: string[], current: CurrentFigures = () => undefined): ImportCheck {
  const steps = checkImportInSlices(csv, municipalities, current);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * checkImport as slices of IMPORT_SLICE_ROWS rows: the generator yields between slices, so a
 * caller with a bot to keep answering (a file of 50.000 rows sent by DM) can give the event loop
 * its turn (`await setImmediate`) before the next slice. Pure: it only reads through `current`.
 */
export function* checkImportInSlices(csv: string, municipalities: string[], current: CurrentFigures = () => undefined): Generator<number, ImportCheck, void> {
  const parsed = parseCsv(csv);
  if (!parsed.ok) return { rows: [], problems: [{ line: parsed.line, reason: parsed.reason }], fatal: `Regel ${parsed.line}: ${parsed.reason}` };
  const [head, ...records] = parsed.records;
  if (!head) return { rows: [], problems: [], fatal: 'Het bestand is leeg.' };
  const columns = head.fields.map((h) => {
    const name = h.trim().toLowerCase();
    return ALIASES[name] ?? name;
  });
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    return {
      rows: [],
      problems: [],
      fatal: `${missing.length > 1 ? 'Kolommen ontbreken' : 'Kolom ontbreekt'}: ${missing.join(', ')}. De eerste regel moet de kolomnamen geven: ${IMPORT_COLUMNS.join(';')} (gescheiden door ;).`,
    };
  }
  const byName = new Map(municipalities.map((m) => [m.toLowerCase(), m]));
  const rows: ImportRow[] = [];
  const problems: ImportProblem[] = [];
  const seen = new Map<string, number>();

  for (const [index, record] of records.entries()) {
    if (index > 0 && index % IMPORT_SLICE_ROWS === 0) yield index;
    // Excel writes rows it once formatted as ";;;;;": nothing in them, so nothing to report.
    if (record.fields.every((f) => f.trim() === '')) continue;
    // The export guards text a spreadsheet would run as a formula with a leading ' (domain/csv.ts).
    const get = (column: string) => unguardSpreadsheetText((record.fields[columns.indexOf(column)] ?? '').trim());
    const reasons: string[] = [];
    const name = get('naam');
    if (!name) reasons.push('naam is leeg');
    else if (name.length > 100) reasons.push('naam is langer dan 100 tekens');
    const municipality = byName.get(get('gemeente').toLowerCase());
    if (!municipality) reasons.push(get('gemeente') ? `gemeente "${get('gemeente')}" hoort niet bij de regio` : 'gemeente is leeg');
    const targetGroup = parseTargetGroup(get('doelgroep'));
    if (!targetGroup) reasons.push(`doelgroep "${get('doelgroep')}" onbekend`);
    const stage = parseStage(get('fase'));
    if (!stage) reasons.push(`fase "${get('fase')}" onbekend (in overweging, in voorbereiding, operationeel of gesloten)`);
    const stored = name && municipality ? current(municipality, name) : undefined;
    const number = (column: string, optional: boolean, keep?: number): number | null => {
      const raw = get(column);
      if (raw === '') return optional ? null : (keep ?? 0);
      const n = parseWholeNumber(raw);
      if (!n.ok) {
        reasons.push(`${column} "${raw}": ${n.reason.charAt(0).toLowerCase()}${n.reason.slice(1).replace(/\.$/, '')}`);
        return null;
      }
      return n.value;
    };
    const places = number('plekken', false, stored?.places);
    const occupied = number('bezet', false, stored?.occupied);
    const expectedPlaces = number('verwachte plekken', true);
    let opensOn: string | null = null;
    if (get('openingsdatum')) {
      const d = parseDay(get('openingsdatum'));
      if (d.ok) opensOn = d.value;
      else reasons.push(`openingsdatum: ${d.reason.charAt(0).toLowerCase()}${d.reason.slice(1).replace(/\.$/, '')}`);
    }
    if (places !== null && occupied !== null && occupied > places && !yes(get('overbezetting'))) {
      reasons.push(`bezet (${occupied}) is meer dan plekken (${places}); zet "ja" in de kolom overbezetting als dat klopt`);
    }
    if (name && municipality) {
      const key = `${municipality.toLowerCase()}|${name.toLowerCase()}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) reasons.push(`staat al op regel ${earlier} (zelfde naam en gemeente)`);
      else seen.set(key, record.line);
    }
    if (get('contact').length > 200) reasons.push('contact is langer dan 200 tekens');
    if (get('notitie').length > 500) reasons.push('notitie is langer dan 500 tekens');
    // The owner as the export writes it: a Slack member id (a mention as Slack writes it is read too).
    const owner = get('eigenaar').replace(/^<@([^|>]+)(?:\|[^>]*)?>$/, '$1');
    if (owner && !SLACK_MEMBER_ID.test(owner)) reasons.push(`eigenaar "${get('eigenaar')}" is geen Slack-lid-id (zoals U012ABCDEF: profiel → ⋯ → lid-id kopiëren)`);
    const values = {
      name,
      municipality: municipality!,
      targetGroup: targetGroup!,
      stage: stage!,
      places: places!,
      occupied: occupied!,
      expectedPlaces,
      opensOn,
      contact: get('contact') || null,
      note: get('notitie') || null,
      // Empty keeps the stored owner, as an empty contact or note keeps theirs.
      ownerId: owner || null,
    };
    const changes = reasons.length > 0 || !stored || rowChanges(values, stored);
    // A row from an export says which write of the location it shows: a later write (another editor,
    // the noodknop) would be silently overwritten, so a row that changes the location is refused like
    // a form with a conflict. The export's `versie` says it exactly; a file without it (an older
    // export) is compared by the `bijgewerkt` minute. A row that changes nothing overwrites nothing:
    // an export sent back as it is is never refused.
    if (stored && changes && writtenAfterExport(stored, get('versie'), get('bijgewerkt'))) {
      reasons.push(`na de export gewijzigd door ${stored.updatedBy} op ${formatDateTime(new Date(stored.updatedAt))}; exporteer opnieuw en neem je wijziging daarin over`);
    }

    if (reasons.length > 0) {
      problems.push({ line: record.line, reason: reasons.join('; ') });
      continue;
    }
    rows.push({ line: record.line, ...values, ...(stored ? { existing: { id: stored.id, version: stored.version } } : {}), changes });
  }
  if (rows.length === 0 && problems.length === 0) return { rows, problems, fatal: 'Het bestand heeft geen regels onder de kolomnamen.' };
  return { rows, problems };
}
