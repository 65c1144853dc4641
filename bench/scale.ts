import { join } from 'node:path';
import { homeView } from '../src/features/home/home.view';
import { loadHome } from '../src/features/home/home.query';
import { loadDigest } from '../src/features/digest/digest.query';
import { digestMessage } from '../src/features/digest/digest.view';
import { loadStand } from '../src/features/stand/stand.query';
import { standMessage } from '../src/features/stand/stand.view';
import { seedNationalScale, type SyntheticReport } from '../src/seed/synthetic';
import { openDatabase } from '../src/store/database';
import { DEFAULT_OVERDUE_DAYS } from '../src/domain/freshness';
import { timeIt } from './load';

export const SCALES = [1, 3, 10] as const;

export interface ScalePoint {
  scale: number;
  dataset: SyntheticReport;
  /** Median ms: `cold` builds from the database (the stand cache missed), `cached` what a repeat costs. */
  stand: { cold: number; cached: number };
  home: { cold: number; cached: number };
  digest: { cold: number };
}

/**
 * The scale curve: stand, Home and digest build times at 1×, 3× and 10× the national-scale
 * dataset, so we see how their cost grows with the data. The stand is cached per data version and
 * minute (stand.query.ts), so a build at the same moment is a cache hit: `cold` moves the clock a
 * minute on for every run (a cache miss, everything read and computed again), `cached` repeats one
 * moment (the cached stand, rendered again). The digest reads the stand too, so it is timed cold.
 */
export function scaleCurve(dir: string, now: Date, region: string): ScalePoint[] {
  return SCALES.map((scale) => {
    const db = openDatabase(join(dir, `scale-${scale}.sqlite`));
    try {
      const dataset = seedNationalScale(db, scale);
      let minute = 0;
      const fresh = () => new Date(now.getTime() + ++minute * 60_000);
      const point: ScalePoint = {
        scale,
        dataset,
        stand: {
          cold: timeIt(() => standMessage(loadStand(db, region, fresh(), DEFAULT_OVERDUE_DAYS)), 40).median,
          cached: timeIt(() => standMessage(loadStand(db, region, now, DEFAULT_OVERDUE_DAYS)), 200).median,
        },
        home: {
          cold: timeIt(() => homeView(loadHome(db, region, fresh(), DEFAULT_OVERDUE_DAYS).stand, now, []), 40).median,
          cached: timeIt(() => homeView(loadHome(db, region, now, DEFAULT_OVERDUE_DAYS).stand, now, []), 200).median,
        },
        digest: { cold: timeIt(() => digestMessage(loadDigest(db, region, fresh(), DEFAULT_OVERDUE_DAYS)), 20).median },
      };
      return point;
    } finally {
      db.close();
    }
  });
}
