import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { consoleConfig } from '../../src/console/console';
import { CANCEL, type ConsoleIo } from '../../src/console/form-prompt';
import { consoleTransport } from '../../src/console/outbox-transport';
import { features } from '../../src/features/registry';
import { DEFAULT_OUTBOX_POLICY } from '../../src/outbox/outbox';
import { OutboxWorker } from '../../src/outbox/outbox.worker';
import { deliverNow } from '../../src/outbox/signal';
import { outboxFailureHook, outboxSentHook } from '../../src/features/outbox/outbox.slack';
import { ConsoleSession } from '../../src/console/session';
import type { Deps } from '../../src/deps';
import { createLogger } from '../../src/logger';
import { createDeps } from '../../src/main';
import { seedBaseline } from '../../src/seed/seed';
import { openDatabase } from '../../src/store/database';

/** A console session in-process, fed typed lines; everything it printed (prompts included) in `out`. */
export interface ScriptedConsole {
  session: ConsoleSession;
  deps: Deps;
  clock: ManualClock;
  /** Types lines (each answers the next prompt, as at a terminal) and runs them. */
  type(...lines: string[]): Promise<string>;
  out(): string;
  /** Runs a feature's scheduled job (as the console's scheduler does) and returns what it printed. */
  runJob(name: string): Promise<string>;
  close(): Promise<void>;
}

class ScriptIo implements ConsoleIo {
  text = '';
  lines: string[] = [];
  write(text: string): void {
    this.text += text;
  }
  async ask(prompt: string): Promise<string | typeof CANCEL | null> {
    this.text += prompt;
    const line = this.lines.shift();
    if (line === undefined) return null;
    this.text += `${line === '^C' ? '^C' : line}\n`;
    return line === '^C' ? CANCEL : line;
  }
}

export async function scriptedConsole(env: Record<string, string> = {}, now = '2022-05-25T09:00:00+02:00'): Promise<ScriptedConsole> {
  const dir = mkdtempSync(join(tmpdir(), 'opvangbot-console-'));
  const result = loadConfig({ DATABASE_PATH: join(dir, 'opvang.sqlite'), OPVANG_ADMINS: 'UADMIN1', ...env });
  if (!result.ok) throw new Error(result.problems.join('\n'));
  const db = openDatabase(result.config.databasePath);
  seedBaseline(db);
  const clock = new ManualClock(now);
  const deps = createDeps(consoleConfig(result.config), { db, clock, logger: createLogger({ level: 'error', format: 'json', write: () => undefined }) });
  const io = new ScriptIo();
  const session = new ConsoleSession(deps, io);
  // The outbox delivers through the console's transport, as in runConsole (posts are printed).
  const outbox = new OutboxWorker({
    db,
    clock,
    logger: deps.logger,
    transport: consoleTransport(session, clock),
    policy: DEFAULT_OUTBOX_POLICY,
    hooks: { onFailed: outboxFailureHook(features), onSent: outboxSentHook(features) },
  }).start();
  return {
    session,
    deps,
    clock,
    async type(...lines) {
      const start = io.text.length;
      io.lines.push(...lines);
      while (io.lines.length > 0) {
        const line = io.lines.shift()!;
        io.text += `opvang> ${line}\n`;
        await session.handle(line);
        await deliverNow(db);
      }
      return io.text.slice(start);
    },
    out: () => io.text,
    async runJob(name) {
      const job = features.flatMap((f) => f.jobs ?? []).find((j) => j.name === name);
      if (!job) throw new Error(`no job ${name}`);
      const start = io.text.length;
      await job.run(deps);
      await deliverNow(db);
      return io.text.slice(start);
    },
    async close() {
      await outbox.stop();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
