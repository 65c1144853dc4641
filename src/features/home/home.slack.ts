import type { Button } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../deps';
import { HOME_REFRESH } from '../../blockkit/ids';
import type { Feature, Listeners } from '../feature';
import { loadHome } from './home.query';
import { homeView } from './home.view';

/**
 * Publishes the dashboard for one user, with the latest digest chart above the stand. Slack
 * refuses the whole view when the file is gone (deleted in Slack, or the bot lost access); the
 * dashboard is then published without the picture rather than not at all.
 */
async function publishHome(client: WebClient, deps: Deps, userId: string, buttons: Button[]): Promise<void> {
  const now = deps.clock.now();
  const { stand, chart } = loadHome(deps.db, deps.config.region, now, deps.config.overdue.days);
  try {
    await client.views.publish({ user_id: userId, view: homeView(stand, now, buttons, chart) });
  } catch (error) {
    if (!chart) throw error;
    deps.logger.event('warn', 'home.chart_refused', { user: userId, fileId: chart.fileId, error: (error as { data?: { error?: string } }).data?.error ?? String(error) });
    await client.views.publish({ user_id: userId, view: homeView(stand, now, buttons) });
  }
}

/** `buttons` gathers the main actions every feature contributes to the Home tab. */
export function homeFeature(buttons: (deps: Deps) => Button[]): Feature {
  return {
    name: 'home',
    register(app: Listeners, deps: Deps) {
      app.event('app_home_opened', async ({ event, client }) => {
        if (event.tab !== 'home') return;
        await publishHome(client, deps, event.user, buttons(deps));
      });
      app.action(HOME_REFRESH, async ({ ack, body, client }) => {
        await ack();
        await publishHome(client, deps, body.user.id, buttons(deps));
      });
    },
  };
}
