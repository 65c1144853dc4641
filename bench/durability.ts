/**
 * Durability benchmarks: location updates through the form's write path (claim once, version
 * check, row, history line, audit line: one transaction) in the modes side by side, and a
 * power-loss check of the mode the bot runs in (WAL, synchronous=NORMAL, acks after the group
 * commit barrier; see src/store/durability.ts).
 */
import { copyFileSync, mkdtempSync, openSync, readSync, closeSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { updateLocation } from '../src/features/capacity/figures.write';
import { seedBaseline } from '../src/seed/seed';
import { openDatabase, type Db } from '../src/store/database';
import { durableBarrier, flushDurable } from '../src/store/durability';
import { storeOnce } from '../src/store/store-once';

interface Row {
  id: number;
  version: number;
  occupied: number;
}

const writableRows = (db: Db, limit: number): Row[] =>
  db.prepare(`SELECT id, version, occupied FROM locations WHERE stage = 'operationeel' ORDER BY id LIMIT ?`).all(limit) as Row[];

/** One form submission's write; true when stored. */
function formWrite(db: Db, key: string, row: Row, now: Date): boolean {
  const result = storeOnce(db, key, now, () => updateLocation(db, { id: row.id, expectedVersion: row.version++, patch: { occupied: ++row.occupied }, actor: 'UBENCH', at: now }), {
    stored: (r) => r.status === 'updated',
  });
  return typeof result === 'object' && result.status === 'updated';
}

/** Reads the rows and indexes the writes touch into the page cache, so every mode starts warm. */
export function warmUp(db: Db, now: Date, total = 300): void {
  const rows = writableRows(db, 1000);
  for (let i = 0; i < total; i++) formWrite(db, `bench-warm:${i}`, rows[i % rows.length]!, now);
}

/** synchronous=FULL: every commit waits for its own fsync, one request at a time (it blocks the event loop). */
export function fullModeWrites(db: Db, now: Date, total = 1000): { perSecond: number; stored: number } {
  db.pragma('synchronous = FULL');
  const rows = writableRows(db, 1000);
  let stored = 0;
  const t0 = performance.now();
  for (let i = 0; i < total; i++) if (formWrite(db, `bench-full:${i}`, rows[i % rows.length]!, now)) stored++;
  const perSecond = total / ((performance.now() - t0) / 1000);
  db.pragma('synchronous = NORMAL');
  return { perSecond, stored };
}

/**
 * synchronous=NORMAL with the group commit barrier: `concurrency` submissions in flight, as Slack
 * sends them; each is acknowledged only after `flushDurable`. Returns the acknowledged keys with
 * the number of syncs completed when each was acknowledged.
 */
export async function groupCommitWrites(
  db: Db,
  now: Date,
  options: { total?: number; concurrency?: number; prefix?: string } = {},
): Promise<{ perSecond: number; stored: number; syncs: number; acked: { key: string; afterSyncs: number }[] }> {
  const total = options.total ?? 1000;
  const rows = writableRows(db, 1000);
  const barrier = durableBarrier(db);
  const syncsBefore = barrier.syncs.length;
  const acked: { key: string; afterSyncs: number }[] = [];
  let next = 0;
  let stored = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const key = `${options.prefix ?? 'bench-gc'}:${i}`;
      if (formWrite(db, key, rows[i % rows.length]!, now)) stored++;
      await flushDurable(db);
      acked.push({ key, afterSyncs: barrier.syncs.length });
      // A request's other work (parsing, Bolt, the HTTP answer) lets the next one in.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 16 }, worker));
  return { perSecond: total / ((performance.now() - t0) / 1000), stored, syncs: barrier.syncs.length - syncsBefore, acked };
}

/** Unsynced writes only: what NORMAL gives without the barrier (safe against a crash, not a power loss). */
export function unsyncedWrites(db: Db, now: Date, total = 1000): { perSecond: number; stored: number } {
  const rows = writableRows(db, 1000);
  let stored = 0;
  const t0 = performance.now();
  for (let i = 0; i < total; i++) if (formWrite(db, `bench-normal:${i}`, rows[i % rows.length]!, now)) stored++;
  return { perSecond: total / ((performance.now() - t0) / 1000), stored };
}

/**
 * The power-loss check. A power loss keeps what was fsynced and may drop anything written after
 * the last sync started. With checkpoints held back during the run the WAL only grows, so "the
 * disk after a power loss right after sync i" is the database file plus the first `walBytes` of
 * the WAL as sync i saw it. For every sync point the check builds exactly that copy, opens it
 * (SQLite recovers the WAL and drops a cut-off frame by its checksum) and looks for every write
 * that had been acknowledged by then.
 *
 * Two runs: the bot's way (acknowledged after `flushDurable`: nothing may be missing), and a
 * control that acknowledges at commit while the disk is synced in the background every
 * millisecond (like the kernel's writeback, only far more often): there the check must find
 * acknowledged writes missing, or it proves nothing.
 */
export async function powerLossCheck(now: Date): Promise<{ syncPoints: number; acknowledged: number; lost: number; controlLost: number; perSecond: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'opvangbot-powerloss-'));
  try {
    const path = join(dir, 'opvang.sqlite');
    const db = openDatabase(path);
    seedBaseline(db);
    // Enough operational locations to spread the writes over.
    const municipality = db.prepare(`SELECT id FROM municipalities WHERE region_code = 'VR04' LIMIT 1`).pluck().get() as number;
    const insert = db.prepare(
      `INSERT INTO locations (municipality_id, name, target_group, stage, places, occupied, created_at, created_by, updated_at, updated_by)
       VALUES (?, ?, 'oekrainers', 'operationeel', 1000, 0, ?, 'UBENCH', ?, 'UBENCH')`,
    );
    db.transaction(() => {
      for (let i = 0; i < 200; i++) insert.run(municipality, `Benchlocatie ${i}`, now.toISOString(), now.toISOString());
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma('wal_autocheckpoint = 0');
    const barrier = durableBarrier(db);
    barrier.record = true;

    // The bot's way: a write counts as acknowledged from the sync that its flush waited for.
    const run = await groupCommitWrites(db, now, { total: 1000, prefix: 'powerloss' });
    const botSyncs = barrier.syncs.length;
    const acked = run.acked.map((w) => ({ key: w.key, from: w.afterSyncs - 1 }));

    // The control: acknowledged right after the commit; a background sync every millisecond.
    const rows = writableRows(db, 1000);
    const control: { key: string; from: number }[] = [];
    const background = setInterval(() => void flushDurable(db), 1);
    for (let i = 0; i < 1000; i++) {
      const key = `control:${i}`;
      formWrite(db, key, rows[i % rows.length]!, now);
      control.push({ key, from: barrier.syncs.length });
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    clearInterval(background);
    await flushDurable(db);

    const syncs = [...barrier.syncs];
    // The main database file did not change during the runs (no checkpoint): copy it as it is.
    const walPath = `${path}-wal`;
    let lost = 0;
    let controlLost = 0;
    for (let i = 0; i < syncs.length; i++) {
      const copy = join(dir, `cut-${i}.sqlite`);
      copyFileSync(path, copy);
      writeFileSync(`${copy}-wal`, readPrefix(walPath, syncs[i]!.walBytes));
      const recovered = new Database(copy);
      const has = recovered.prepare('SELECT 1 FROM processed_interactions WHERE key = ?').pluck();
      const writes = i < botSyncs ? acked : control;
      for (const write of writes) {
        if (write.from > i || has.get(write.key)) continue;
        if (i < botSyncs) lost++;
        else controlLost++;
      }
      recovered.close();
      for (const file of [copy, `${copy}-wal`, `${copy}-shm`]) rmSync(file, { force: true });
    }
    db.close();
    return { syncPoints: botSyncs, acknowledged: acked.length, lost, controlLost, perSecond: run.perSecond };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function readPrefix(path: string, bytes: number): Buffer {
  const buffer = Buffer.alloc(bytes);
  const fd = openSync(path, 'r');
  try {
    let read = 0;
    while (read < bytes) {
      const n = readSync(fd, buffer, read, bytes - read, read);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}
