import { checkWalls } from './check';
import { readSources } from './imports';

/** npm run walls: the import rules of src/ (tools/walls/rules.ts); exit code 1 when one is broken. */
const violations = checkWalls(readSources(process.cwd(), ['src', 'test', 'bench', 'tools']));
for (const v of violations) console.error(`${v.file}:${v.line}  ${v.rule}  ${v.message}`);
console.log(violations.length === 0 ? 'walls: every import rule holds' : `walls: ${violations.length} violation(s)`);
process.exit(violations.length === 0 ? 0 : 1);
