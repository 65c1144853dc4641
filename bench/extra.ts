import type { Db } from '../src/store/database';

/** Render benchmarks of features that plug in later (digest, chart). */
export async function extraBenchmarks(_db: Db, _now: Date): Promise<Record<string, { median: number; p99: number }>> {
  return {};
}
