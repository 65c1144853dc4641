import type { Feature } from '../feature';
import { backupDatabase } from '../../store/backup';

/** Nightly online backup at 03:15 Amsterdam time. */
export const maintenanceFeature: Feature = {
  name: 'maintenance',
  jobs: [
    {
      name: 'backup',
      cron: () => '15 3 * * *',
      async run(deps) {
        const { path, removed } = await backupDatabase(deps.db, deps.config.backup.dir, deps.config.backup.keep, deps.clock.now());
        deps.logger.event('info', 'backup.written', { path, removed: removed.length });
      },
    },
  ],
};
