import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONSOLE_USER } from '../../../src/features/access/access';
import { ensureAdmins } from '../../../src/features/access/access.store';
import { holdsRole, requireRole } from '../../../src/features/access/require-role';
import { setRole } from '../../../src/features/access/rights.store';
import { createLogger } from '../../../src/logger';
import { openDatabase, type Db } from '../../../src/store/database';

let dir: string;
let db: Db;
const at = new Date('2022-05-25T07:00:00Z');
const logger = createLogger({ level: 'error', format: 'json' });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'opvangbot-role-'));
  db = openDatabase(join(dir, 'test.sqlite'));
  ensureAdmins(db, ['UADMIN'], at);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('requireRole', () => {
  it('reads the role at the moment of the act: a role taken away refuses the next act', () => {
    setRole(db, 'UED', 'editor', 'UADMIN', at);
    expect(requireRole({ db, logger }, 'UED', 'editor')).toBeUndefined();
    setRole(db, 'UED', 'viewer', 'UADMIN', at);
    expect(requireRole({ db, logger }, 'UED', 'editor')).toBe(
      'Hiervoor heb je de rol bewerker nodig. Er is niets opgeslagen. Vraag <@UADMIN> om je de rol bewerker te geven.',
    );
  });

  it('ranks the roles: an admin may edit, an editor may not manage roles, anyone else is a viewer', () => {
    expect(requireRole({ db, logger }, 'UADMIN', 'editor')).toBeUndefined();
    setRole(db, 'UED', 'editor', 'UADMIN', at);
    expect(requireRole({ db, logger }, 'UED', 'admin')).toContain('alleen een beheerder');
    expect(requireRole({ db, logger }, 'UNKNOWN', 'viewer')).toBeUndefined();
    expect(holdsRole(db, 'UNKNOWN', 'editor')).toBe(false);
    expect(holdsRole(db, CONSOLE_USER, 'admin')).toBe(true);
  });
});
