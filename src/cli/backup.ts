import { configOrExit } from '../config';
import { backupDatabase } from '../store/backup';
import { openDatabaseOrExit } from './open-database';

/** npm run backup: one consistent copy of DATABASE_PATH into BACKUP_DIR, keeping BACKUP_KEEP. */
const config = configOrExit();
const db = openDatabaseOrExit(config.databasePath);
const { path, removed } = await backupDatabase(db, config.backup.dir, config.backup.keep, new Date());
db.close();
console.log(`Back-up geschreven: ${path}${removed.length ? ` (${removed.length} oude verwijderd)` : ''}`);
