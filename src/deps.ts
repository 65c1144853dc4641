import type { Clock } from './clock';
import type { Config } from './config';
import type { Logger } from './logger';
import type { Db } from './store/database';

/** What every handler and job gets passed in; tests build their own. */
export interface Deps {
  db: Db;
  config: Config;
  clock: Clock;
  logger: Logger;
}
