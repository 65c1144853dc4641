import type { Db } from '../store/database';
import { seedBaseline } from './seed';
import { addDays } from '../format/nl';
import { TARGET_GROUPS, type Stage } from '../domain/vocabulary';

/**
 * A synthetic national-scale dataset for benchmarks, clearly marked: municipality names start
 * with "Synthetisch", locations and noodknop requests carry synthetic = 1, and every audit line's
 * actor is "synthetic". Deterministic (a fixed pseudo-random sequence), so runs compare.
 *
 * Nothing in it names a Slack user, channel or message that exists, so nothing may make the bot
 * call Slack about it (issue 10 §3): its noodknop requests are history (placed or cancelled, never
 * posted: no channel, no ts), so no job or button acts on them; the people on its shifts are names
 * typed outside Slack (`person_name`), never member ids the reminders would DM.
 */
export const SYNTHETIC = {
  municipalities: 342,
  locations: 3000,
  historyDays: 365,
  noodknopRequests: 200,
  /** The day the synthetic history ends on: benchmarks run "as of" this day. */
  lastDay: '2022-08-31',
  actor: 'synthetic',
} as const;

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export interface SyntheticReport {
  municipalities: number;
  locations: number;
  historyRows: number;
  noodknopRequests: number;
  dutyPeriods: number;
  shifts: number;
}

/**
 * Adds the synthetic dataset on top of the baseline. Refuses to run twice on one database.
 * `scale` multiplies what grows with use (locations with their year of history, noodknop requests,
 * shifts per day); the country's municipalities and the duty rotation stay as they are. The
 * benchmark's scale curve seeds 1×, 3× and 10×.
 */
export function seedNationalScale(db: Db, scale = 1): SyntheticReport {
  seedBaseline(db);
  const already = db.prepare('SELECT count(*) FROM locations WHERE synthetic = 1').pluck().get() as number;
  if (already > 0) throw new Error('De synthetische dataset staat al in deze database.');
  const rnd = random(20220524);
  const firstDay = addDays(SYNTHETIC.lastDay, -(SYNTHETIC.historyDays - 1));
  const at = (day: string, hour = 9) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+02:00`).toISOString();
  // Calendar maths is slow next to an insert; a million history rows reuse these 365 moments.
  const dayMoments = Array.from({ length: SYNTHETIC.historyDays }, (_, d) => at(addDays(firstDay, d)));
  const report: SyntheticReport = { municipalities: 0, locations: 0, historyRows: 0, noodknopRequests: 0, dutyPeriods: 0, shifts: 0 };

  db.transaction(() => {
    const regions = db.prepare('SELECT code FROM regions ORDER BY code').pluck().all() as string[];
    const existing = db.prepare('SELECT count(*) FROM municipalities').pluck().get() as number;
    const insertMunicipality = db.prepare('INSERT INTO municipalities (region_code, name) VALUES (?, ?)');
    for (let i = 0; i < SYNTHETIC.municipalities - existing; i++) {
      const region = regions.filter((r) => r !== 'VR04')[i % (regions.length - 1)]!;
      insertMunicipality.run(region, `Synthetisch ${region}-${String(i + 1).padStart(3, '0')}`);
      report.municipalities++;
    }
    const municipalityIds = db.prepare('SELECT id FROM municipalities ORDER BY id').pluck().all() as number[];

    const insertLocation = db.prepare(
      `INSERT INTO locations (municipality_id, name, target_group, stage, places, occupied, expected_places, opens_on, created_at, created_by, updated_at, updated_by, synthetic)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
    );
    const insertHistory = db.prepare(
      `INSERT INTO location_history (location_id, recorded_at, recorded_by, stage, places, occupied, expected_places) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const stages: Stage[] = ['operationeel', 'operationeel', 'operationeel', 'operationeel', 'in_voorbereiding', 'in_overweging', 'gesloten'];
    for (let i = 0; i < SYNTHETIC.locations * scale; i++) {
      const stage = stages[Math.floor(rnd() * stages.length)]!;
      const group = TARGET_GROUPS[Math.floor(rnd() * TARGET_GROUPS.length)]!;
      const finalPlaces = stage === 'operationeel' || stage === 'gesloten' ? 10 + Math.floor(rnd() * 190) : 0;
      const expected = stage === 'in_voorbereiding' || stage === 'in_overweging' ? 20 + Math.floor(rnd() * 200) : null;
      const lastUpdate = addDays(SYNTHETIC.lastDay, -Math.floor(rnd() * 14));
      const id = Number(
        insertLocation.run(
          municipalityIds[i % municipalityIds.length]!, `Synthetische locatie ${String(i + 1).padStart(4, '0')}`, group, stage,
          finalPlaces, Math.floor(finalPlaces * (0.6 + rnd() * 0.4)), expected, expected ? addDays(SYNTHETIC.lastDay, 30) : null,
          at(firstDay), SYNTHETIC.actor, at(lastUpdate), SYNTHETIC.actor,
        ).lastInsertRowid,
      );
      report.locations++;
      for (let d = 0; d < SYNTHETIC.historyDays; d++) {
        const places = Math.round(finalPlaces * Math.min(1, (d + 30) / SYNTHETIC.historyDays));
        insertHistory.run(id, dayMoments[d], SYNTHETIC.actor, stage, places, Math.floor(places * 0.8), expected);
        report.historyRows++;
      }
    }

    const insertNational = db.prepare(
      `INSERT INTO national_figures (as_of, population, places, occupied, source, recorded_at, recorded_by)
       VALUES (?, 'oekrainers_gemeenten', ?, ?, 'synthetisch', ?, ?) ON CONFLICT (as_of, population) DO NOTHING`,
    );
    for (let d = 0; d < SYNTHETIC.historyDays; d++) {
      const day = addDays(firstDay, d);
      const places = 40000 + d * 20;
      insertNational.run(day, places, Math.floor(places * (0.8 + rnd() * 0.1)), at(day), SYNTHETIC.actor);
    }

    const insertRequest = db.prepare(
      `INSERT INTO noodknop_requests (persons, needed_by, state, requested_by, created_at, closed_at, closed_by, synthetic)
       VALUES (?, ?, ?, ?, ?, ?, ?, 1)`,
    );
    const insertOffer = db.prepare(
      `INSERT INTO noodknop_offers (request_id, location_id, places, offered_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    const locationIds = db.prepare('SELECT id FROM locations WHERE synthetic = 1').pluck().all() as number[];
    for (let i = 0; i < SYNTHETIC.noodknopRequests * scale; i++) {
      // Closed before the dataset's last day: an open, covered or expired request would be one the
      // jobs remind, expire and tell its (made-up) requester about.
      const createdAt = at(addDays(SYNTHETIC.lastDay, -Math.floor(rnd() * 300) - 2), 8);
      const neededBy = new Date(Date.parse(createdAt) + 24 * 3600_000).toISOString();
      const state = (['geplaatst', 'geplaatst', 'geplaatst', 'geannuleerd'] as const)[i % 4]!;
      const requestId = Number(insertRequest.run(10 + Math.floor(rnd() * 40), neededBy, state, SYNTHETIC.actor, createdAt, neededBy, SYNTHETIC.actor).lastInsertRowid);
      for (let o = 0; o < 3; o++) insertOffer.run(requestId, locationIds[Math.floor(rnd() * locationIds.length)]!, 1 + Math.floor(rnd() * 10), SYNTHETIC.actor, createdAt, createdAt);
      report.noodknopRequests++;
    }

    // A year of rotation after the agreed 2022 roster: four slots of 14 days, regions in turn.
    const insertPeriod = db.prepare(
      `INSERT INTO cno_duty_periods (starts_on, ends_on, places, note, created_at, created_by) VALUES (?, ?, 150, 'synthetisch', ?, ?)`,
    );
    const insertPeriodRegion = db.prepare('INSERT INTO cno_duty_period_regions (period_id, region_code) VALUES (?, ?)');
    let turn = 0;
    for (let start = '2022-06-29'; start < '2023-06-29'; start = addDays(start, 14)) {
      for (let slot = 0; slot < 4; slot++) {
        const id = insertPeriod.run(start, addDays(start, 14), at(firstDay), SYNTHETIC.actor).lastInsertRowid;
        insertPeriodRegion.run(id, regions[turn++ % regions.length]!);
        report.dutyPeriods++;
      }
    }

    // People as typed names, not Slack member ids: the reminders DM member ids only.
    const insertShift = db.prepare(
      `INSERT INTO shifts (location_id, starts_at, ends_at, organisation, role, slack_user_id, person_name, created_at, created_by, updated_at, updated_by)
       VALUES (?, ?, ?, ?, 'begeleider', NULL, ?, ?, ?, ?, ?)`,
    );
    const cnoLocation = db.prepare(`SELECT id FROM locations WHERE synthetic = 1 AND target_group = 'cno' LIMIT 1`).pluck().get() as number;
    const organisations = ['COA', 'gemeente', 'VRIJ', 'extern'] as const;
    for (let d = 0; d < SYNTHETIC.historyDays; d++) {
      const day = addDays(firstDay, d);
      const slots = Array.from({ length: scale }, () => [[7, 8], [15, 8], [23, 8]] as const).flat();
      for (const [from, hours] of slots) {
        const startsAt = at(day, from);
        const endsAt = new Date(Date.parse(startsAt) + hours * 3600_000).toISOString();
        const person = rnd() < 0.85 ? `Synthetische medewerker ${String(Math.floor(rnd() * 60)).padStart(3, '0')}` : null;
        insertShift.run(cnoLocation, startsAt, endsAt, organisations[d % 4], person, at(firstDay), SYNTHETIC.actor, at(firstDay), SYNTHETIC.actor);
        report.shifts++;
      }
    }
  })();
  return report;
}
