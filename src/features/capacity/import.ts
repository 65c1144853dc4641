import { TZDate } from '@date-fns/tz';
import { formatDateTime, TIME_ZONE } from '../../format/nl';
import { parseCsv } from '../../domain/csv';
import { parseDay } from '../../domain/dates';
import { parseWholeNumber } from '../../domain/numbers';
import { parseStage, parseTargetGroup, type LocationRecord } from './capacity';

/**
 * The locations CSV (npm run import, or a file sent to the bot): one location per row, matched by
 * name within its municipality — an existing one is updated, a new one added. Pure: the store
 * decides what exists.
 */

export const IMPORT_COLUMNS = ['naam', 'gemeente', 'doelgroep', 'fase', 'plekken', 'bezet', 'verwachte plekken', 'openingsdatum', 'contact', 'notitie', 'overbezetting'] as const;
const REQUIRED = ['naam', 'gemeente', 'doelgroep', 'fase'] as const;

const ALIASES: Record<string, (typeof IMPORT_COLUMNS)[number]> = {
  locatie: 'naam',
  verwacht: 'verwachte plekken',
  opening: 'openingsdatum',
  'geopend vanaf': 'openingsdatum',
  opmerking: 'notitie',
  notities: 'notitie',
};

/** One checked CSV row: the location fields the file sets, and its line for messages. */
export interface ImportRow
  extends Pick<LocationRecord, 'name' | 'municipality' | 'targetGroup' | 'stage' | 'places' | 'occupied' | 'expectedPlaces' | 'opensOn' | 'contact' | 'note'> {
  line: number;
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

/** The stored figures of a location the file names, if it exists (to read an empty cell as "unchanged"). */
export type CurrentFigures = (municipality: string, name: string) => { places: number; occupied: number; updatedAt: string; updatedBy: string } | undefined;

const MONTHS = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];

/**
 * The export's "bijgewerkt" ("25 mei 2022 09:00", or "25-5-2022 9:00" after Excel rewrote it) as
 * the UTC moment of that Amsterdam minute; undefined when the cell is empty or unreadable.
 */
export function parseExportedMoment(raw: string): Date | undefined {
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

/**
 * Checks every row; `municipalities` are the region's names (matched case-insensitively). An empty
 * plekken or bezet cell keeps the figure of an existing location (`current`) and is 0 for a new one.
 */
export function checkImport(csv: string, municipalities: string[], current: CurrentFigures = () => undefined): ImportCheck {
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

  for (const record of records) {
    // Excel writes rows it once formatted as ";;;;;": nothing in them, so nothing to report.
    if (record.fields.every((f) => f.trim() === '')) continue;
    const get = (column: string) => (record.fields[columns.indexOf(column)] ?? '').trim();
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
    // A row from an export carries when the location was last written: a later write (another editor,
    // the noodknop) would be silently overwritten, so the row is refused like a form with a conflict.
    const exportedAt = parseExportedMoment(get('bijgewerkt'));
    if (stored && exportedAt && Math.floor(Date.parse(stored.updatedAt) / 60_000) * 60_000 > exportedAt.getTime()) {
      reasons.push(`na de export gewijzigd door ${stored.updatedBy} op ${formatDateTime(new Date(stored.updatedAt))}; exporteer opnieuw en neem je wijziging daarin over`);
    }
    if (get('contact').length > 200) reasons.push('contact is langer dan 200 tekens');
    if (get('notitie').length > 500) reasons.push('notitie is langer dan 500 tekens');

    if (reasons.length > 0) {
      problems.push({ line: record.line, reason: reasons.join('; ') });
      continue;
    }
    rows.push({
      line: record.line,
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
    });
  }
  if (rows.length === 0 && problems.length === 0) return { rows, problems, fatal: 'Het bestand heeft geen regels onder de kolomnamen.' };
  return { rows, problems };
}
