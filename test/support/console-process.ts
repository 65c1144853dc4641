import { spawn, type ChildProcess } from 'node:child_process';

/**
 * The real console (`node --import tsx src/main.ts` without Slack tokens) as a child process,
 * driven through stdin and read through stdout like a person at a terminal: `send` types a line,
 * `until` waits for what the console prints next (no sleeping: it resolves as soon as the text is
 * there, and fails with the output so far after `timeoutMs`).
 */
export interface ConsoleProcess {
  child: ChildProcess;
  send(line: string): void;
  /** Waits until the output after the last `until` matches; returns the match. */
  until(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  output(): string;
  exited: Promise<number | null>;
}

export function spawnConsole(env: Record<string, string>): ConsoleProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env: { PATH: process.env.PATH, ...env } });
  let out = '';
  let mark = 0;
  const waiters = new Set<() => void>();
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    for (const wake of waiters) wake();
  });
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    send: (line) => child.stdin!.write(`${line}\n`),
    output: () => out,
    exited,
    until(pattern, timeoutMs = 8_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = out.slice(mark).match(pattern);
          if (!match) return false;
          mark += (match.index ?? 0) + match[0].length;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(match);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`console did not print ${pattern} within ${timeoutMs} ms; output after the last match:\n${out.slice(mark)}\nstderr:\n${errors}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
  };
}
