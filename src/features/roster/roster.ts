import { parseCsv } from '../../domain/csv';
import { parseDay, wallClockInstant } from '../../domain/dates';
import { parseWholeNumber } from '../../domain/numbers';
import { addDays, daysBetween, formatDate, TIME_ZONE } from '../../format/nl';

/**
 * Pure roster logic: duty-period overlaps, shift instants in Europe/Amsterdam (DST-correct),
 * shift patterns, person overlaps and which reminder is due. No Bolt, no SQL. The 14-day rule of
 * the CNO groups' stays is stays/stays.ts.
 */

export const ORGANISATIONS = ['COA', 'gemeente', 'VRIJ', 'extern'] as const;
export type Organisation = (typeof ORGANISATIONS)[number];

export const ORGANISATION_LABELS: Record<Organisation, string> = {
  COA: 'COA',
  gemeente: 'Gemeente',
  // The organisation (VR IJsselland, "VRIJ") by what it is: "VRIJ" next to "90 vrij" reads as free places.
  VRIJ: 'Veiligheidsregio',
  extern: 'Externe partij',
};

// Duty periods ---------------------------------------------------------------------------------

/** A duty period as stand and the roster show it: its days and the regions that hold it. */
export interface DutyPeriod {
  id: number;
  startsOn: string;
  endsOn: string;
  places: number | null;
  regions: { code: string; name: string }[];
}


/** A duty slot: [startsOn, endsOn) as Amsterdam calendar days, held by one or more regions. */
export interface PeriodSpan {
  id?: number;
  startsOn: string;
  endsOn: string;
  regions: string[];
}

export interface PeriodConflict {
  region: string;
  other: PeriodSpan;
}

/** Regions of `candidate` that already have a period overlapping it (ignoring the period being edited). */
export function findPeriodConflicts(candidate: PeriodSpan, existing: PeriodSpan[]): PeriodConflict[] {
  const conflicts: PeriodConflict[] = [];
  for (const other of existing) {
    if (candidate.id !== undefined && other.id === candidate.id) continue;
    if (!(other.startsOn < candidate.endsOn && candidate.startsOn < other.endsOn)) continue;
    for (const region of candidate.regions) if (other.regions.includes(region)) conflicts.push({ region, other });
  }
  return conflicts;
}

/** Periods with the same dates form one rotation step ("1–15 juni: four regions"). */
export function groupByDates<T extends { startsOn: string; endsOn: string }>(periods: T[]): { startsOn: string; endsOn: string; periods: T[] }[] {
  const groups = new Map<string, { startsOn: string; endsOn: string; periods: T[] }>();
  for (const p of [...periods].sort((a, b) => a.startsOn.localeCompare(b.startsOn) || a.endsOn.localeCompare(b.endsOn))) {
    const key = `${p.startsOn}/${p.endsOn}`;
    const group = groups.get(key) ?? { startsOn: p.startsOn, endsOn: p.endsOn, periods: [] };
    group.periods.push(p);
    groups.set(key, group);
  }
  return [...groups.values()];
}

// CSV import of duty periods -------------------------------------------------------------------

export interface ParsedPeriod {
  line: number;
  startsOn: string;
  endsOn: string;
  places: number | null;
  regions: string[];
  note: string | null;
}

export type CsvResult = { ok: true; periods: ParsedPeriod[] } | { ok: false; errors: string[] };

/**
 * Parses duty periods as Dutch Excel writes CSV (`;`-separated):
 * `eerste dag;laatste dag;regio's;plekken;notitie` — dates `1-6-2022` or `2022-06-01`, regions by code or
 * name, several regions sharing one slot joined with `+`. A header line is skipped. Every problem
 * is reported with its line number; the caller stores all or nothing.
 */
export function parseDutyCsv(text: string, regions: { code: string; name: string }[], bounds: { earliest: string; latest: string } = { earliest: '2000-01-01', latest: '2099-12-31' }): CsvResult {
  const errors: string[] = [];
  const periods: ParsedPeriod[] = [];
  const byName = new Map<string, string>();
  for (const r of regions) {
    byName.set(r.code.toLowerCase(), r.code);
    byName.set(normaliseName(r.name), r.code);
  }
  const csv = parseCsv(text);
  if (!csv.ok) return { ok: false, errors: [`regel ${csv.line}: ${csv.reason}`] };
  csv.records.forEach(({ line, fields }) => {
    const cells = fields.map((c) => c.trim());
    if (cells.every((c) => c === '')) return;
    if (line === 1 && /^van$/i.test(cells[0] ?? '')) return;
    const problems: string[] = [];
    const from = dayOrUndefined(cells[0] ?? '');
    const through = dayOrUndefined(cells[1] ?? '');
    if (!from) problems.push(`begindatum "${cells[0] ?? ''}" is geen datum (bijv. 1-6-2022)`);
    if (!through) problems.push(`einddatum "${cells[1] ?? ''}" is geen datum (bijv. 14-6-2022)`);
    if (from && through && through < from) problems.push('laatste dag ligt vóór de eerste dag');
    if ((from && from < bounds.earliest) || (through && through > bounds.latest)) problems.push(`data buiten ${formatDate(bounds.earliest)} – ${formatDate(bounds.latest)}`);
    const names = (cells[2] ?? '').split('+').map((n) => n.trim()).filter(Boolean);
    if (names.length === 0) problems.push("geen regio's");
    const codes: string[] = [];
    for (const name of names) {
      const code = byName.get(name.toLowerCase()) ?? byName.get(normaliseName(name));
      if (!code) problems.push(`onbekende regio "${name}"`);
      else if (codes.includes(code)) problems.push(`regio ${code} staat dubbel`);
      else codes.push(code);
    }
    let places: number | null = null;
    const placesCell = cells[3] ?? '';
    if (placesCell !== '') {
      const parsed = parseWholeNumber(placesCell);
      if (!parsed.ok || parsed.value <= 0) problems.push(`plekken "${placesCell}" is geen positief geheel getal`);
      else places = parsed.value;
    }
    if (problems.length > 0) {
      errors.push(`regel ${line}: ${problems.join('; ')}`);
      return;
    }
    periods.push({ line, startsOn: from!, endsOn: addDays(through!, 1), places, regions: codes, note: cells[4] ? cells[4] : null });
  });
  if (errors.length === 0 && periods.length === 0) errors.push('geen perioden gevonden');
  // Overlaps inside the file itself.
  periods.forEach((p, i) => {
    for (const c of findPeriodConflicts(p, periods.slice(0, i))) {
      errors.push(`regel ${p.line}: ${c.region} heeft al dienst op regel ${(c.other as ParsedPeriod).line} in dezelfde periode`);
    }
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, periods };
}

function dayOrUndefined(text: string): string | undefined {
  const parsed = parseDay(text);
  return parsed.ok ? parsed.value : undefined;
}

function normaliseName(name: string): string {
  return name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

export type OurDuty =
  | { kind: 'on_duty'; period: DutyPeriod; daysLeft: number }
  | { kind: 'upcoming'; period: DutyPeriod; daysUntil: number }
  | { kind: 'not_scheduled'; rosterKnownUntil: string | null };

/** Our region's duty relative to today: on duty, upcoming, or not in the known roster. */
export function ourDuty(next: DutyPeriod | undefined, today: string, rosterKnownUntil: string | null): OurDuty {
  if (!next) return { kind: 'not_scheduled', rosterKnownUntil };
  if (next.startsOn <= today) return { kind: 'on_duty', period: next, daysLeft: daysBetween(today, addDays(next.endsOn, -1)) };
  return { kind: 'upcoming', period: next, daysUntil: daysBetween(today, next.startsOn) };
}

// Shift instants -------------------------------------------------------------------------------

export type Instants = { ok: true; startsAt: Date; endsAt: Date; minutes: number } | { ok: false; field: 'start' | 'end'; message: string };

/** Longest shift we accept; anything longer is almost certainly a typing error. */
const MAX_SHIFT_HOURS = 24;

/**
 * An Amsterdam wall-clock time on a day as an instant; undefined when DST skips that time. A time
 * that happens twice (the night the clock goes back) is its first occurrence (domain/dates.ts).
 */
function localInstant(day: string, time: string): Date | undefined {
  const instant = wallClockInstant(day, time, TIME_ZONE);
  return instant.ok ? instant.at : undefined;
}

/**
 * A shift on `day` from `start` to `end` ("HH:mm", Amsterdam time) as real instants. With
 * `endsNextDay` the end falls on the next calendar day (a night shift); the length is then the
 * real one, so 23:00–07:00 lasts 7 hours into summer time (27 March 2022) and 9 into winter time
 * (30 October 2022). A shift that ends before it starts is refused, not silently moved.
 */
export function shiftInstants(day: string, start: string, end: string, endsNextDay = false): Instants {
  const startsAt = localInstant(day, start);
  if (!startsAt) return { ok: false, field: 'start', message: `${start} bestaat niet op deze dag (de klok gaat een uur vooruit).` };
  const endsAt = localInstant(endsNextDay ? addDays(day, 1) : day, end);
  if (!endsAt) return { ok: false, field: 'end', message: `${end} bestaat niet op deze dag (de klok gaat een uur vooruit).` };
  const minutes = Math.round((endsAt.getTime() - startsAt.getTime()) / 60_000);
  if (minutes <= 0) {
    return {
      ok: false,
      field: 'end',
      message: endsNextDay
        ? 'De dienst eindigt vóór hij begint.'
        : 'De dienst eindigt vóór (of als) hij begint. Een nachtdienst? Vink "eindigt de volgende dag" aan.',
    };
  }
  if (minutes > MAX_SHIFT_HOURS * 60) return { ok: false, field: 'end', message: `Een dienst duurt hoogstens ${MAX_SHIFT_HOURS} uur.` };
  return { ok: true, startsAt, endsAt, minutes };
}

// Patterns ---------------------------------------------------------------------------------------

export interface Slot {
  start: string;
  end: string;
}

/** "07-15, 15-23, 23-07" or "7:00–15:00; 15:30-23" → slots; a slot whose end is not after its start runs into the next day. */
export function parseSlots(text: string): { ok: true; slots: Slot[] } | { ok: false; message: string } {
  const parts = text.split(/[,;\n]+/).map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) return { ok: false, message: 'Geef minstens één dienst, bijv. 07-15, 15-23, 23-07.' };
  const slots: Slot[] = [];
  for (const part of parts) {
    const match = /^(\d{1,2})(?:[:.](\d{2}))?\s*[-–]\s*(\d{1,2})(?:[:.](\d{2}))?$/.exec(part);
    const hm = (h?: string, m?: string) => {
      const hh = Number(h);
      const mm = Number(m ?? '0');
      return hh <= 23 && mm <= 59 ? `${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}` : undefined;
    };
    const start = match ? hm(match[1], match[2]) : undefined;
    const end = match ? hm(match[3], match[4]) : undefined;
    if (!start || !end) return { ok: false, message: `"${part}" is geen tijdvak; schrijf bijv. 07-15 of 07:00-15:00.` };
    if (start === end) return { ok: false, message: `"${part}": begin en eind zijn gelijk.` };
    slots.push({ start, end });
  }
  return { ok: true, slots };
}

export interface ShiftDraft {
  startsAt: Date;
  endsAt: Date;
}

/** Most shifts one pattern may create: a safety net against a wrong date range. */
const MAX_PATTERN_SHIFTS = 300;

/** Every slot on every day from `from` through `through` (inclusive), `perSlot` times each. */
export function expandPattern(from: string, through: string, slots: Slot[], perSlot = 1): { ok: true; shifts: ShiftDraft[] } | { ok: false; message: string } {
  if (through < from) return { ok: false, message: 'De laatste dag ligt vóór de eerste dag.' };
  const days = daysBetween(from, through) + 1;
  const total = days * slots.length * perSlot;
  if (total > MAX_PATTERN_SHIFTS) return { ok: false, message: `Dat worden ${total} diensten; hoogstens ${MAX_PATTERN_SHIFTS} per keer.` };
  const shifts: ShiftDraft[] = [];
  for (let i = 0; i < days; i++) {
    const day = addDays(from, i);
    for (const slot of slots) {
      const instants = shiftInstants(day, slot.start, slot.end, slot.end <= slot.start);
      if (!instants.ok) return { ok: false, message: `${day} ${slot.start}-${slot.end}: ${instants.message}` };
      for (let n = 0; n < perSlot; n++) shifts.push({ startsAt: instants.startsAt, endsAt: instants.endsAt });
    }
  }
  return { ok: true, shifts };
}

/** Whether two half-open time ranges share any moment (back-to-back shifts do not). */
export function overlaps(a: { startsAt: string | Date; endsAt: string | Date }, b: { startsAt: string | Date; endsAt: string | Date }): boolean {
  const t = (v: string | Date) => new Date(v).getTime();
  return t(a.startsAt) < t(b.endsAt) && t(b.startsAt) < t(a.endsAt);
}

// Reminders ------------------------------------------------------------------------------------

export type ReminderKind = 'day_before' | 'hour_before';
export const REMINDER_KINDS: readonly ReminderKind[] = ['day_before', 'hour_before'];

/**
 * The outbox keys of what the roster says in Slack. Each message goes out once per key; the key
 * is also the record that it was sent (the outbox holds it, no table of ours).
 */
export const rosterKeys = {
  reminder: (shiftId: number, userId: string, kind: ReminderKind) => `shift:${shiftId}:${userId}:${kind}`,
  gaps: (channel: string, day: string) => `roster:gaps:${channel}:${day}`,
  /** A group is warned about once (warned_at), so the first group of a warning names it for good. */
  stays: (channel: string, firstStayId: number) => `roster:stays:${channel}:${firstStayId}`,
  /** A shift's version moves with every change, so each hand-back is told once. */
  handedBack: (shiftId: number, version: number) => `shift:${shiftId}:handed_back:${version}`,
};

/**
 * The reminder to send now for a shift starting at `startsAt`, given those already sent. The
 * day-before reminder is due from 24 hours before the start until the hour-before one takes over;
 * the hour-before one until the shift starts. A reminder that fell due while the bot was down is
 * still sent while it is useful; after the start, nothing is.
 */
export function dueReminder(startsAt: Date, now: Date, sent: ReminderKind[]): ReminderKind | undefined {
  const until = startsAt.getTime() - now.getTime();
  if (until <= 0) return undefined;
  if (until <= 3600_000) return sent.includes('hour_before') ? undefined : 'hour_before';
  if (until <= 24 * 3600_000) return sent.includes('day_before') ? undefined : 'day_before';
  return undefined;
}

export interface PeriodRecord extends DutyPeriod {
  note: string | null;
}

export interface ShiftRecord {
  id: number;
  locationId: number | null;
  /** The location's name (capacity's, added by roster.query.ts). */
  location: string | null;
  startsAt: string;
  endsAt: string;
  organisation: Organisation;
  role: string;
  slackUserId: string | null;
  personName: string | null;
  version: number;
}

/** A shift as the roster's own table holds it: without the location's name. */
export type ShiftRow = Omit<ShiftRecord, 'location'>;
