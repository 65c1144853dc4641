import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { updateLocation } from '../../../src/features/capacity/figures.write';
import { confirmLocation, findLocation } from '../../../src/features/capacity/locations.store';
import { openDatabase, type Db } from '../../../src/store/database';
import { seedBaseline } from '../../../src/seed/seed';

let dir: string;
let db: Db;
let cnoId: number;
const at = (iso: string) => new Date(iso);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'opvangbot-loc-'));
  db = openDatabase(join(dir, 't.sqlite'));
  seedBaseline(db);
  cnoId = Number(
    db
      .prepare(
        `INSERT INTO locations (municipality_id, name, target_group, stage, places, occupied, created_at, created_by, updated_at, updated_by)
         VALUES ((SELECT id FROM municipalities WHERE name = 'Ommen'), 'Sporthal Ommen', 'cno', 'operationeel', 75, 0, '2022-06-20T08:00:00.000Z', 'U1', '2022-06-20T08:00:00.000Z', 'U1')`,
      )
      .run().lastInsertRowid,
  );
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const stays = () => db.prepare('SELECT persons, arrived_on AS arrivedOn, departed_on AS departedOn FROM cno_stays ORDER BY id').all();

describe('updateLocation', () => {
  it('writes the row, a history line and an audit line with before and after, in one go', () => {
    const result = updateLocation(db, { id: cnoId, patch: { occupied: 40 }, actor: 'UEDIT1', at: at('2022-06-22T10:00:00Z'), expectedVersion: 1 });
    expect(result.status).toBe('updated');
    expect(findLocation(db, cnoId)).toMatchObject({ occupied: 40, version: 2, updatedBy: 'UEDIT1', updatedAt: '2022-06-22T10:00:00.000Z' });
    expect(db.prepare('SELECT occupied, recorded_by FROM location_history WHERE location_id = ?').all(cnoId)).toEqual([{ occupied: 40, recorded_by: 'UEDIT1' }]);
    const audit = db.prepare("SELECT actor, action, before_json, after_json FROM audit_log WHERE entity = 'location' AND entity_id = ?").get(String(cnoId));
    expect(audit).toEqual({ actor: 'UEDIT1', action: 'location.update', before_json: '{"occupied":0}', after_json: '{"occupied":40}' });
  });

  it('refuses a write based on an older version and stores nothing', () => {
    updateLocation(db, { id: cnoId, patch: { places: 80 }, actor: 'UFAST1', at: at('2022-06-22T10:00:00Z'), expectedVersion: 1 });
    const result = updateLocation(db, { id: cnoId, patch: { places: 70 }, actor: 'USLOW1', at: at('2022-06-22T10:01:00Z'), expectedVersion: 1 });
    expect(result).toMatchObject({ status: 'conflict', current: { places: 80, updatedBy: 'UFAST1' } });
    expect(findLocation(db, cnoId)?.places).toBe(80);
    expect(db.prepare("SELECT count(*) FROM audit_log WHERE actor = 'USLOW1'").pluck().get()).toBe(0);
  });

  it('leaves everything as it was when the database refuses part of the write', () => {
    expect(() => updateLocation(db, { id: cnoId, patch: { places: -5 }, actor: 'UEDIT1', at: at('2022-06-22T10:00:00Z') })).toThrow(/CHECK/);
    expect(findLocation(db, cnoId)).toMatchObject({ places: 75, version: 1 });
    expect(db.prepare('SELECT count(*) FROM location_history WHERE location_id = ?').pluck().get(cnoId)).toBe(0);
  });

  it('counts CNO guests by arrival day and lets the oldest leave first', () => {
    updateLocation(db, { id: cnoId, patch: { occupied: 30 }, actor: 'U1', at: at('2022-06-22T10:00:00Z') });
    updateLocation(db, { id: cnoId, patch: { occupied: 50 }, actor: 'U1', at: at('2022-06-24T10:00:00Z') });
    updateLocation(db, { id: cnoId, patch: { occupied: 15 }, actor: 'U1', at: at('2022-07-05T10:00:00Z') });
    expect(stays()).toEqual([
      { persons: 30, arrivedOn: '2022-06-22', departedOn: '2022-07-05' },
      { persons: 15, arrivedOn: '2022-06-24', departedOn: null },
      { persons: 5, arrivedOn: '2022-06-24', departedOn: '2022-07-05' },
    ]);
  });

  it('reports unchanged figures without writing, and confirmLocation refreshes the date', () => {
    expect(updateLocation(db, { id: cnoId, patch: { places: 75 }, actor: 'U1', at: at('2022-06-22T10:00:00Z') }).status).toBe('unchanged');
    expect(confirmLocation(db, cnoId, 'U2', at('2022-06-29T10:00:00Z'))).toMatchObject({ updatedBy: 'U2', version: 2 });
  });
});
