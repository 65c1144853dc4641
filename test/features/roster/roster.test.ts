import { describe, expect, it } from 'vitest';
import { dueReminder, expandPattern, findPeriodConflicts, parseDutyCsv, parseSlots, shiftInstants } from '../../../src/features/roster/roster';

const hours = (r: ReturnType<typeof shiftInstants>) => (r.ok ? r.minutes / 60 : NaN);

describe('duty period overlaps', () => {
  const existing = [
    { id: 1, startsOn: '2022-06-01', endsOn: '2022-06-15', regions: ['VR13'] },
    { id: 2, startsOn: '2022-06-15', endsOn: '2022-06-29', regions: ['VR14', 'VR25'] },
  ];
  it('refuses a region that already has duty in an overlapping period', () => {
    const conflicts = findPeriodConflicts({ startsOn: '2022-06-10', endsOn: '2022-06-20', regions: ['VR13', 'VR04', 'VR25'] }, existing);
    expect(conflicts.map((c) => [c.region, c.other.id])).toEqual([
      ['VR13', 1],
      ['VR25', 2],
    ]);
  });
  it('allows back-to-back periods (ends_on is exclusive) and ignores the period being edited', () => {
    expect(findPeriodConflicts({ startsOn: '2022-06-15', endsOn: '2022-06-29', regions: ['VR13'] }, existing)).toEqual([]);
    expect(findPeriodConflicts({ id: 1, startsOn: '2022-06-02', endsOn: '2022-06-16', regions: ['VR13'] }, existing)).toEqual([]);
  });
});

describe('CSV import of duty periods', () => {
  const regions = [
    { code: 'VR04', name: 'IJsselland' },
    { code: 'VR14', name: 'Gooi en Vechtstreek' },
    { code: 'VR25', name: 'Flevoland' },
    { code: 'VR02', name: 'Fryslân' },
  ];
  it('reads Dutch Excel CSV with a header, names or codes, shared slots and 1.500-style numbers', () => {
    const result = parseDutyCsv('Van;Tot en met;Regio\'s;Plekken;Notitie\r\n29-6-2022;12-7-2022;IJsselland;150;\r\n13/07/2022;26/07/2022;vr14 + Flevoland;1.500;gedeeld\r\n2022-07-27;2022-08-09;Fryslan;;\r\n', regions);
    expect(result).toEqual({
      ok: true,
      periods: [
        { line: 2, startsOn: '2022-06-29', endsOn: '2022-07-13', places: 150, regions: ['VR04'], note: null },
        { line: 3, startsOn: '2022-07-13', endsOn: '2022-07-27', places: 1500, regions: ['VR14', 'VR25'], note: 'gedeeld' },
        { line: 4, startsOn: '2022-07-27', endsOn: '2022-08-10', places: null, regions: ['VR02'], note: null },
      ],
    });
  });
  it('reads quoted fields as the one CSV reader does: a ; or a line break inside quotes, doubled quotes', () => {
    const result = parseDutyCsv('1-6-2022;14-6-2022;VR04;"1 200";"COA; ""Hal A""\nen B"\n15-6-2022;28-6-2022;VR14;;\n', regions);
    expect(result).toEqual({
      ok: true,
      periods: [
        { line: 1, startsOn: '2022-06-01', endsOn: '2022-06-15', places: 1200, regions: ['VR04'], note: 'COA; "Hal A"\nen B' },
        { line: 3, startsOn: '2022-06-15', endsOn: '2022-06-29', places: null, regions: ['VR14'], note: null },
      ],
    });
    expect(parseDutyCsv('1-6-2022;14-6-2022;VR04;;"open', regions)).toEqual({ ok: false, errors: ['regel 1: Aanhalingsteken (") niet afgesloten.'] });
  });
  it('reports every problem with its line number', () => {
    const result = parseDutyCsv('31-6-2022;12-7-2022;IJsselland;150\n13-7-2022;1-7-2022;Atlantis;-5\n1-8-2022;14-8-2022;VR04;150\n5-8-2022;20-8-2022;VR04;150', regions);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      'regel 1: begindatum "31-6-2022" is geen datum (bijv. 1-6-2022)',
      'regel 2: laatste dag ligt vóór de eerste dag; onbekende regio "Atlantis"; plekken "-5" is geen positief geheel getal',
      'regel 4: VR04 heeft al dienst op regel 3 in dezelfde periode',
    ]);
  });
});

describe('shift instants in Europe/Amsterdam', () => {
  it('a day shift lasts 8 hours and is stored in UTC', () => {
    const r = shiftInstants('2022-06-13', '07:00', '15:00');
    expect(r.ok && [r.startsAt.toISOString(), r.endsAt.toISOString()]).toEqual(['2022-06-13T05:00:00.000Z', '2022-06-13T13:00:00.000Z']);
  });
  it('a night shift over midnight ends the next day', () => {
    const r = shiftInstants('2022-06-13', '23:00', '07:00', true);
    expect(r.ok && [r.startsAt.toISOString(), r.endsAt.toISOString()]).toEqual(['2022-06-13T21:00:00.000Z', '2022-06-14T05:00:00.000Z']);
    expect(hours(r)).toBe(8);
  });
  it('the night into summer time (27 March 2022) lasts 7 real hours, into winter time (30 October 2022) 9', () => {
    expect(hours(shiftInstants('2022-03-26', '23:00', '07:00', true))).toBe(7);
    expect(hours(shiftInstants('2022-10-29', '23:00', '07:00', true))).toBe(9);
    expect(hours(shiftInstants('2022-10-30', '00:00', '04:00'))).toBe(5);
  });
  it('refuses a time that does not exist on the spring DST day', () => {
    expect(shiftInstants('2022-03-27', '02:30', '07:00')).toMatchObject({ ok: false, field: 'start' });
  });
  it('refuses a shift that ends before it starts, and one longer than 24 hours', () => {
    expect(shiftInstants('2022-06-13', '15:00', '07:00')).toMatchObject({ ok: false, field: 'end', message: expect.stringContaining('eindigt vóór') });
    expect(shiftInstants('2022-06-13', '07:00', '08:00', true)).toMatchObject({ ok: false, message: 'Een dienst duurt hoogstens 24 uur.' });
  });
});

describe('shift patterns', () => {
  it('parses slots', () => {
    expect(parseSlots('07-15, 15-23, 23-07')).toEqual({ ok: true, slots: [{ start: '07:00', end: '15:00' }, { start: '15:00', end: '23:00' }, { start: '23:00', end: '07:00' }] });
    expect(parseSlots('7:30–16')).toEqual({ ok: true, slots: [{ start: '07:30', end: '16:00' }] });
    expect(parseSlots('07-25')).toMatchObject({ ok: false });
    expect(parseSlots('08-08')).toMatchObject({ ok: false });
  });
  it('expands two weeks of three shifts a day, keeping the real length over the DST night', () => {
    const slots = [{ start: '07:00', end: '15:00' }, { start: '15:00', end: '23:00' }, { start: '23:00', end: '07:00' }];
    const r = expandPattern('2022-03-20', '2022-04-02', slots);
    expect(r.ok && r.shifts.length).toBe(42);
    if (!r.ok) return;
    const night = r.shifts.find((s) => s.startsAt.toISOString() === '2022-03-26T22:00:00.000Z')!;
    expect((night.endsAt.getTime() - night.startsAt.getTime()) / 3600_000).toBe(7);
    // Consecutive shifts meet exactly: no gap, no overlap.
    for (let i = 1; i < r.shifts.length; i++) expect(r.shifts[i]!.startsAt.getTime()).toBe(r.shifts[i - 1]!.endsAt.getTime());
  });
  it('refuses a reversed range and too many shifts', () => {
    expect(expandPattern('2022-06-10', '2022-06-01', [{ start: '07:00', end: '15:00' }])).toMatchObject({ ok: false });
    expect(expandPattern('2022-06-01', '2022-08-31', [{ start: '07:00', end: '15:00' }], 4)).toMatchObject({ ok: false, message: expect.stringContaining('hoogstens') });
  });
});

describe('which reminder is due', () => {
  const start = new Date('2022-06-14T05:00:00Z');
  const at = (iso: string) => new Date(iso);
  it('nothing more than 24 hours before, the day-before reminder within 24 hours, the hour-before within the hour', () => {
    expect(dueReminder(start, at('2022-06-13T04:59:00Z'), [])).toBeUndefined();
    expect(dueReminder(start, at('2022-06-13T05:00:00Z'), [])).toBe('day_before');
    expect(dueReminder(start, at('2022-06-13T20:00:00Z'), ['day_before'])).toBeUndefined();
    expect(dueReminder(start, at('2022-06-14T04:00:00Z'), ['day_before'])).toBe('hour_before');
    expect(dueReminder(start, at('2022-06-14T04:30:00Z'), ['day_before', 'hour_before'])).toBeUndefined();
  });
  it('after a downtime only the reminder still useful goes out, and nothing once the shift started', () => {
    expect(dueReminder(start, at('2022-06-14T04:30:00Z'), [])).toBe('hour_before');
    expect(dueReminder(start, at('2022-06-14T05:00:00Z'), [])).toBeUndefined();
  });
});
