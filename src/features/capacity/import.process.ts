/**
 * The import's write, in a process of its own: receives the checked rows of a large CSV over IPC,
 * stores them in one transaction on its own connection to the same database (WAL: the bot keeps
 * reading meanwhile), replies with the outcome and exits. The bot's event loop never waits for the
 * write, so `/opvang stand` and every click are answered while 50.000 rows go in. Started by
 * import.runner.ts.
 */
import { serveOneTask } from '../../child-task';
import { openDatabase } from '../../store/database';
import { ALREADY_STORED, storeOnce } from '../../store/store-once';
import { enqueuePost, enqueueUpdate } from '../../outbox/outbox.store';
import { importLocations, type AlertRoute, type ImportResult } from './figures.write';
import type { ImportProblem, ImportRow } from './import';
import { importReportMessage } from './capacity.view';

/**
 * Where an import's answer goes: `post` into the direct message the file came in (a new message),
 * or `update` of the report whose "only the valid rows" button was clicked. Both go through the
 * outbox.
 */
export type ImportAnswer = { post: { channel: string; eventTs: string } } | { update: { channel: string; ts: string } };

/** The report of a stored import, enqueued in the import's own transaction. */
export interface ImportReport {
  fileName: string;
  /** Rows that were left out ("only the valid rows"). */
  problems: ImportProblem[];
  answer: ImportAnswer;
}

export interface ImportJob {
  databasePath: string;
  region: string;
  /** storeOnce's key (`import:<file id>`): claimed in the same transaction as the rows. */
  key: string;
  rows: ImportRow[];
  actor: string;
  /** ISO moment of the import (the bot's clock). */
  at: string;
  /** The admin's report, enqueued with the rows (absent for the command line importer). */
  report?: ImportReport;
  /** Where threshold alerts of this import go (the region and ALERT_CHANNEL). */
  alerts?: AlertRoute;
}

/** The write itself, also what the bot runs inline for small files. */
export function writeImport(db: Parameters<typeof importLocations>[0], job: Omit<ImportJob, 'databasePath'>): { result: ImportResult | 'already_stored'; writeMs: number } {
  const at = new Date(job.at);
  const started = performance.now();
  const stored = storeOnce(db, job.key, at, () => {
    const result = importLocations(db, job.region, job.rows, job.actor, at, job.alerts);
    if (job.report && result.status === 'stored' && result.added + result.updated > 0) {
      const message = importReportMessage(job.report.fileName, { rows: job.rows, problems: job.report.problems }, result);
      const answer = job.report.answer;
      if ('post' in answer) enqueuePost(db, { key: `${job.key}:report`, kind: 'import_report', target: { channel: answer.post.channel }, message }, at);
      else enqueueUpdate(db, { kind: 'import_report', target: answer.update, message }, at);
    }
    return result;
  }, {
    // A file that changes nothing leaves no trace, not even its key: it can be sent again.
    stored: (r) => r.status === 'stored' && r.added + r.updated > 0,
    outcome: 'capacity.import',
  });
  return { result: stored === ALREADY_STORED ? 'already_stored' : stored, writeMs: Math.round(performance.now() - started) };
}

if (process.argv[1] && /import\.process\.(ts|mjs)$/.test(process.argv[1])) {
  serveOneTask('import', (job: ImportJob) => {
    const db = openDatabase(job.databasePath, { migrate: false });
    try {
      return writeImport(db, job);
    } finally {
      db.close();
    }
  });
}
