/**
 * The import's write, in a process of its own: receives the checked rows of a large CSV over IPC,
 * stores them in one transaction on its own connection to the same database (WAL: the bot keeps
 * reading meanwhile), replies with the outcome and exits. The bot's event loop never waits for the
 * write, so `/opvang stand` and every click are answered while 50.000 rows go in. Started by
 * import.runner.ts.
 */
import { openDatabase } from '../../store/database';
import { ALREADY_STORED, storeOnce } from '../../store/store-once';
import { importLocations, type ImportResult } from './figures.write';
import type { ImportRow } from './import';

export interface ImportJob {
  databasePath: string;
  region: string;
  /** storeOnce's key (`import:<file id>`): claimed in the same transaction as the rows. */
  key: string;
  rows: ImportRow[];
  actor: string;
  /** ISO moment of the import (the bot's clock). */
  at: string;
}

export type ImportProcessReply = { ok: true; result: ImportResult | 'already_stored'; writeMs: number } | { ok: false; error: string };

/** The write itself, also what the bot runs inline for small files. */
export function writeImport(db: Parameters<typeof importLocations>[0], job: Omit<ImportJob, 'databasePath'>): { result: ImportResult | 'already_stored'; writeMs: number } {
  const at = new Date(job.at);
  const started = performance.now();
  const stored = storeOnce(db, job.key, at, () => importLocations(db, job.region, job.rows, job.actor, at), {
    // A file that changes nothing leaves no trace, not even its key: it can be sent again.
    stored: (r) => r.status === 'stored' && r.added + r.updated > 0,
    outcome: 'capacity.import',
  });
  return { result: stored === ALREADY_STORED ? 'already_stored' : stored, writeMs: Math.round(performance.now() - started) };
}

function reply(message: ImportProcessReply, code: number): void {
  process.send!(message, () => process.exit(code));
}

if (process.argv[1] && /import\.process\.(ts|mjs)$/.test(process.argv[1])) {
  if (!process.send) {
    console.error('import.process: start me with child_process.fork (an IPC channel is needed)');
    process.exit(2);
  }
  // A parent that goes away: nothing was committed yet or it is, either way nobody waits for an answer.
  process.once('disconnect', () => process.exit(1));
  process.once('message', (job: ImportJob) => {
    try {
      const db = openDatabase(job.databasePath, { migrate: false });
      try {
        reply({ ok: true, ...writeImport(db, job) }, 0);
      } finally {
        db.close();
      }
    } catch (error) {
      reply({ ok: false, error: error instanceof Error ? error.message : String(error) }, 1);
    }
  });
}
