import { resolve } from 'node:path';
import { runInChildProcess } from '../../child-task';
import type { Db } from '../../store/database';
import { writeImport, type ImportJob } from './import.process';
import type { ImportResult } from './figures.write';

/**
 * Up to this many rows the write runs in the bot's own process: it takes a few tens of
 * milliseconds, less than starting a process. Larger files are written by import.process.ts.
 */
export const INLINE_IMPORT_ROWS = 2000;

/** A write that takes longer than this is given up (the child is killed; its transaction never commits). */
const IMPORT_TIMEOUT_MS = 120_000;

/**
 * Stores checked import rows once (storeOnce under `job.key`), all or nothing, without holding up
 * the bot: small files inline, large ones in a child process with its own connection doing the one
 * transaction. `writeMs` is how long the write transaction took.
 */
export async function storeImport(db: Db, job: Omit<ImportJob, 'databasePath'>): Promise<{ result: ImportResult | 'already_stored'; writeMs: number }> {
  if (job.rows.length <= INLINE_IMPORT_ROWS) return writeImport(db, job);
  return writeInChildProcess({ ...job, databasePath: resolve(db.name) });
}

function writeInChildProcess(job: ImportJob): Promise<{ result: ImportResult | 'already_stored'; writeMs: number }> {
  return runInChildProcess({ name: 'import', source: 'features/capacity/import.process.ts', bundle: 'import.process.mjs', job, timeoutMs: IMPORT_TIMEOUT_MS });
}
