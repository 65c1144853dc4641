/**
 * The one submission path of a form at national scale (bench/run.ts, or alone with
 * `npx tsx bench/forms.ts`): what the server adds to every submission since it validates each
 * field against the form as built at submit time (issue 10 §2) — building the definition from the
 * database, the one validation (the location picker's choice re-read), and the whole path
 * including the write (role, build, validate, storeOnce with version check, row, history, audit).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../src/clock';
import { loadConfig } from '../src/config';
import { LOCATION_PICKER, LOCATION_UPDATE_VIEW } from '../src/blockkit/ids';
import type { Deps } from '../src/deps';
import { submitForm } from '../src/features/form-runner';
import { findForm } from '../src/features/registry';
import { validateForm } from '../src/forms/validate';
import { createLogger } from '../src/logger';
import { createDeps } from '../src/main';
import { seedNationalScale, SYNTHETIC } from '../src/seed/synthetic';
import { openDatabase, type Db } from '../src/store/database';
import { storeOnce } from '../src/store/store-once';
import { updateLocation } from '../src/features/capacity/figures.write';
import { timeIt } from './load';

const ADMIN = 'UBENCHFORMS';

export interface FormBenchmark {
  /** The bijwerken form built from the database for a location (median / p99 ms). */
  build: { median: number; p99: number };
  /** validateForm of a full submission against it. */
  validate: { median: number; p99: number };
  /** The whole submission path, write included (synchronous: stored before the ack). */
  submit: { median: number; p99: number };
  /** Submissions stored per second through that path, one after the other. */
  submitsPerSecond: number;
  /** The same writes without the form path (storeOnce + updateLocation), for comparison. */
  writesPerSecond: number;
}

export function formBenchmarks(db: Db, now: Date): FormBenchmark {
  const result = loadConfig({ DATABASE_PATH: ':memory:', OPVANG_ADMINS: ADMIN, LOG_LEVEL: 'error' });
  if (!result.ok) throw new Error(result.problems.join('\n'));
  const deps: Deps = createDeps(result.config, { db, clock: new ManualClock(now.toISOString()), logger: createLogger({ level: 'error', format: 'json', write: () => undefined }) });
  const form = findForm(LOCATION_UPDATE_VIEW)!;
  const rows = db.prepare("SELECT l.id, l.places, l.occupied, l.version FROM locations l JOIN municipalities m ON m.id = l.municipality_id WHERE m.region_code = 'VR04' AND l.stage = 'operationeel' AND l.places >= l.occupied + 12 LIMIT 200").all() as {
    id: number;
    places: number;
    occupied: number;
    version: number;
  }[];
  if (rows.length === 0) throw new Error('no locations to update in VR04');
  const ctx = { deps, userId: ADMIN };
  const raw = (r: (typeof rows)[number]) => ({ [LOCATION_PICKER]: String(r.id), places: String(r.places), occupied: String(r.occupied + 1), stage: 'operationeel', note: 'bench', overbezetting: ['overbezetting'] });
  let i = 0;
  const next = () => rows[i++ % rows.length]!;
  const build = timeIt(() => form.build(ctx, { id: next().id }), 500);
  const validate = timeIt(() => {
    const r = next();
    validateForm(form.build(ctx, { id: r.id }), raw(r));
  }, 500);
  let stored = 0;
  const submitOnce = () => {
    const r = next();
    const outcome = submitForm(form, raw(r), { ...ctx, meta: { id: r.id, version: r.version }, submissionKey: `bench:${LOCATION_UPDATE_VIEW}:${stored}:${r.id}` });
    if (outcome.kind !== 'done') throw new Error(`bench submission not stored: ${JSON.stringify(outcome)}`);
    r.version++;
    r.occupied++;
    stored++;
  };
  const submit = timeIt(submitOnce, 1000);
  const t0 = performance.now();
  for (let n = 0; n < 1000; n++) submitOnce();
  const submitsPerSecond = 1000 / ((performance.now() - t0) / 1000);
  const t1 = performance.now();
  for (let n = 0; n < 1000; n++) {
    const r = next();
    storeOnce(db, `bench:write:${n}:${r.id}`, now, () => updateLocation(db, { id: r.id, expectedVersion: r.version, patch: { occupied: r.occupied + 1 }, actor: ADMIN, at: now }));
    r.version++;
    r.occupied++;
  }
  const writesPerSecond = 1000 / ((performance.now() - t1) / 1000);
  return { build, validate, submit, submitsPerSecond, writesPerSecond };
}

if (process.argv[1]?.endsWith('bench/forms.ts')) {
  const dir = mkdtempSync(join(tmpdir(), 'opvangbot-bench-forms-'));
  try {
    const db = openDatabase(join(dir, 'opvang.sqlite'));
    seedNationalScale(db);
    const r = formBenchmarks(db, new Date(`${SYNTHETIC.lastDay}T09:00:00+02:00`));
    const f = (n: number, d = 2) => n.toFixed(d).replace('.', ',');
    console.log(`build bijwerken form (median / p99 ms): ${f(r.build.median)} / ${f(r.build.p99)}`);
    console.log(`validate a submission (median / p99 ms): ${f(r.validate.median)} / ${f(r.validate.p99)}`);
    console.log(`whole submission path, write included (median / p99 ms): ${f(r.submit.median)} / ${f(r.submit.p99)}`);
    console.log(`submissions stored per second (one after the other, synchronous=NORMAL without the barrier): ${f(r.submitsPerSecond, 0)}`);
    console.log(`the same writes without the form path, per second: ${f(r.writesPerSecond, 0)}`);
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
