import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { CANCEL, type ConsoleIo } from '../../src/console/form-prompt';
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
  close(): void;
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
  const deps = createDeps(result.config, { db, clock, logger: createLogger({ level: 'error', format: 'json', write: () => undefined }) });
  const io = new ScriptIo();
  const session = new ConsoleSession(deps, io);
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
      }
      return io.text.slice(start);
    },
    out: () => io.text,
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
