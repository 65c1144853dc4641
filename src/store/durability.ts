import { open, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';

type Db = Database.Database;

/**
 * Group commit: "acknowledged means on disk, also after a power loss" without an fsync per
 * transaction on the event loop.
 *
 * SQLite runs in WAL mode with `synchronous=NORMAL`: a commit appends its frames to the WAL with
 * write() and returns; a crash of the process loses nothing, a power loss can lose commits whose
 * frames were still in the OS page cache (https://www.sqlite.org/pragma.html#pragma_synchronous,
 * https://www.sqlite.org/wal.html). `synchronous=FULL` syncs the WAL at every commit instead:
 * durable, but each commit then blocks the event loop for one fsync (~3 ms on the bench VM: about
 * 300 commits a second, below the 1.000 updates a second the form must take).
 *
 * `flushDurable(db)` is awaited before anything tells the outside world that a write happened
 * (the ack of a Slack request, an outbox post): it fdatasyncs the WAL file from libuv's thread
 * pool, so the event loop keeps committing meanwhile, and one fsync covers every commit made
 * before it started: under load many acks share one fsync. On Linux fsync flushes the file's data
 * whatever descriptor wrote it, so syncing our own descriptor of `-wal` makes SQLite's frames
 * durable; a frame cut off by the power loss fails its checksum and SQLite's recovery stops at the
 * last whole commit. `bench/run.ts` measures both modes and checks this by cutting the WAL at
 * each sync point and reopening it.
 */
export interface DurableBarrier {
  /** Resolves when every commit made before the call is on disk. */
  flush(): Promise<void>;
  /** Completed syncs: each with the WAL size it covered (for the bench's power-loss check). */
  readonly syncs: { walBytes: number; changes: number }[];
  /** Record `syncs` (off by default: it grows). */
  record: boolean;
  close(): Promise<void>;
}

class WalBarrier implements DurableBarrier {
  private synced = -1;
  private running?: Promise<void>;
  private queued?: Promise<void>;
  private file?: FileHandle;
  private readonly totalChanges: Database.Statement;
  readonly syncs: { walBytes: number; changes: number }[] = [];
  record = false;

  constructor(
    private readonly db: Db,
    private readonly walPath: string,
  ) {
    this.totalChanges = db.prepare('SELECT total_changes()').pluck();
  }

  private changes(): number {
    return this.db.open ? (this.totalChanges.get() as number) : this.synced;
  }

  flush(): Promise<void> {
    if (this.changes() === this.synced) return Promise.resolve();
    // A sync already running may have started before this caller's commit: wait for the next one,
    // which every caller until it starts shares.
    this.queued ??= (this.running ?? Promise.resolve()).then(() => {
      this.queued = undefined;
      this.running = this.sync().finally(() => (this.running = undefined));
      return this.running;
    });
    return this.queued;
  }

  private async sync(): Promise<void> {
    const changes = this.changes();
    const file = await this.walFile();
    if (!file) {
      this.synced = changes;
      return;
    }
    const walBytes = this.record ? (await file.stat()).size : 0;
    try {
      await file.datasync();
    } catch (error) {
      // A descriptor of a WAL that is gone (the database was closed and opened again): open anew next time.
      await file.close().catch(() => undefined);
      this.file = undefined;
      throw error;
    }
    this.synced = changes;
    if (this.record) this.syncs.push({ walBytes, changes });
  }

  /**
   * Our descriptor of the WAL, opened once: SQLite keeps the same WAL file while the database is
   * open (a checkpoint rewinds it, it does not replace it). A newly created WAL also gets its
   * directory entry synced.
   */
  private async walFile(): Promise<FileHandle | undefined> {
    if (this.file) return this.file;
    try {
      await stat(this.walPath);
    } catch {
      return undefined;
    }
    const file = await open(this.walPath, 'r');
    const dir = await open(dirname(this.walPath), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
    this.file = file;
    return file;
  }

  async close(): Promise<void> {
    await (this.running ?? Promise.resolve()).catch(() => undefined);
    await this.file?.close().catch(() => undefined);
    this.file = undefined;
  }
}

const noBarrier: DurableBarrier = { flush: () => Promise.resolve(), syncs: [], record: false, close: () => Promise.resolve() };

// A WeakMap of its own (not perDatabase): database.ts imports this module.
const barriers = new WeakMap<Db, DurableBarrier>();

/** Called by openDatabase for a database file in WAL mode with synchronous=NORMAL. */
export function attachBarrier(db: Db, path: string): void {
  barriers.set(db, new WalBarrier(db, `${path}-wal`));
}

export function durableBarrier(db: Db): DurableBarrier {
  return barriers.get(db) ?? noBarrier;
}

/** Waits until every commit made so far on `db` survives a power loss. */
export function flushDurable(db: Db): Promise<void> {
  return durableBarrier(db).flush();
}
