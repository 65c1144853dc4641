import { fork, type Serializable } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from './paths';

/**
 * One task in a short-lived child process: the parent sends one message, the child answers once
 * and exits. Used where work must not stay in the bot's process (the chart libraries' memory) or
 * must not hold up its event loop (a large import's write transaction).
 */
export type ChildTaskReply<Value> = { ok: true; value: Value } | { ok: false; error: string };

export interface ChildTask<Job> {
  /** Named in errors: "<name> process: …". */
  name: string;
  /** The child's file, relative to src/ (run through tsx from the source tree). */
  source: string;
  /** The bundle's file, relative to dist/ (the bot as built). */
  bundle: string;
  /** Node options for the bundled child (e.g. a heap limit). */
  bundleExecArgv?: string[];
  job: Job;
  timeoutMs: number;
}

/** From the source tree (tsx, vitest) the child runs the .ts file through tsx; from the bundle, the .mjs in dist/. */
function childScript(task: ChildTask<unknown>): { script: string; execArgv: string[] } {
  if (import.meta.url.endsWith('.ts')) return { script: join(projectRoot, 'src', task.source), execArgv: ['--import', 'tsx'] };
  return { script: join(projectRoot, 'dist', task.bundle), execArgv: task.bundleExecArgv ?? [] };
}

/** Runs `task` in a child process; rejects on its error, its exit without an answer, or the timeout (the child is killed). */
export function runInChildProcess<Job, Value>(task: ChildTask<Job>): Promise<Value> {
  const { script, execArgv } = childScript(task);
  return new Promise<Value>((resolve, reject) => {
    // 'advanced' serialization carries rows and bytes as structured clones (no JSON, no base64).
    const child = fork(script, [], { cwd: projectRoot, execArgv, serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    let settled = false;
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-2000);
    });
    const finish = (error: Error | undefined, value?: Value) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.exitCode === null) child.kill('SIGKILL');
      if (error) reject(error);
      else resolve(value as Value);
    };
    const timer = setTimeout(() => finish(new Error(`${task.name} process gave no answer within ${task.timeoutMs} ms`)), task.timeoutMs);
    child.once('message', (reply: ChildTaskReply<Value>) => {
      if (reply.ok) finish(undefined, reply.value);
      else finish(new Error(`${task.name} process: ${reply.error}`));
    });
    child.once('error', (error) => finish(error));
    child.once('exit', (code, signal) => finish(new Error(`${task.name} process exited (${signal ?? code}) without an answer${stderr ? `: ${stderr.trim()}` : ''}`)));
    child.send(task.job as Serializable);
  });
}

/** The child's side: takes the one job, answers with `work`'s value or error, and exits. */
export function serveOneTask<Job, Value>(name: string, work: (job: Job) => Value | Promise<Value>): void {
  if (!process.send) {
    console.error(`${name}.process: start me with child_process.fork (an IPC channel is needed)`);
    process.exit(2);
  }
  const reply = (message: ChildTaskReply<Value>, code: number) => process.send!(message, () => process.exit(code));
  // A parent that goes away waits for no answer.
  process.once('disconnect', () => process.exit(1));
  process.once('message', (job: Job) => {
    Promise.resolve()
      .then(() => work(job))
      .then(
        (value) => reply({ ok: true, value }, 0),
        (error: unknown) => reply({ ok: false, error: error instanceof Error ? error.message : String(error) }, 1),
      );
  });
}
