import type { Import } from './imports';

/**
 * The walls of src/, written down (README: Layout and Conventions). Each rule names the files it
 * is about and the imports of theirs it refuses; tools/walls/check.ts also refuses circular
 * imports, a pure file reaching Bolt or the database through another file, SQL outside the
 * stores, and exports nobody imports. `npm run walls` runs them (in
 * .ci/run before the tests); test/tools/walls.test.ts shows each one refusing a violating import.
 */
export interface ImportRule {
  name: string;
  /** The convention, as a developer reads it. */
  why: string;
  /** The files the rule is about. */
  from: (path: string) => boolean;
  /** The imports of those files it refuses. */
  refuses: (to: Import) => boolean;
}

const under = (...prefixes: string[]) => (path: string) => prefixes.some((p) => path.startsWith(p));
const ours = (test: (path: string) => boolean) => (i: Import) => i.ours && test(i.to);
const pkg = (...names: string[]) => (i: Import) => !i.ours && names.includes(i.to);
const either =
  (...tests: ((i: Import) => boolean)[]) =>
  (i: Import) =>
    tests.some((t) => t(i));

/** "src/features/capacity/capacity.slack.ts" → "capacity"; undefined outside a feature folder. */
export function featureOf(path: string): string | undefined {
  return /^src\/features\/([^/]+)\/[^/]+$/.exec(path)?.[1];
}

/** A feature's store: SQL on its own tables. */
export const isStore = (path: string) => featureOf(path) !== undefined && path.endsWith('.store.ts');

/** Pure files: a feature's <f>.ts and its views, src/domain, src/blockkit. No database, no Slack client. */
export function isPure(path: string): boolean {
  const feature = featureOf(path);
  if (feature && (path.endsWith('.view.ts') || path === `src/features/${feature}/${feature}.ts`)) return true;
  return under('src/domain/', 'src/blockkit/')(path);
}

/** What pure code never imports, directly or through another file. */
export const SLACK_AND_DATABASE = ['better-sqlite3', '@slack/bolt', '@slack/web-api'];

export const importRules: ImportRule[] = [
  {
    name: 'blockkit-imports-only-format',
    why: 'src/blockkit is the bottom: it imports nothing of ours but src/format.',
    from: under('src/blockkit/'),
    refuses: ours((to) => !under('src/blockkit/', 'src/format/')(to)),
  },
  {
    name: 'domain-imports-nothing-above',
    why: 'src/domain is the bottom: it imports nothing of ours but src/domain and src/format.',
    from: under('src/domain/'),
    refuses: ours((to) => !under('src/domain/', 'src/format/')(to)),
  },
  {
    name: 'format-imports-nothing-above',
    why: 'src/format is the bottom: it imports nothing of ours but itself.',
    from: under('src/format/'),
    refuses: ours((to) => !under('src/format/')(to)),
  },
  {
    name: 'store-imports-no-feature',
    why: 'src/store (database, migrations, storeOnce, audit, backup) imports no feature, transport or job.',
    from: under('src/store/'),
    refuses: ours(under('src/features/', 'src/slack/', 'src/console/', 'src/jobs/', 'src/webapi/', 'src/seed/')),
  },
  {
    name: 'webapi-imports-no-feature',
    why: 'src/webapi (talking to Slack for the features) imports no feature and no transport.',
    from: under('src/webapi/'),
    refuses: ours(under('src/features/', 'src/slack/', 'src/console/', 'src/jobs/')),
  },
  {
    name: 'features-never-import-the-transport',
    why: 'Features never import src/slack or src/console: those are the top, and call the features.',
    from: under('src/features/'),
    refuses: ours(under('src/slack/', 'src/console/', 'src/main.ts')),
  },
  {
    name: 'pure-files-stay-pure',
    why: 'Pure files (<f>.ts, <f>.view.ts, domain, blockkit) never import better-sqlite3, Bolt, the Web API client, a store or src/store.',
    from: isPure,
    refuses: either(pkg(...SLACK_AND_DATABASE), ours(isStore), ours(under('src/store/'))),
  },
  {
    name: 'stores-own-their-tables',
    why: "A <f>.store.ts imports no other feature's store (it reads and writes its own tables only).",
    from: isStore,
    refuses: (i) => i.ours && isStore(i.to) && featureOf(i.to) !== featureOf(i.from),
  },
  {
    name: 'stores-look-down-only',
    why: 'Inside a feature the arrows point down: a store imports no listener, job, read model or cross-feature write.',
    from: isStore,
    refuses: ours((to) => /\.(slack|jobs|query|write)\.ts$/.test(to)),
  },
];
