import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import ts from 'typescript';

/** A source file by its path from the repository root ("src/features/x/x.ts"). */
export interface Source {
  path: string;
  text: string;
}

/** One import: a file of ours (its path) or a package (its name). */
export interface Import {
  from: string;
  to: string;
  /** True for a file of this repository, false for a package or a node: builtin. */
  ours: boolean;
  /** `import type` / `export type`: erased at run time, still a dependency of the design. */
  typeOnly: boolean;
  line: number;
  /** The names it takes ("*" for a namespace import or an `export *`). */
  names: string[];
}

/** Every .ts file under the given folders, read from disk. */
export function readSources(root: string, folders: string[]): Source[] {
  const sources: Source[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) sources.push({ path, text: readFileSync(join(root, path), 'utf8') });
    }
  };
  for (const folder of folders) walk(folder);
  return sources;
}

/** The package a bare specifier names: "@slack/bolt/dist/x" → "@slack/bolt", "node:fs" → "node:fs". */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

function resolve(specifier: string, from: string, known: Set<string>): { to: string; ours: boolean } {
  if (!specifier.startsWith('.')) return { to: packageOf(specifier), ours: false };
  const base = posix.normalize(posix.join(posix.dirname(from), specifier));
  for (const candidate of [base, `${base}.ts`, `${base}/index.ts`]) if (known.has(candidate)) return { to: candidate, ours: true };
  // A file of ours that is not among the sources read (a JSON file, or in tests a tree of a few files).
  return { to: /\.(ts|js|mjs|json)$/.test(base) ? base : `${base}.ts`, ours: true };
}

/**
 * The imports of one file, read with the TypeScript compiler's parser: import and export
 * declarations (also type-only ones), `import x = require()`, dynamic `import()` and
 * `typeof import()` types.
 */
export function importsOf(source: Source, known: Set<string>): Import[] {
  const file = ts.createSourceFile(source.path, source.text, ts.ScriptTarget.Latest, true);
  const found: Import[] = [];
  const add = (specifier: ts.Expression | undefined, node: ts.Node, typeOnly: boolean, names: string[]) => {
    if (!specifier || !ts.isStringLiteralLike(specifier)) return;
    const line = file.getLineAndCharacterOfPosition(node.getStart()).line + 1;
    found.push({ from: source.path, ...resolve(specifier.text, source.path, known), typeOnly, line, names });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const names: string[] = [];
      if (clause?.name) names.push('default');
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.push('*');
      if (bindings && ts.isNamedImports(bindings)) for (const e of bindings.elements) names.push((e.propertyName ?? e.name).text);
      const typeOnly = !!clause?.isTypeOnly || (!!bindings && ts.isNamedImports(bindings) && bindings.elements.length > 0 && !clause?.name && bindings.elements.every((e) => e.isTypeOnly));
      add(node.moduleSpecifier, node, typeOnly, names);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      const names = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements.map((e) => (e.propertyName ?? e.name).text) : ['*'];
      add(node.moduleSpecifier, node, node.isTypeOnly, names);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, node, node.isTypeOnly, ['*']);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], node, false, ['*']);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal as ts.Expression, node, true, ['*']);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** The names a file exports itself (not what it re-exports from elsewhere); `type` for interfaces and type aliases. */
export function exportsOf(source: Source): { name: string; line: number; type: boolean }[] {
  const file = ts.createSourceFile(source.path, source.text, ts.ScriptTarget.Latest, true);
  const found: { name: string; line: number; type: boolean }[] = [];
  const line = (node: ts.Node) => file.getLineAndCharacterOfPosition(node.getStart()).line + 1;
  for (const statement of file.statements) {
    const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const e of statement.exportClause.elements) found.push({ name: e.name.text, line: line(e), type: statement.isTypeOnly || e.isTypeOnly });
    } else if (ts.isExportAssignment(statement)) {
      found.push({ name: 'default', line: line(statement), type: false });
    } else if (exported) {
      const isDefault = ts.getModifiers(statement as ts.HasModifiers)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
      const type = ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement);
      if (isDefault) found.push({ name: 'default', line: line(statement), type });
      else if (ts.isVariableStatement(statement)) {
        for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name)) found.push({ name: d.name.text, line: line(d), type });
      } else if ('name' in statement && statement.name && ts.isIdentifier(statement.name as ts.Node)) {
        found.push({ name: (statement.name as ts.Identifier).text, line: line(statement), type });
      }
    }
  }
  return found;
}
