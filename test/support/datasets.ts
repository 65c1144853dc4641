import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays } from '../../src/format/nl';
import { openDatabase, type Db } from '../../src/store/database';
import { seedBaseline } from '../../src/seed/seed';
import { seedNationalScale, SYNTHETIC } from '../../src/seed/synthetic';

/**
 * Datasets for the conformance run. The national-scale one takes seconds to seed, so it is seeded
 * once per test process into a template file and copied into each bot's directory.
 */

let template: string | undefined;

/** The synthetic national-scale dataset (src/store/synthetic.ts), seeded once per process. */
export function nationalTemplate(): string {
  if (template) return template;
  const dir = mkdtempSync(join(tmpdir(), 'opvangbot-national-'));
  const path = join(dir, 'template.sqlite');
  const db = openDatabase(path);
  seedNationalScale(db);
  db.close();
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  template = path;
  return path;
}

/** A fresh directory with a copy of the national template as `opvang.sqlite` (what startBot opens). */
export function nationalDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'opvangbot-'));
  copyFileSync(nationalTemplate(), join(dir, 'opvang.sqlite'));
  return dir;
}

/** The day the national dataset's history ends: the conformance run happens that morning. */
export const NATIONAL_NOW = `${SYNTHETIC.lastDay}T09:00:00+02:00`;

export interface Extension {
  /** Locations added to one municipality of the bot's region. */
  locations: number;
  /** Different kinds of open shift on tomorrow. */
  openShiftKinds: number;
  /** CNO groups on day 12 without an outflow destination. */
  stays: number;
  /** Targets of the region (the target picker lists them). */
  targets: number;
  /** Offers on one open noodknop request of the region (the placement form lists them). */
  offers: number;
  /** Locations whose figures are 8 days old, owned by `assignee`: the overdue job asks about them. */
  overdue: number;
}

export const SMALL: Extension = { locations: 2, openShiftKinds: 2, stays: 2, targets: 1, offers: 2, overdue: 2 };
export const LARGE: Extension = { locations: 150, openShiftKinds: 40, stays: 50, targets: 110, offers: 120, overdue: 40 };

/**
 * Adds what the surfaces must show at scale: many locations in one municipality (names with `&`
 * and `<`, as people type them), many kinds of open shift on one day, CNO groups due for the
 * 14-day warning, many targets, a shift of `assignee` tomorrow (reminders), a noodknop request
 * with many offers and one placed partly. Written in one transaction, marked as made by "conformance".
 */
export function extendForConformance(db: Db, options: { region: string; now: Date; today: string; assignee: string; size: Extension }): void {
  const { size, now, today } = options;
  const at = now.toISOString();
  const by = 'conformance';
  db.transaction(() => {
    const municipality = db.prepare("SELECT id, name FROM municipalities WHERE region_code = ? ORDER BY name = 'Zwolle' DESC, id LIMIT 1").get(options.region) as { id: number; name: string };
    const insertLocation = db.prepare(
      `INSERT INTO locations (municipality_id, name, target_group, stage, places, occupied, expected_places, opens_on, contact, note, created_at, created_by, updated_at, updated_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const groups = ['oekrainers', 'cno', 'statushouders', 'medische_evacues', 'gastgezinnen'];
    const locationIds: number[] = [];
    for (let i = 1; i <= size.locations; i++) {
      const stage = i % 4 === 0 ? 'in_voorbereiding' : 'operationeel';
      const places = stage === 'operationeel' ? 20 + (i % 50) : 0;
      locationIds.push(
        Number(
          insertLocation.run(
            municipality.id,
            `Wonen & Zorg <tijdelijk> ${String(i).padStart(3, '0')} — een lange naam zoals gemeenten ze geven, met *sterren* en _lijnen_`,
            i === 1 ? 'cno' : groups[i % groups.length],
            stage,
            places,
            Math.floor(places / 2),
            stage === 'operationeel' ? null : 40,
            stage === 'operationeel' ? null : addDays(today, 30),
            `Contact ${i} <info@example.nl> & 06-12345678`,
            `Notitie met <!channel> en <@U999> en ${'lange tekst '.repeat(20)}`,
            at,
            by,
            at,
            by,
          ).lastInsertRowid,
        ),
      );
    }
    const cnoLocation = locationIds[0]!;

    // Many kinds of open shift on one day (tomorrow), and one of `assignee` for the reminders.
    const insertShift = db.prepare(
      `INSERT INTO shifts (location_id, starts_at, ends_at, organisation, role, slack_user_id, person_name, created_at, created_by, updated_at, updated_by)
       VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)`,
    );
    const tomorrow = addDays(today, 1);
    const organisations = ['COA', 'gemeente', 'VRIJ', 'extern'];
    for (let i = 0; i < size.openShiftKinds; i++) {
      const start = new Date(`${tomorrow}T${String(6 + (i % 14)).padStart(2, '0')}:${i % 2 ? '30' : '00'}:00+02:00`);
      const end = new Date(start.getTime() + (4 + (i % 5)) * 3600_000);
      insertShift.run(cnoLocation, start.toISOString(), end.toISOString(), organisations[i % 4], `Rol ${i} & <begeleiding>`, null, at, by, at, by);
    }
    const mine = new Date(`${tomorrow}T08:00:00+02:00`);
    insertShift.run(cnoLocation, mine.toISOString(), new Date(mine.getTime() + 8 * 3600_000).toISOString(), 'COA', 'Coördinator', options.assignee, at, by, at, by);

    // CNO groups on day 12 without a destination: the 14-day warning.
    const insertStay = db.prepare('INSERT INTO cno_stays (location_id, persons, arrived_on, created_at, created_by) VALUES (?, ?, ?, ?, ?)');
    for (let i = 0; i < size.stays; i++) insertStay.run(cnoLocation, 1 + (i % 30), addDays(today, -12), at, by);

    const insertTarget = db.prepare(
      `INSERT INTO targets (region_code, target_group, number, due_on, label, priority, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, 'normaal', ?, ?, ?, ?)`,
    );
    for (let i = 1; i <= size.targets; i++) insertTarget.run(options.region, groups[i % groups.length], 100 * i, addDays(today, 30 + i), `Doel ${i}: plekken & <meer> voor de regio, met een omschrijving die de optietekst van 75 tekens overschrijdt`, at, by, at, by);

    // An open request of the region with many offers: the placement form and the broadcast list them.
    const request = Number(
      db
        .prepare(`INSERT INTO noodknop_requests (persons, needed_by, state, requested_by, created_at) VALUES (?, ?, 'open', ?, ?)`)
        .run(500, new Date(now.getTime() + 20 * 3600_000).toISOString(), options.assignee, at).lastInsertRowid,
    );
    // A second open request without offers: it can only be cancelled (the run's last round does that).
    db.prepare(`INSERT INTO noodknop_requests (persons, needed_by, state, requested_by, created_at) VALUES (?, ?, 'open', ?, ?)`).run(7, new Date(now.getTime() + 20 * 3600_000).toISOString(), options.assignee, at);
    const insertOffer = db.prepare('INSERT INTO noodknop_offers (request_id, location_id, places, note, offered_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    // Offers name operational locations only (the offer rule; a placement checks it again).
    const operational = locationIds.filter((_, i) => (i + 1) % 4 !== 0);
    for (let i = 0; i < size.offers; i++) insertOffer.run(request, operational[i % operational.length], 1, `Aanbod ${i} <ok> & klaar`, options.assignee, at, at);

    // A request placed partly an hour ago (10 of 12): "Nu actie nodig" shows the two left without a
    // place, with a new noodknop for them and "Geen nieuwe noodknop nodig" (the last round dismisses it).
    const hourAgo = new Date(now.getTime() - 3600_000).toISOString();
    const partly = Number(
      db
        .prepare(`INSERT INTO noodknop_requests (persons, needed_by, state, requested_by, created_at, closed_at, closed_by, origin) VALUES (12, ?, 'geplaatst', ?, ?, ?, ?, 'Ter Apel & <omgeving>')`)
        .run(hourAgo, options.assignee, at, hourAgo, options.assignee).lastInsertRowid,
    );
    db.prepare('INSERT INTO noodknop_offers (request_id, location_id, places, note, offered_by, created_at, updated_at, used_places) VALUES (?, ?, 10, NULL, ?, ?, ?, 10)').run(
      partly,
      operational[0],
      options.assignee,
      at,
      at,
    );

    // Figures 8 days old with `assignee` as their owner: the overdue job's question (its three
    // buttons); the large set is more than one message shows with buttons.
    const eightDaysAgo = new Date(now.getTime() - 8 * 24 * 3600_000).toISOString();
    const insertOverdue = db.prepare(
      `INSERT INTO locations (municipality_id, name, target_group, stage, places, occupied, owner_id, created_at, created_by, updated_at, updated_by)
       VALUES (?, ?, 'oekrainers', 'operationeel', ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (let i = 1; i <= size.overdue; i++) {
      insertOverdue.run(municipality.id, `Verouderd & <oud> ${String(i).padStart(3, '0')} — met een naam zoals gemeenten ze geven`, 40, 10 + (i % 30), options.assignee, eightDaysAgo, by, eightDaysAgo, by);
    }

    // Thresholds every write crosses (no number of free places is enough), so an alert with its button is posted.
    const threshold = db.prepare(`INSERT INTO thresholds (region_code, kind, target_group, value, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)`);
    for (const group of groups) threshold.run(options.region, 'min_free', group, 1_000_000, at, by);
    threshold.run(options.region, 'max_location_occupancy', '', 50, at, by);
    threshold.run(options.region, 'national_occupancy', '', 50, at, by);
  })();
}

/** The baseline dataset in a fresh directory (startBot seeds it). */
export function baselineDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'opvangbot-'));
  const db = openDatabase(join(dir, 'opvang.sqlite'));
  seedBaseline(db);
  db.close();
  return dir;
}
