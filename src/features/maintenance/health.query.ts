import { databaseHealth, type Db } from '../../store/database';
import { listOutbox, outboxHealth, type OutboxHealth } from '../../outbox/outbox.store';
import { lastDigest, type LastDigest } from '../digest/digest.query';
import { countUnresolvedRequests } from '../noodknop/noodknop.store';

export interface HealthReport {
  ok: boolean;
  database: ReturnType<typeof databaseHealth>;
  lastDigest?: LastDigest;
  openNoodknopRequests?: number;
  /** Messages the bot still has to deliver, and those that failed for good (with why). */
  outbox?: OutboxHealth & { failedRows: { id: number; key: string; kind: string; error: string | null; attempts: number }[] };
}

/** What /healthz reports: the database, the last digest, the open noodknop requests and the outbox, read through their owners. */
export function healthReport(db: Db): HealthReport {
  const database = databaseHealth(db);
  if (!database.ok) return { ok: false, database };
  const failedRows = listOutbox(db, ['failed'], 10).map((r) => ({ id: r.id, key: r.key, kind: r.kind, error: r.lastError, attempts: r.attempts }));
  return { ok: true, database, lastDigest: lastDigest(db), openNoodknopRequests: countUnresolvedRequests(db), outbox: { ...outboxHealth(db), failedRows } };
}
