import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDigest } from '../../src/features/digest/digest.slack';
import { sendShiftReminders, postStaffingGaps } from '../../src/features/roster/roster.jobs';
import { findOutboxRow } from '../../src/outbox/outbox.store';
import { seedBaseline } from '../../src/seed/seed';
import { openDatabase, type Db } from '../../src/store/database';
import { migrate, readMigrations } from '../../src/store/migrations';
import { ADMIN, startBot, visibleText } from '../support/bot';
import { settleBot } from '../support/outbox';

/**
 * 0006 moves the delivery bookkeeping of the old claim tables into the outbox. What went out
 * before the upgrade must not go out again after it; what was uncertain is shown to admins, not
 * guessed at.
 */
let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'opvangbot-0006-'));
  db = openDatabase(join(dir, 'opvang.sqlite'), { migrate: false });
  migrate(db, readMigrations().filter((m) => m.name < '0006'));
});
afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('migration 0006', () => {
  it('carries sent digests, shift reminders and gaps posts over as sent, an uncertain digest as failed, and renames issued reminders', async () => {
    db.exec(`
      INSERT INTO digest_runs (channel_id, day, state, attempts, started_at, sent_at, message_ts) VALUES
        ('C0TEAM', '2022-05-24', 'sent', 1, '2022-05-24T05:30:00.000Z', '2022-05-24T05:30:01.000Z', '1653370201.000100'),
        ('C0TEAM', '2022-05-25', 'sent', 1, '2022-05-25T05:30:00.000Z', '2022-05-25T05:30:01.000Z', '1653456601.000100'),
        ('C0OTHER', '2022-05-25', 'sending', 1, '2022-05-25T05:30:00.000Z', NULL, NULL),
        ('C0THIRD', '2022-05-25', 'failed', 4, '2022-05-25T05:30:00.000Z', NULL, NULL);
      INSERT INTO shifts (id, starts_at, ends_at, organisation, role, slack_user_id, created_at, created_by, updated_at, updated_by)
        VALUES (1, '2022-05-26T06:00:00.000Z', '2022-05-26T14:00:00.000Z', 'VRIJ', 'coördinator', 'UVOL1', 'x', 'x', 'x', 'x'),
               (2, '2022-05-26T06:00:00.000Z', '2022-05-26T14:00:00.000Z', 'VRIJ', 'nacht', NULL, 'x', 'x', 'x', 'x');
      INSERT INTO shift_reminders (shift_id, slack_user_id, kind, sent_at) VALUES (1, 'UVOL1', 'day_before', '2022-05-25T06:00:00.000Z');
      INSERT INTO roster_posts (kind, day, channel_id, claimed_at, message_ts) VALUES ('staffing_gaps', '2022-05-25', 'C0TEAM', '2022-05-25T05:00:00.000Z', '1653454800.000100');
    `);
    migrate(db);
    // The baseline as the seed writes it today (its national figures carry 0009's population).
    seedBaseline(db);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name IN ('digest_runs', 'shift_reminders', 'roster_posts')`).all()).toEqual([]);
    expect(findOutboxRow(db, 'digest:C0TEAM:2022-05-25')).toMatchObject({ state: 'sent', ts: '1653456601.000100', sentAt: '2022-05-25T05:30:01.000Z' });
    expect(findOutboxRow(db, 'digest:C0OTHER:2022-05-25')).toMatchObject({ state: 'failed' });
    expect(findOutboxRow(db, 'digest:C0OTHER:2022-05-25')!.lastError).toContain('onzeker');
    expect(findOutboxRow(db, 'digest:C0THIRD:2022-05-25')).toBeUndefined();
    expect(findOutboxRow(db, 'shift:1:UVOL1:day_before')).toMatchObject({ state: 'sent', kind: 'shift_reminder', userId: 'UVOL1' });
    expect(findOutboxRow(db, 'roster:gaps:C0TEAM:2022-05-25')).toMatchObject({ state: 'sent', ts: '1653454800.000100' });
    expect(db.prepare(`SELECT name FROM pragma_table_info('noodknop_reminders')`).pluck().all()).toContain('issued_at');
    db.close();

    // The bot on the upgraded database: nothing that went out goes out again.
    const bot = await startBot({ dir, seed: false, now: '2022-05-25T08:00:00+02:00', env: { DIGEST_CHANNEL: 'C0TEAM' } });
    try {
      expect((await runDigest(bot.deps)).kind).toBe('already_sent');
      await sendShiftReminders(bot.deps);
      await postStaffingGaps(bot.deps);
      await settleBot(bot);
      expect(bot.fake.history.allMessages()).toEqual([]);
      // A row from before the outbox has no content to send again: the retry says so.
      const uncertain = findOutboxRow(bot.deps.db, 'digest:C0OTHER:2022-05-25')!;
      expect(visibleText((await bot.command(`outbox opnieuw ${uncertain.id}`, ADMIN)).json())).toContain('stamt van vóór de outbox');
    } finally {
      await bot.close();
    }
  });
});
