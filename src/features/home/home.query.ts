import type { Db } from '../../store/database';
import { chartStore } from '../charts/charts.store';
import type { Stand } from '../stand/stand';
import { loadStand } from '../stand/stand.query';
import type { HomeChart } from './home.view';

/** Read model of the App Home: the stand, and the latest digest chart uploaded to Slack (if any). */
export function loadHome(db: Db, region: string, now: Date, overdueDays: number): { stand: Stand; chart?: HomeChart } {
  const latest = chartStore(db).latest('digest');
  return { stand: loadStand(db, region, now, overdueDays), chart: latest && { fileId: latest.fileId, day: latest.day, altText: latest.altText } };
}
