import { runInChildProcess } from '../../child-task';
import type { Config } from '../../config';
import type { ChartSpec } from './chart';

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

export async function drawInChildProcess(spec: ChartSpec, timeoutMs = CHART_TIMEOUT_MS): Promise<Buffer> {
  const png = await runInChildProcess<ChartSpec, Uint8Array>({
    name: 'chart',
    source: 'features/charts/chart.process.ts',
    bundle: 'chart.process.mjs',
    bundleExecArgv: ['--max-old-space-size=128'],
    job: spec,
    timeoutMs,
  });
  return Buffer.from(png.buffer, png.byteOffset, png.byteLength);
}
