import { databaseHealth, type Db } from '../../store/database';
import { digestStore, type LastDigest } from '../digest/digest.store';
import { countUnresolvedRequests } from '../noodknop/noodknop.store';

export interface HealthReport {
  ok: boolean;
  database: ReturnType<typeof databaseHealth>;
  lastDigest?: LastDigest;
  openNoodknopRequests?: number;
}

/** What /healthz reports: the database, the last digest and the open noodknop requests, read through their owners. */
export function healthReport(db: Db): HealthReport {
  const database = databaseHealth(db);
  if (!database.ok) return { ok: false, database };
  return { ok: true, database, lastDigest: digestStore(db).last(), openNoodknopRequests: countUnresolvedRequests(db) };
}
