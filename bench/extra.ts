import type { Db } from '../src/store/database';
import { chartPng } from '../src/features/digest/chart';
import { loadDigest } from '../src/features/digest/digest.query';
import { digestMessage } from '../src/features/digest/digest.view';
import { timeIt } from './load';

/** Render benchmarks of the digest (without the upload) and its chart at national scale. */
export async function extraBenchmarks(db: Db, now: Date): Promise<Record<string, { median: number; p99: number }>> {
  const digest = loadDigest(db, 'VR04', now);
  return {
    digest: timeIt(() => digestMessage(loadDigest(db, 'VR04', now)), 50),
    chart: timeIt(() => chartPng(digest.chart), 30),
  };
}
