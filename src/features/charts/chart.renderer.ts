import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { Config } from '../../config';
import { projectRoot } from '../../paths';
import type { ChartSpec } from './chart';
import type { ChartProcessReply } from './chart.process';

/** A chart that takes longer than this is given up (the child is killed). */
const CHART_TIMEOUT_MS = 30_000;

// One chart at a time: two people asking at once must not mean two 100 MB processes at once.
let queue: Promise<unknown> = Promise.resolve();

function serially<T>(work: () => Promise<T>): Promise<T> {
  const run = queue.then(work, work);
  queue = run.catch(() => undefined);
  return run;
}

/**
 * Draws a chart as PNG, where the config says: in a short-lived child process (the bot's
 * default), or in this process (tests, scripts). Either way the chart libraries are loaded only
 * now, by dynamic import, never at start.
 */
export function drawChartPng(spec: ChartSpec, config: Pick<Config, 'charts'>): Promise<Buffer> {
  return serially(() => (config.charts.renderer === 'inline' ? drawInline(spec) : drawInChildProcess(spec)));
}

async function drawInline(spec: ChartSpec): Promise<Buffer> {
  const { drawChart } = await import('./chart.render');
  return (await drawChart(spec)).png;
}

/** From the source tree (tsx, vitest) the child runs the .ts file through tsx; from the bundle, dist/chart.process.mjs. */
function childScript(): { script: string; execArgv: string[] } {
  if (import.meta.url.endsWith('.ts')) return { script: join(projectRoot, 'src', 'features', 'charts', 'chart.process.ts'), execArgv: ['--import', 'tsx'] };
  return { script: join(projectRoot, 'dist', 'chart.process.mjs'), execArgv: ['--max-old-space-size=128'] };
}

export function drawInChildProcess(spec: ChartSpec, timeoutMs = CHART_TIMEOUT_MS): Promise<Buffer> {
  const { script, execArgv } = childScript();
  return new Promise<Buffer>((resolve, reject) => {
    // 'advanced' serialization carries the PNG bytes as they are (no base64).
    const child = fork(script, [], { cwd: projectRoot, execArgv, serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    let settled = false;
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-2000);
    });
    const finish = (error: Error | undefined, png?: Buffer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.exitCode === null) child.kill('SIGKILL');
      if (error) reject(error);
      else resolve(png!);
    };
    const timer = setTimeout(() => finish(new Error(`chart process gave no answer within ${timeoutMs} ms`)), timeoutMs);
    child.once('message', (message: ChartProcessReply) => {
      if (message.ok) finish(undefined, Buffer.from(message.png.buffer, message.png.byteOffset, message.png.byteLength));
      else finish(new Error(`chart process: ${message.error}`));
    });
    child.once('error', (error) => finish(error));
    child.once('exit', (code, signal) => finish(new Error(`chart process exited (${signal ?? code}) without a chart${stderr ? `: ${stderr.trim()}` : ''}`)));
    child.send(spec);
  });
}
