import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { NOODKNOP_REQUEST_VIEW } from '../../src/blockkit/ids';
import { date, text, time, viewSubmission } from '../support/bot';
import { spawnBot, useProcessBed } from '../support/process';
import { signedHeaders } from '../support/sign';

const SECRET = 'crash-test-signing-secret';
const bed = useProcessBed('opvangbot-crash-');

const env = () => ({
  SLACK_BOT_TOKEN: 'xoxb-crash',
  SLACK_SIGNING_SECRET: SECRET,
  SLACK_API_URL: bed.fake.apiUrl,
  DATABASE_PATH: bed.databasePath,
  OPVANG_ADMINS: 'UADMIN1',
  NOODKNOP_CHANNEL: 'C0NOOD',
  OPVANG_NOW: '2022-05-25T09:00:00+02:00',
});

async function submit(url: string, i: number): Promise<{ key: string; status: number | 'failed' }> {
  const viewId = `VCRASH${i}`;
  const hash = `hash${i}`;
  const payload = viewSubmission(
    NOODKNOP_REQUEST_VIEW,
    'UADMIN1',
    { persons: text(String(1 + (i % 40))), neededDate: date('2022-05-26'), neededTime: time('08:00'), note: text(`burst ${i}`) },
    { viewId, hash },
  );
  const body = new URLSearchParams({ payload: JSON.stringify({ team: { id: 'T0TEST' }, api_app_id: 'A0TEST', ...payload }) }).toString();
  try {
    const res = await fetch(`${url}/slack/events`, { method: 'POST', headers: signedHeaders(SECRET, body), body });
    await res.arrayBuffer();
    return { key: `${NOODKNOP_REQUEST_VIEW}:${viewId}:${hash}`, status: res.status };
  } catch {
    return { key: `${NOODKNOP_REQUEST_VIEW}:${viewId}:${hash}`, status: 'failed' };
  }
}

describe('crash', () => {
  it('SIGKILL during a burst of 500 modal submissions: every acknowledged one is stored once, the database is intact', async () => {
    bed.bot = await spawnBot(env());
    const url = bed.bot.url;
    const results: { key: string; status: number | 'failed' }[] = [];
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (next < 500) {
        const result = await submit(url, next++);
        results.push(result);
        if (!killed && results.length >= 200) {
          killed = true;
          bed.bot!.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    expect(await bed.bot.exited).toBe('SIGKILL');

    const acknowledged = results.filter((r) => r.status === 200).map((r) => r.key);
    expect(acknowledged.length).toBeGreaterThanOrEqual(200);
    expect(results.some((r) => r.status === 'failed')).toBe(true);

    bed.bot = await spawnBot(env());
    const db = new Database(bed.databasePath, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const stored = db.prepare('SELECT submission_key AS key, count(*) AS n FROM noodknop_requests GROUP BY submission_key').all() as { key: string; n: number }[];
      const storedKeys = new Set(stored.map((s) => s.key));
      expect(acknowledged.filter((key) => !storedKeys.has(key))).toEqual([]);
      expect(stored.filter((s) => s.n > 1)).toEqual([]);
      // Each stored request is complete: its audit line and its reminder schedule came in the same transaction.
      const incomplete = db
        .prepare(`SELECT r.id FROM noodknop_requests r WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'noodknop_request' AND a.entity_id = CAST(r.id AS TEXT))`)
        .all();
      expect(incomplete).toEqual([]);
    } finally {
      db.close();
    }
  }, 60_000);
});
