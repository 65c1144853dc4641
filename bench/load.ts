import { signedHeaders } from '../test/support/sign';

export interface LoadResult {
  /** Every latency in ms, for merging rounds. */
  latencies: number[];
  seconds: number;
  requests: number;
  errors: number;
  p50: number;
  p99: number;
  max: number;
  perSecond: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Sends `total` signed `/opvang <text>` requests with `concurrency` in flight; latencies in ms. */
export async function loadCommand(url: string, secret: string, text: string, total: number, concurrency: number): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const body = new URLSearchParams({
        command: '/opvang', text, user_id: `UBENCH${i % 50}`, channel_id: 'C0BENCH', team_id: 'T0BENCH',
        trigger_id: `t.${i}`, response_url: 'http://127.0.0.1:9/unused', api_app_id: 'A0BENCH',
      }).toString();
      const t0 = performance.now();
      const res = await fetch(`${url}/slack/events`, { method: 'POST', headers: signedHeaders(secret, body), body });
      await res.arrayBuffer();
      latencies.push(performance.now() - t0);
      if (res.status !== 200) errors++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return summarise([latencies], [errors], [(performance.now() - started) / 1000]);
}

/** Merges rounds of one target into one result. */
export function merge(rounds: LoadResult[]): LoadResult {
  return summarise(rounds.map((r) => r.latencies), rounds.map((r) => r.errors), rounds.map((r) => r.seconds));
}

function summarise(latencyRounds: number[][], errorRounds: number[], secondRounds: number[]): LoadResult {
  const latencies = latencyRounds.flat().sort((a, b) => a - b);
  const seconds = secondRounds.reduce((a, b) => a + b, 0);
  return {
    latencies,
    seconds,
    requests: latencies.length,
    errors: errorRounds.reduce((a, b) => a + b, 0),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? 0,
    perSecond: latencies.length / seconds,
  };
}

/** Median and p99 of a synchronous function's duration over `runs` runs, after a warm-up. */
export function timeIt(fn: () => unknown, runs = 200): { median: number; p99: number } {
  for (let i = 0; i < Math.min(20, runs); i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: percentile(times, 50), p99: percentile(times, 99) };
}
