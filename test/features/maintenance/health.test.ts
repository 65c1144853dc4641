import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { healthReport } from '../../../src/features/maintenance/health.query';
import { maintenanceFeature } from '../../../src/features/maintenance/maintenance.jobs';
import { claimRow, completeFailed, completeSent, enqueuePost, findOutboxRow } from '../../../src/outbox/outbox.store';
import { openDatabase, type Db } from '../../../src/store/database';
import { seedBaseline } from '../../../src/seed/seed';

/**
 * What /healthz reports (the receiver's route is tested in test/slack/receiver.test.ts) and the
 * nightly backup job, on a real database file.
 */
let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'opvangbot-health-'));
  db = openDatabase(join(dir, 'opvang.sqlite'));
  seedBaseline(db);
});
afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

const at = new Date('2022-05-25T07:00:00Z');

describe('healthReport', () => {
  it('a healthy bot: the database answers with every migration applied, nothing waiting or failed', () => {
    const migrations = readdirSync(join(__dirname, '../../../db/migrations')).filter((f) => f.endsWith('.sql')).length;
    expect(healthReport(db)).toMatchObject({ ok: true, database: { ok: true, migrations }, openNoodknopRequests: 0, outbox: { failed: 0, failedRows: [] } });
  });

  it('a message Slack refused for good is listed with its key, kind, error and attempts', () => {
    enqueuePost(db, { key: 'digest:C0DIGEST:2022-05-25', kind: 'digest', target: { channel: 'C0DIGEST' }, message: { text: 'Overzicht', blocks: [] } }, at);
    const row = findOutboxRow(db, 'digest:C0DIGEST:2022-05-25')!;
    expect(claimRow(db, row, at)).toBe(true);
    completeFailed(db, { ...row, attempts: 1 }, 'not_in_channel', at);
    expect(healthReport(db).outbox).toMatchObject({ failed: 1, failedRows: [{ key: 'digest:C0DIGEST:2022-05-25', kind: 'digest', error: 'not_in_channel', attempts: 1 }] });
  });

  it('a database that does not answer makes the report not ok, with the reason', () => {
    db.close();
    const report = healthReport(db);
    expect(report.ok).toBe(false);
    expect(report.database).toMatchObject({ ok: false, migrations: 0 });
    expect(report.database.error).toMatch(/not open/);
  });
});

describe('the nightly backup job', () => {
  it('runs at 03:15 and writes a backup into BACKUP_DIR', async () => {
    const job = maintenanceFeature.jobs!.find((j) => j.name === 'backup')!;
    expect(job.cron({} as never)).toBe('15 3 * * *');
    const backups = join(dir, 'backups');
    const events: string[] = [];
    const deps = { db, config: { backup: { dir: backups, keep: 14 } }, clock: { now: () => at }, logger: { event: (_level: string, name: string) => void events.push(name) } };
    await job.run(deps as never);
    expect(readdirSync(backups)).toEqual(['opvang-20220525T070000Z.sqlite']);
    expect(events).toEqual(['backup.written']);
  });
});

describe('the nightly job that forgets what old messages said', () => {
  it('after 90 days a delivered message keeps its key, ts and channel but not its content; it is never posted again; undelivered ones keep everything', async () => {
    const job = maintenanceFeature.jobs!.find((j) => j.name === 'outbox_forget')!;
    const post = (key: string, when: Date) => enqueuePost(db, { key, kind: 'digest', target: { channel: 'C0DIGEST' }, message: { text: `Overzicht ${key}`, blocks: [] } }, when);
    const old = new Date('2022-02-01T06:00:00Z');
    post('digest:C0DIGEST:2022-02-01', old);
    const sent = findOutboxRow(db, 'digest:C0DIGEST:2022-02-01')!;
    claimRow(db, sent, old);
    completeSent(db, sent, { ts: '1643695200.000100', channel: 'C0DIGEST' }, old);
    post('digest:C0DIGEST:2022-02-02', old); // never delivered (pending)
    post('digest:C0DIGEST:2022-05-24', new Date('2022-05-24T06:00:00Z'));
    const recent = findOutboxRow(db, 'digest:C0DIGEST:2022-05-24')!;
    claimRow(db, recent, at);
    completeSent(db, recent, { ts: '1653372000.000100', channel: 'C0DIGEST' }, at);

    const logged: Record<string, unknown>[] = [];
    await job.run({ db, clock: { now: () => at }, logger: { event: (_l: string, _n: string, fields: Record<string, unknown>) => void logged.push(fields) } } as never);
    expect(logged).toEqual([{ rows: 1, before: '2022-02-24T07:00:00.000Z' }]);
    expect(findOutboxRow(db, 'digest:C0DIGEST:2022-02-01')).toMatchObject({ state: 'sent', ts: '1643695200.000100', channelId: 'C0DIGEST', payload: '{"forgotten":true}' });
    expect(findOutboxRow(db, 'digest:C0DIGEST:2022-02-02')!.payload).toContain('Overzicht');
    expect(findOutboxRow(db, 'digest:C0DIGEST:2022-05-24')!.payload).toContain('Overzicht');
    // Its key still stands: the same message is never enqueued (let alone posted) again.
    expect(post('digest:C0DIGEST:2022-02-01', at)).toBe(false);
    // A second night has nothing left to forget.
    await job.run({ db, clock: { now: () => at }, logger: { event: (_l: string, _n: string, fields: Record<string, unknown>) => void logged.push(fields) } } as never);
    expect(logged.at(-1)).toMatchObject({ rows: 0 });
  });
});
