import type { Feature } from '../feature';
import { backupDatabase } from '../../store/backup';
import { forgetSentContent } from '../../outbox/outbox.store';

/** What the bot said stays readable in its outbox this long; after that only the key and where it landed. */
const OUTBOX_CONTENT_DAYS = 90;

/** Nightly online backup at 03:15 Amsterdam time; at 03:45 the content of old delivered messages goes. */
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
    {
      name: 'outbox_forget',
      cron: () => '45 3 * * *',
      async run(deps) {
        const before = new Date(deps.clock.now().getTime() - OUTBOX_CONTENT_DAYS * 24 * 3600_000);
        const forgotten = forgetSentContent(deps.db, before);
        deps.logger.event('info', 'outbox.forgotten', { rows: forgotten, before: before.toISOString() });
      },
    },
  ],
};
