import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { digestChartSpec, progressChartSpec } from '../features/charts/chart';
import { drawChart } from '../features/charts/chart.render';
import { loadProgress } from '../features/progress/progress.query';
import { loadDigest } from '../features/digest/digest.query';
import { DEFAULT_OVERDUE_DAYS } from '../domain/freshness';
import { projectRoot } from '../paths';
import { openDatabase } from '../store/database';
import { seedBaseline } from '../seed/seed';
import { seedNationalScale, SYNTHETIC } from '../seed/synthetic';

/**
 * npm run chart:example: redraws the pictures in README (docs/) in temporary databases:
 * - docs/chart-digest.png: the digest's chart for IJsselland (VR04) on the last day of the
 *   synthetic national-scale dataset (the 2022 baseline plus 365 days of marked synthetic history);
 * - docs/chart-grafiek-oekrainers.png: `/opvang grafiek oekrainers` on the 2022 baseline as it
 *   stood on 25 May 2022 (no operational places yet, targets 2.000 by 23 June and 2.400 by 31 July).
 */
const dir = mkdtempSync(join(tmpdir(), 'opvangbot-chart-example-'));
try {
  const db = openDatabase(join(dir, 'example.sqlite'));
  seedNationalScale(db);
  const now = new Date(`${SYNTHETIC.lastDay}T07:30:00+02:00`);
  const out = join(projectRoot, 'docs');
  mkdirSync(out, { recursive: true });

  const digest = await drawChart(digestChartSpec(loadDigest(db, 'VR04', now, DEFAULT_OVERDUE_DAYS).chart));
  writeFileSync(join(out, 'chart-digest.png'), digest.png);
  db.close();

  const baseline = openDatabase(join(dir, 'baseline.sqlite'));
  seedBaseline(baseline);
  const progress = loadProgress(baseline, 'VR04', new Date('2022-05-25T09:00:00+02:00'), DEFAULT_OVERDUE_DAYS, 'oekrainers');
  if (!progress.data) throw new Error('no progress data for oekrainers in the 2022 baseline');
  const grafiek = await drawChart(progressChartSpec(progress.data));
  writeFileSync(join(out, 'chart-grafiek-oekrainers.png'), grafiek.png);
  baseline.close();
  console.log(`docs/chart-digest.png (${digest.png.length} bytes) and docs/chart-grafiek-oekrainers.png (${grafiek.png.length} bytes) drawn (synthetic dataset on ${SYNTHETIC.lastDay}; 2022 baseline on 2022-05-25).`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
