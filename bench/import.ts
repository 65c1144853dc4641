/**
 * The CSV import at 50.000 rows: how long the check takes (it runs in slices that yield, so it
 * never holds up the bot) and how long the one write transaction takes (what a process writing to
 * the same database waits for; the bot's own event loop does not wait, the write runs in a child
 * process). Part of `npm run bench`; `tsx bench/import.ts` runs it alone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { currentFiguresOf, municipalitiesOf } from '../src/features/capacity/capacity.store';
import { checkImport } from '../src/features/capacity/import';
import { writeImport } from '../src/features/capacity/import.process';
import { seedBaseline } from '../src/seed/seed';
import { openDatabase } from '../src/store/database';

export const IMPORT_ROWS = 50_000;

export function importBenchmark(rows = IMPORT_ROWS): { rows: number; checkMs: number; writeMs: number } {
  const dir = mkdtempSync(join(tmpdir(), 'opvangbot-bench-import-'));
  try {
    const db = openDatabase(join(dir, 'import.sqlite'));
    seedBaseline(db);
    const municipalities = municipalitiesOf(db, 'VR04').map((m) => m.name);
    const lines = ['naam;gemeente;doelgroep;fase;plekken;bezet;verwachte plekken;openingsdatum;contact;notitie'];
    for (let i = 1; i <= rows; i++) lines.push(`Rij ${i};${municipalities[i % municipalities.length]};CNO;operationeel;${10 + (i % 90)};${i % 10};;;+31 6 ${i};notitie ${i}`);
    const t0 = performance.now();
    const check = checkImport(lines.join('\r\n'), municipalities, currentFiguresOf(db, 'VR04'));
    const checkMs = performance.now() - t0;
    if (check.problems.length > 0 || check.rows.length !== rows) throw new Error(`import benchmark: ${check.problems.length} problems`);
    const { result, writeMs } = writeImport(db, { region: 'VR04', key: 'bench:import', rows: check.rows, actor: 'UBENCH', at: new Date().toISOString() });
    if (result === 'already_stored' || result.status !== 'stored' || result.added !== rows) throw new Error('import benchmark: not every row was stored');
    db.close();
    return { rows, checkMs, writeMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('bench/import.ts')) {
  const runs = [importBenchmark(), importBenchmark(), importBenchmark()];
  console.log(JSON.stringify({ runs, loadAverage: (await import('node:os')).loadavg() }));
}
