import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/store/database';
import { durableBarrier, flushDurable } from '../../src/store/durability';
import { NOODKNOP_REQUEST_VIEW } from '../../src/blockkit/ids';
import { ADMIN, date, startBot, text, time, viewSubmission } from '../support/bot';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'opvangbot-durable-'));
  db = openDatabase(join(dir, 'test.sqlite'));
  durableBarrier(db).record = true;
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const write = (key: string) => db.prepare('INSERT INTO processed_interactions (key, processed_at) VALUES (?, ?)').run(key, new Date().toISOString());

describe('the group commit barrier', () => {
  it('syncs the WAL as far as it was written when a write waits for it; without new writes it does not sync again', async () => {
    write('a');
    await flushDurable(db);
    const syncs = durableBarrier(db).syncs;
    expect(syncs).toHaveLength(1);
    expect(syncs[0]!.walBytes).toBe(statSync(join(dir, 'test.sqlite-wal')).size);
    await flushDurable(db);
    expect(syncs).toHaveLength(1);
  });

  it('one sync covers every commit made before it started: concurrent writers share it', async () => {
    const waits: Promise<void>[] = [];
    for (let i = 0; i < 20; i++) {
      write(`k${i}`);
      waits.push(flushDurable(db));
    }
    await Promise.all(waits);
    expect(durableBarrier(db).syncs.length).toBeLessThanOrEqual(2);
    expect(durableBarrier(db).syncs.at(-1)!.changes).toBe(db.prepare('SELECT total_changes()').pluck().get());
  });
});

describe('acknowledged means synced', () => {
  it('a view submission is acknowledged only after its write was synced to disk', async () => {
    const bot = await startBot({ env: { NOODKNOP_CHANNEL: 'C0NOOD' } });
    try {
      durableBarrier(bot.deps.db).record = true;
      const changes = () => bot.deps.db.prepare('SELECT total_changes()').pluck().get() as number;
      const before = changes();
      const res = await bot.interact(viewSubmission(NOODKNOP_REQUEST_VIEW, ADMIN, { persons: text('5'), neededDate: date('2022-05-26'), neededTime: time('08:00') }));
      expect(res.status).toBe(200);
      // The request's transaction wrote the request, its reminders, the audit line and the claim;
      // a sync covering all of it had completed when the 200 arrived.
      const written = 1 + (bot.deps.db.prepare('SELECT count(*) FROM noodknop_reminders').pluck().get() as number) + 1 + 1;
      const [first] = durableBarrier(bot.deps.db).syncs;
      expect(first).toBeDefined();
      expect(first!.changes).toBeGreaterThanOrEqual(before + written);
    } finally {
      await bot.close();
    }
  });
});
