import { exportsOf, importsOf, type Import, type Source } from './imports';
import { importRules, isPure, SLACK_AND_DATABASE } from './rules';

export interface Violation {
  rule: string;
  file: string;
  line: number;
  message: string;
}

/**
 * Files whose exports are used from outside the import graph: entry points that node, npm scripts
 * or a child process start (`*.process.ts`, forked).
 */
const ENTRY_POINTS = [/^src\/main\.ts$/, /^src\/cli\//, /\.process\.ts$/, /^bench\//, /^tools\//, /^test\//];

/** Circular imports among `paths`: each strongly connected group of two or more files (or a file importing itself). */
function cycles(paths: string[], imports: Import[]): string[][] {
  const edges = new Map<string, string[]>(paths.map((p) => [p, []]));
  for (const i of imports) if (i.ours && edges.has(i.to)) edges.get(i.from)?.push(i.to);
  // Tarjan's algorithm.
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const connect = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v)!) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1 || edges.get(v)!.includes(v)) found.push(group.sort());
    }
  };
  for (const p of paths) if (!index.has(p)) connect(p);
  return found;
}

/**
 * Checks the walls of src/: the import rules (rules.ts), no circular import, SQL and transactions
 * only in stores (and the declared *.write.ts, which open a transaction), and no export that
 * nothing imports. `sources` are src/ and everything that may import from it (tests, bench,
 * tools): only src/ files are held to the rules, the others count as importers.
 */
export function checkWalls(sources: Source[]): Violation[] {
  const known = new Set(sources.map((s) => s.path));
  const src = sources.filter((s) => s.path.startsWith('src/'));
  const imports = sources.flatMap((s) => importsOf(s, known));
  const srcImports = imports.filter((i) => i.from.startsWith('src/'));
  const violations: Violation[] = [];

  for (const rule of importRules) {
    for (const i of srcImports) {
      if (rule.from(i.from) && rule.refuses(i)) violations.push({ rule: rule.name, file: i.from, line: i.line, message: `imports ${i.to}: ${rule.why}` });
    }
  }

  // A pure file must not reach Bolt, the Web API client or the database through a file it imports
  // either (a contract type that imports Bolt would drag it in): follow every chain, type-only ones too.
  const importsFrom = new Map<string, Import[]>();
  for (const i of srcImports) importsFrom.set(i.from, [...(importsFrom.get(i.from) ?? []), i]);
  for (const s of src.filter((f) => isPure(f.path))) {
    const via = new Map<string, string>([[s.path, '']]);
    const queue = [s.path];
    let reached: { pkg: string; chain: string[] } | undefined;
    while (queue.length > 0 && !reached) {
      const file = queue.shift()!;
      for (const i of importsFrom.get(file) ?? []) {
        if (!i.ours && SLACK_AND_DATABASE.includes(i.to)) {
          const chain = [file];
          for (let at = file; via.get(at); at = via.get(at)!) chain.unshift(via.get(at)!);
          reached = { pkg: i.to, chain };
          break;
        }
        if (i.ours && !via.has(i.to)) {
          via.set(i.to, file);
          queue.push(i.to);
        }
      }
    }
    if (reached && reached.chain.length > 1) {
      violations.push({ rule: 'pure-files-reach-no-slack-or-database', file: s.path, line: 1, message: `reaches ${reached.pkg} through ${reached.chain.slice(1).join(' -> ')}` });
    }
  }

  for (const group of cycles(src.map((s) => s.path), srcImports)) {
    violations.push({ rule: 'no-circular-imports', file: group[0]!, line: 1, message: `circular imports: ${group.join(' -> ')}` });
  }

  for (const s of src) {
    const sqlHome = /\.store\.ts$/.test(s.path) || s.path.startsWith('src/store/') || s.path.startsWith('src/seed/');
    const transactionHome = sqlHome || s.path.endsWith('.write.ts');
    s.text.split('\n').forEach((text, n) => {
      if (!sqlHome && /\bdb\.(prepare|exec|pragma)\(/.test(text)) {
        violations.push({ rule: 'sql-only-in-stores', file: s.path, line: n + 1, message: 'SQL outside a store: a listener, job or read model calls a store function.' });
      } else if (!transactionHome && /\bdb\.transaction\(/.test(text)) {
        violations.push({ rule: 'sql-only-in-stores', file: s.path, line: n + 1, message: 'A transaction outside a store or a declared *.write.ts.' });
      }
    });
  }

  const used = new Map<string, Set<string>>();
  for (const i of imports) {
    if (!i.ours) continue;
    const names = used.get(i.to) ?? new Set<string>();
    i.names.forEach((n) => names.add(n));
    used.set(i.to, names);
  }
  for (const s of src) {
    if (ENTRY_POINTS.some((p) => p.test(s.path))) continue;
    const names = used.get(s.path) ?? new Set<string>();
    if (names.has('*')) continue;
    // Exported types document a module's shape (the types of its functions' arguments); only
    // values (functions, constants, classes) that nothing imports are dead exports.
    for (const e of exportsOf(s)) {
      if (!e.type && !names.has(e.name)) violations.push({ rule: 'no-unused-exports', file: s.path, line: e.line, message: `exports ${e.name}, which nothing imports (drop the export, or the code).` });
    }
  }
  return violations;
}
