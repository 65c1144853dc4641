import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Db } from '../../store/database';
import { currentFiguresOf, municipalitiesOf } from './capacity.store';
import { importLocations, type AlertRoute } from './figures.write';
import { importConflictLine, importReportText } from './capacity.view';
import { checkImport } from './import';

const VALID_ONLY_FLAG = '--alleen-geldige';

/**
 * `npm run import -- locaties.csv [--alleen-geldige]`: checks the file, stores it only when every
 * row is valid (or only the valid rows with the flag). Returns the exit code and the report.
 */
export function runImportCommand(
  argv: string[],
  env: { db: Db; region: string; now: Date; actor: string; read?: (path: string) => Buffer; alerts?: AlertRoute },
): { code: number; output: string } {
  const validOnly = argv.includes(VALID_ONLY_FLAG);
  const paths = argv.filter((a) => !a.startsWith('--'));
  const unknown = argv.filter((a) => a.startsWith('--') && a !== VALID_ONLY_FLAG);
  if (paths.length !== 1 || unknown.length > 0) {
    return { code: 2, output: `Gebruik: npm run import -- locaties.csv [${VALID_ONLY_FLAG}]\nKolommen (eerste regel, gescheiden door ;): naam;gemeente;doelgroep;fase;plekken;bezet;verwachte plekken;openingsdatum;contact;notitie;overbezetting;eigenaar` };
  }
  const path = paths[0]!;
  let csv: string;
  try {
    csv = new TextDecoder('utf-8').decode((env.read ?? readFileSync)(path));
  } catch (error) {
    return { code: 2, output: `Kan ${path} niet lezen: ${(error as Error).message}` };
  }
  const check = checkImport(csv, municipalitiesOf(env.db, env.region).map((m) => m.name), currentFiguresOf(env.db, env.region));
  const name = basename(path);
  if (check.fatal || (check.problems.length > 0 && !validOnly)) return { code: 1, output: importReportText(name, check, undefined) };
  const stored = importLocations(env.db, env.region, check.rows, env.actor, env.now, env.alerts);
  if (stored.status === 'conflict') return { code: 1, output: `${name}: niet ingelezen: ${importConflictLine(stored)}` };
  return { code: 0, output: importReportText(name, check, stored) };
}
