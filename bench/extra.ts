import type { Db } from '../src/store/database';
import { DEFAULT_OVERDUE_DAYS } from '../src/domain/freshness';
import { digestChartSpec } from '../src/features/charts/chart';
import { drawChart } from '../src/features/charts/chart.render';
import { loadDigest } from '../src/features/digest/digest.query';
import { digestMessage } from '../src/features/digest/digest.view';
import { percentile, timeIt } from './load';

/**
 * Median and p99 of an async function's duration over `runs` runs (no warm-up: the caller warms
 * up), and the median CPU time this process spent on it. Drawing is single-threaded CPU work, so
 * on an idle machine the two are about equal; when other work shares the two cores, wall time
 * grows and CPU time says what the drawing itself costs.
 */
async function timeAsync(fn: () => Promise<unknown>, runs: number): Promise<{ median: number; p99: number; cpuMedian: number }> {
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
    const used = process.cpuUsage(c0);
    cpu.push((used.user + used.system) / 1000);
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { median: percentile(times, 50), p99: percentile(times, 99), cpuMedian: percentile(cpu, 50) };
}

/**
 * Render benchmarks of the digest (without the upload) and its chart at national scale. The chart
 * is drawn in this process: `chartCold` is the first drawing (ECharts and resvg imported, fonts
 * read), `chart` the warm median (ChartSpec → SVG → PNG at 2×).
 */
export async function extraBenchmarks(db: Db, now: Date): Promise<{ digest: { median: number; p99: number }; chart: { median: number; p99: number; cpuMedian: number }; chartColdMs: number }> {
  const digest = loadDigest(db, 'VR04', now, DEFAULT_OVERDUE_DAYS);
  const spec = digestChartSpec(digest.chart);
  const t0 = performance.now();
  await drawChart(spec);
  const chartColdMs = performance.now() - t0;
  return {
    digest: timeIt(() => digestMessage(loadDigest(db, 'VR04', now, DEFAULT_OVERDUE_DAYS)), 50),
    chart: await timeAsync(() => drawChart(spec), 30),
    chartColdMs,
  };
}
