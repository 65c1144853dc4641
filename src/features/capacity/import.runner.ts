import { fork } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { Db } from '../../store/database';
import { projectRoot } from '../../paths';
import { writeImport, type ImportJob, type ImportProcessReply } from './import.process';
import type { ImportResult } from './figures.write';

/**
 * Up to this many rows the write runs in the bot's own process: it takes a few tens of
 * milliseconds, less than starting a process. Larger files are written by import.process.ts.
 */
export const INLINE_IMPORT_ROWS = 2000;

/** A write that takes longer than this is given up (the child is killed; its transaction never commits). */
const IMPORT_TIMEOUT_MS = 120_000;

/** From the source tree (tsx, vitest) the child runs the .ts file through tsx; from the bundle, dist/import.process.mjs. */
function childScript(): { script: string; execArgv: string[] } {
  if (import.meta.url.endsWith('.ts')) return { script: join(projectRoot, 'src', 'features', 'capacity', 'import.process.ts'), execArgv: ['--import', 'tsx'] };
  return { script: join(projectRoot, 'dist', 'import.process.mjs'), execArgv: [] };
}

/**
 * Stores checked import rows once (storeOnce under `job.key`), all or nothing, without holding up
 * the bot: small files inline, large ones in a child process with its own connection doing the one
 * transaction. `writeMs` is how long the write transaction took.
 */
export async function storeImport(db: Db, job: Omit<ImportJob, 'databasePath'>): Promise<{ result: ImportResult | 'already_stored'; writeMs: number }> {
  if (job.rows.length <= INLINE_IMPORT_ROWS) return writeImport(db, job);
  return writeInChildProcess({ ...job, databasePath: resolve(db.name) });
}

function writeInChildProcess(job: ImportJob, timeoutMs = IMPORT_TIMEOUT_MS): Promise<{ result: ImportResult | 'already_stored'; writeMs: number }> {
  const { script, execArgv } = childScript();
  return new Promise((resolvePromise, reject) => {
    // 'advanced' serialization carries the rows as structured clones (no JSON round trip).
    const child = fork(script, [], { cwd: projectRoot, execArgv, serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    let settled = false;
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-2000);
    });
    const finish = (error: Error | undefined, value?: { result: ImportResult | 'already_stored'; writeMs: number }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.exitCode === null) child.kill('SIGKILL');
      if (error) reject(error);
      else resolvePromise(value!);
    };
    const timer = setTimeout(() => finish(new Error(`import process gave no answer within ${timeoutMs} ms`)), timeoutMs);
    child.once('message', (message: ImportProcessReply) => {
      if (message.ok) finish(undefined, { result: message.result, writeMs: message.writeMs });
      else finish(new Error(`import process: ${message.error}`));
    });
    child.once('error', (error) => finish(error));
    child.once('exit', (code, signal) => finish(new Error(`import process exited (${signal ?? code}) without an answer${stderr ? `: ${stderr.trim()}` : ''}`)));
    child.send(job);
  });
}
