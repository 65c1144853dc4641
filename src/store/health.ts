import type { Db } from './database';
import { databaseHealth } from './database';

export interface HealthReport {
  ok: boolean;
  database: ReturnType<typeof databaseHealth>;
  lastDigest?: { channel: string; day: string; sentAt: string | null; state: string };
  openNoodknopRequests?: number;
}

/** What /healthz reports: the database, the last digest and the open noodknop requests. */
export function healthReport(db: Db): HealthReport {
  const database = databaseHealth(db);
  if (!database.ok) return { ok: false, database };
  const lastDigest = db
    .prepare(`SELECT channel_id AS channel, day, sent_at AS sentAt, state FROM digest_runs ORDER BY day DESC, started_at DESC LIMIT 1`)
    .get() as HealthReport['lastDigest'];
  const openNoodknopRequests = db.prepare(`SELECT count(*) FROM noodknop_requests WHERE state IN ('open', 'gedekt')`).pluck().get() as number;
  return { ok: true, database, lastDigest, openNoodknopRequests };
}
