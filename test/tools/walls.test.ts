import { describe, expect, it } from 'vitest';
import { checkWalls } from '../../tools/walls/check';
import { readSources, type Source } from '../../tools/walls/imports';
import { importRules } from '../../tools/walls/rules';

/** Rules broken by a small tree of files: [path, text] pairs, every export imported somewhere. */
const broken = (...files: [string, string][]) => {
  const sources: Source[] = files.map(([path, text]) => ({ path, text }));
  return checkWalls(sources).map((v) => `${v.rule} ${v.file}`);
};

describe('the walls of src/', () => {
  it('hold on the tree as it is', () => {
    expect(checkWalls(readSources(process.cwd(), ['src', 'test', 'bench', 'tools']))).toEqual([]);
  });
});

describe('each rule refuses a violating import', () => {
  // One violating file per rule, and its allowed counterpart, to show the rule fires and is not
  // simply refusing everything.
  const cases: { rule: string; bad: [string, string][]; good: [string, string][] }[] = [
    {
      rule: 'blockkit-imports-only-format',
      bad: [['src/blockkit/blocks.ts', "import { x } from '../features/stand/stand';"]],
      good: [['src/blockkit/blocks.ts', "import { formatNumber } from '../format/nl';\nimport type { KnownBlock } from '@slack/types';"]],
    },
    {
      rule: 'domain-imports-nothing-above',
      bad: [['src/domain/numbers.ts', "import type { Db } from '../store/database';"]],
      good: [['src/domain/numbers.ts', "import { formatNumber } from '../format/nl';"]],
    },
    {
      rule: 'forms-import-only-domain-and-format',
      bad: [
        ['src/forms/form.ts', "import { input } from '../blockkit/modal';"],
        ['src/forms/validate.ts', "import { requireRole } from '../features/access/require-role';"],
      ],
      good: [['src/forms/validate.ts', "import { parseDay } from '../domain/dates';\nimport { formatNumber } from '../format/nl';\nimport type { Field } from './form';"]],
    },
    {
      rule: 'format-imports-nothing-above',
      bad: [['src/format/nl.ts', "import { TIME } from '../domain/vocabulary';"]],
      good: [['src/format/nl.ts', "import { TZDate } from '@date-fns/tz';"]],
    },
    {
      rule: 'store-imports-no-feature',
      bad: [['src/store/backup.ts', "import { x } from '../features/capacity/capacity';"]],
      good: [['src/store/backup.ts', "import { AppError } from '../domain/errors';"]],
    },
    {
      rule: 'webapi-imports-no-feature',
      bad: [['src/webapi/tell-privately.ts', "import { x } from '../features/noodknop/noodknop.view';"]],
      good: [['src/webapi/tell-privately.ts', "import type { Message } from '../blockkit/message';"]],
    },
    {
      rule: 'features-never-import-the-transport',
      bad: [['src/features/stand/stand.slack.ts', "import { describeRequest } from '../../slack/request-log';"]],
      good: [['src/features/stand/stand.slack.ts', "import { runCommand } from '../registry';"]],
    },
    {
      rule: 'pure-files-stay-pure',
      bad: [['src/features/capacity/capacity.view.ts', "import type { App } from '@slack/bolt';"]],
      good: [['src/features/capacity/capacity.slack.ts', "import type { App } from '@slack/bolt';"]],
    },
    {
      rule: 'pure-files-stay-pure',
      bad: [['src/features/roster/roster.ts', "import type Database from 'better-sqlite3';"]],
      good: [['src/features/roster/roster.store.ts', "import type Database from 'better-sqlite3';"]],
    },
    {
      rule: 'pure-files-stay-pure',
      bad: [['src/domain/numbers.ts', "import { WebClient } from '@slack/web-api';"]],
      good: [['src/domain/numbers.ts', "import { z } from 'zod';"]],
    },
    {
      rule: 'pure-files-stay-pure',
      bad: [['src/features/stand/stand.view.ts', "import type { LocationRecord } from '../capacity/capacity.store';"]],
      good: [['src/features/stand/stand.view.ts', "import type { LocationRecord } from '../capacity/capacity';"]],
    },
    {
      rule: 'stores-own-their-tables',
      bad: [['src/features/digest/digest.store.ts', "import { openStays } from '../stays/stays.store';"]],
      good: [['src/features/digest/digest.query.ts', "import { openStays } from '../stays/stays.store';"]],
    },
    {
      rule: 'stores-look-down-only',
      bad: [['src/features/roster/roster.store.ts', "import { nameShift } from './roster.query';"]],
      good: [['src/features/roster/roster.store.ts', "import { overlaps } from './roster';"]],
    },
  ];

  it.each(cases)('$rule: $bad.0.0 refused, $good.0.0 allowed', ({ rule, bad, good }) => {
    expect(broken(...bad)).toContain(`${rule} ${bad[0]![0]}`);
    expect(broken(...good).filter((v) => v.startsWith(`${rule} `))).toEqual([]);
  });

  it('every import rule has a case above', () => {
    expect(new Set(cases.map((c) => c.rule))).toEqual(new Set(importRules.map((r) => r.name)));
  });

  it('no-circular-imports: two files that import each other, also through a type import, also round three', () => {
    expect(broken(['src/a.ts', "import { b } from './b';\nexport const a = 1;"], ['src/b.ts', "import type { A } from './a';\nexport const b = 1;"])).toContain('no-circular-imports src/a.ts');
    expect(
      broken(['src/a.ts', "import { b } from './b';"], ['src/b.ts', "import { c } from './c';"], ['src/c.ts', "import { a } from './a';"]),
    ).toContain('no-circular-imports src/a.ts');
    expect(broken(['src/a.ts', "import { b } from './b';"], ['src/b.ts', "import { c } from './c';"]).filter((v) => v.startsWith('no-circular'))).toEqual([]);
  });

  it('pure-files-reach-no-slack-or-database: a pure file taking a type from a contract that imports Bolt is refused', () => {
    // As help.ts once took Subcommand from feature.ts, which imports Bolt's types.
    const files: [string, string][] = [
      ['src/features/help/help.ts', "import type { Subcommand } from '../feature';"],
      ['src/features/feature.ts', "import type { App } from '@slack/bolt';\nexport interface Subcommand { name: string }"],
    ];
    expect(broken(...files)).toContain('pure-files-reach-no-slack-or-database src/features/help/help.ts');
    expect(broken(['src/features/help/help.ts', "import type { Message } from '../../blockkit/message';"], ['src/blockkit/message.ts', "import type { KnownBlock } from '@slack/types';\nexport interface Message { text: string }"])).toEqual([]);
  });

  it('sql-only-in-stores: SQL in a listener and a transaction in a read model are refused; a store and a declared write are not', () => {
    expect(broken(['src/features/roster/roster.jobs.ts', "const rows = deps.db.prepare('SELECT 1').all();"])).toContain('sql-only-in-stores src/features/roster/roster.jobs.ts');
    expect(broken(['src/features/stand/stand.query.ts', 'return db.transaction(() => read())();'])).toContain('sql-only-in-stores src/features/stand/stand.query.ts');
    expect(broken(['src/features/roster/roster.store.ts', "db.prepare('SELECT 1');"], ['src/features/capacity/figures.write.ts', 'db.transaction(() => write())();'])).toEqual([]);
  });

  it('no-unused-exports: a value nothing imports is refused; one imported elsewhere, and an exported type, are not', () => {
    const files: [string, string][] = [
      ['src/features/stand/stand.ts', 'export function used() {}\nexport function unused() {}\nexport interface Shape { a: number }'],
      ['src/features/stand/stand.query.ts', "import { used } from './stand';"],
    ];
    expect(checkWalls(files.map(([path, text]) => ({ path, text })))).toEqual([
      { rule: 'no-unused-exports', file: 'src/features/stand/stand.ts', line: 2, message: 'exports unused, which nothing imports (drop the export, or the code).' },
    ]);
  });
});
