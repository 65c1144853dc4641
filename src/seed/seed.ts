import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Db } from '../store/database';
import { seedDir } from '../paths';
import { recordAudit } from '../store/audit';

const SEED_ACTOR = 'seed';

interface Reference {
  regions: [string, string][];
  municipalities: Record<string, string[]>;
}

interface Baseline {
  recordedAt: string;
  region: string;
  targets: { targetGroup: string; number: number; dueOn: string | null; label: string; priority: string; source: string }[];
  nationalFigures: { asOf: string; population: string; places: number; occupied: number; source: string }[];
  locations: {
    municipality: string;
    name: string;
    targetGroup: string;
    stage: string;
    places: number;
    occupied: number;
    expectedPlaces: number | null;
    expectedIsEstimate: boolean;
    note: string;
  }[];
  cnoPhase: { name: string; startsOn: string; endsOn: string; placesPerRegion: number; regionsOnDuty: number; periodDays: number; maxStayDays: number; source: string };
  dutyPeriods: { startsOn: string; endsOn: string; places: number; regions: string[]; note?: string }[];
}

const readJson = <T>(name: string): T => JSON.parse(readFileSync(resolve(seedDir, name), 'utf8')) as T;

/** The 25 regions and the municipalities we know; safe to run at every start. */
export function seedReference(db: Db): void {
  const reference = readJson<Reference>('reference.json');
  const region = db.prepare('INSERT INTO regions (code, name) VALUES (?, ?) ON CONFLICT (code) DO NOTHING');
  const municipality = db.prepare('INSERT INTO municipalities (region_code, name) VALUES (?, ?) ON CONFLICT DO NOTHING');
  db.transaction(() => {
    for (const [code, name] of reference.regions) region.run(code, name);
    for (const [code, names] of Object.entries(reference.municipalities)) for (const name of names) municipality.run(code, name);
  })();
}

export interface SeedReport {
  targets: number;
  nationalFigures: number;
  locations: number;
  dutyPeriods: number;
}

/** Loads the 2022 baseline from the slides. Idempotent: what exists is left alone, so a rerun adds nothing. */
export function seedBaseline(db: Db): SeedReport {
  seedReference(db);
  const b = readJson<Baseline>('baseline-2022.json');
  const at = b.recordedAt;
  const report: SeedReport = { targets: 0, nationalFigures: 0, locations: 0, dutyPeriods: 0 };
  const audit = (action: string, entity: string, entityId: number | bigint, after: unknown) =>
    recordAudit(db, { actor: SEED_ACTOR, action, entity, entityId: Number(entityId), after, at: new Date(at) });

  db.transaction(() => {
    const target = db.prepare(
      `INSERT INTO targets (region_code, target_group, number, due_on, label, priority, source, created_at, created_by, updated_at, updated_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (region_code, label) DO NOTHING`,
    );
    for (const t of b.targets) {
      const result = target.run(b.region, t.targetGroup, t.number, t.dueOn, t.label, t.priority, t.source, at, SEED_ACTOR, at, SEED_ACTOR);
      if (result.changes > 0) {
        report.targets++;
        audit('target.create', 'target', result.lastInsertRowid, t);
      }
    }

    const national = db.prepare(
      `INSERT INTO national_figures (as_of, population, places, occupied, source, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (as_of, population) DO NOTHING`,
    );
    for (const n of b.nationalFigures) {
      const result = national.run(n.asOf, n.population, n.places, n.occupied, n.source, at, SEED_ACTOR);
      if (result.changes > 0) {
        report.nationalFigures++;
        audit('national.create', 'national_figures', result.lastInsertRowid, n);
      }
    }

    const municipalityId = db.prepare('SELECT id FROM municipalities WHERE region_code = ? AND name = ?').pluck();
    const location = db.prepare(
      `INSERT INTO locations (municipality_id, name, target_group, stage, places, occupied, expected_places, expected_is_estimate, note,
                              created_at, created_by, updated_at, updated_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    const history = db.prepare(
      `INSERT INTO location_history (location_id, recorded_at, recorded_by, stage, places, occupied, expected_places) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const l of b.locations) {
      const mid = municipalityId.get(b.region, l.municipality) as number;
      const result = location.run(mid, l.name, l.targetGroup, l.stage, l.places, l.occupied, l.expectedPlaces, l.expectedIsEstimate ? 1 : 0, l.note, at, SEED_ACTOR, at, SEED_ACTOR);
      if (result.changes > 0) {
        report.locations++;
        history.run(result.lastInsertRowid, at, SEED_ACTOR, l.stage, l.places, l.occupied, l.expectedPlaces);
        audit('location.create', 'location', result.lastInsertRowid, l);
      }
    }

    const p = b.cnoPhase;
    db.prepare(
      `INSERT INTO cno_phases (name, starts_on, ends_on, places_per_region, regions_on_duty, period_days, max_stay_days, source)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING`,
    ).run(p.name, p.startsOn, p.endsOn, p.placesPerRegion, p.regionsOnDuty, p.periodDays, p.maxStayDays, p.source);
    const phaseId = db.prepare('SELECT id FROM cno_phases WHERE name = ?').pluck().get(p.name) as number;
    const existing = db.prepare(
      `SELECT 1 FROM cno_duty_periods dp JOIN cno_duty_period_regions r ON r.period_id = dp.id
       WHERE dp.starts_on = ? AND dp.ends_on = ? AND r.region_code = ?`,
    );
    const period = db.prepare(
      `INSERT INTO cno_duty_periods (phase_id, starts_on, ends_on, places, note, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const periodRegion = db.prepare('INSERT INTO cno_duty_period_regions (period_id, region_code) VALUES (?, ?)');
    for (const d of b.dutyPeriods) {
      if (existing.get(d.startsOn, d.endsOn, d.regions[0])) continue;
      const result = period.run(phaseId, d.startsOn, d.endsOn, d.places, d.note ?? null, at, SEED_ACTOR);
      for (const code of d.regions) periodRegion.run(result.lastInsertRowid, code);
      report.dutyPeriods++;
      audit('duty_period.create', 'cno_duty_period', result.lastInsertRowid, d);
    }
  })();
  return report;
}
