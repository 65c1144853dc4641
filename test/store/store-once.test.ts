import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/store/database';
import { ALREADY_STORED, storeOnce } from '../../src/store/store-once';

let dir: string;
let db: Db;
const at = new Date('2022-05-25T07:00:00Z');
// A write to a table of the real schema: national figures on a reference date.
const write = (day: string) => () => db.prepare(`INSERT INTO national_figures (as_of, population, places, occupied, recorded_at, recorded_by) VALUES (?, 'oekrainers_gemeenten', 1, 1, ?, 'U1')`).run(day, at.toISOString()).changes;
const stored = () => db.prepare('SELECT as_of FROM national_figures ORDER BY as_of').pluck().all();
const claims = () => db.prepare('SELECT key, outcome FROM processed_interactions ORDER BY key').all();

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'opvangbot-once-'));
  db = openDatabase(join(dir, 'test.sqlite'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('storeOnce', () => {
  it('stores the first submission with its claim, and nothing for the same key again', () => {
    expect(storeOnce(db, 'view:V1:h1', at, write('2022-05-01'), { outcome: 'national' })).toBe(1);
    expect(storeOnce(db, 'view:V1:h1', at, write('2022-05-02'))).toBe(ALREADY_STORED);
    expect(stored()).toEqual(['2022-05-01']);
    expect(claims()).toEqual([{ key: 'view:V1:h1', outcome: 'national' }]);
  });

  it('gives the claim back when the write stored nothing, so the corrected form can be sent again', () => {
    const refused = storeOnce(db, 'view:V2:h1', at, () => ({ status: 'conflict' as const }), { stored: (r) => r.status !== 'conflict' });
    expect(refused).toEqual({ status: 'conflict' });
    expect(claims()).toEqual([]);
    expect(storeOnce(db, 'view:V2:h1', at, write('2022-05-03'))).toBe(1);
    expect(stored()).toEqual(['2022-05-03']);
  });

  it('rolls back a write that did happen when `stored` says it must not count', () => {
    const result = storeOnce(db, 'view:V3:h1', at, write('2022-05-04'), { stored: () => false });
    expect(result).toBe(1);
    expect(stored()).toEqual([]);
    expect(claims()).toEqual([]);
  });

  it('rolls back claim and write when the write throws, and lets the error through', () => {
    expect(() =>
      storeOnce(db, 'view:V4:h1', at, () => {
        write('2022-05-05')();
        throw new Error('disk full');
      }),
    ).toThrow('disk full');
    expect(stored()).toEqual([]);
    expect(claims()).toEqual([]);
  });
});
