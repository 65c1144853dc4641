import { userInfo } from 'node:os';
import { loadConfig, loadDotEnv } from '../config';
import { runImportCommand } from '../features/capacity/import-command';
import { alertRoute } from '../features/capacity/figures.write';
import { openDatabaseOrExit } from './open-database';
import { seedReference } from '../seed/seed';

/** npm run import -- locaties.csv [--alleen-geldige]: loads locations from a Dutch Excel CSV into DATABASE_PATH. */
loadDotEnv();
const result = loadConfig(process.env);
if (!result.ok) {
  for (const problem of result.problems) console.error(problem);
  process.exit(2);
}
const db = openDatabaseOrExit(result.config.databasePath);
seedReference(db);
const { code, output } = runImportCommand(process.argv.slice(2), {
  db,
  region: result.config.region,
  now: new Date(),
  actor: `cli:${userInfo().username}`,
  // Threshold alerts are enqueued with the rows; the bot's outbox posts them.
  alerts: alertRoute(result.config),
});
db.close();
(code === 0 ? console.log : console.error)(output);
process.exit(code);
