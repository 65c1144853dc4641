import { loadConfig, loadDotEnv } from '../config';
import { backupDatabase } from '../store/backup';
import { openDatabase } from '../store/database';

/** npm run backup: one consistent copy of DATABASE_PATH into BACKUP_DIR, keeping BACKUP_KEEP. */
loadDotEnv();
const result = loadConfig(process.env);
if (!result.ok) {
  for (const problem of result.problems) console.error(problem);
  process.exit(2);
}
const db = openDatabase(result.config.databasePath);
const { path, removed } = await backupDatabase(db, result.config.backup.dir, result.config.backup.keep, new Date());
db.close();
console.log(`Back-up geschreven: ${path}${removed.length ? ` (${removed.length} oude verwijderd)` : ''}`);
