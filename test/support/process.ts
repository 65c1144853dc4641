import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { seedBaseline } from '../../src/seed/seed';
import { openDatabase } from '../../src/store/database';
import { FakeSlack } from './fake-slack';

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/** Ready = the port accepts connections (the bot listens only once fully set up). */
export async function waitForPort(port: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`port ${port} did not open`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface BotProcess {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  /** Resolves with the exit code or signal. */
  exited: Promise<number | NodeJS.Signals | null>;
}

/** The real bot as its own process (src/main.ts through tsx), in HTTP mode on a free port. */
export async function spawnBot(env: Record<string, string>): Promise<BotProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  await Promise.race([waitForPort(port), exited.then((code) => Promise.reject(new Error(`bot exited (${String(code)}): ${stderr}`)))]);
  return { child, url: `http://127.0.0.1:${port}`, stderr: () => stderr, exited };
}

/** What a test of the real bot process works with: a database file on the 2022 baseline, a fake Slack, the bot it spawned. */
export interface ProcessBed {
  dir: string;
  databasePath: string;
  fake: FakeSlack;
  /** Set by the test when it spawns the bot; killed after the test. */
  bot?: BotProcess;
}

/** A fresh ProcessBed per test (a temp dir named `prefix…`), taken down after it. */
export function useProcessBed(prefix: string): ProcessBed {
  const bed = {} as ProcessBed;
  beforeEach(async () => {
    bed.dir = mkdtempSync(join(tmpdir(), prefix));
    bed.databasePath = join(bed.dir, 'opvang.sqlite');
    const db = openDatabase(bed.databasePath);
    seedBaseline(db);
    db.close();
    bed.fake = await new FakeSlack().start();
  });
  afterEach(async () => {
    bed.bot?.child.kill('SIGKILL');
    bed.bot = undefined;
    await bed.fake.stop();
    rmSync(bed.dir, { recursive: true, force: true });
  });
  return bed;
}
