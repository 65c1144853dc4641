import { isAppError, START_REFUSALS } from '../domain/errors';
import { openDatabase, type Db } from '../store/database';

/**
 * openDatabase for the command-line tools: a database whose migrations do not fit this version
 * stops the tool with one Dutch line and exit code 2, as `npm start` does.
 */
export function openDatabaseOrExit(path: string): Db {
  try {
    return openDatabase(path);
  } catch (error) {
    if (!isAppError(error, ...START_REFUSALS)) throw error;
    console.error(error.message);
    process.exit(2);
  }
}
