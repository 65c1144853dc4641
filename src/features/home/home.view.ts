import type { Button, HomeView } from '@slack/types';
import { actions, button, context } from '../../blockkit/blocks';
import { HOME_REFRESH } from '../../blockkit/ids';
import { formatDateTime } from '../../format/nl';
import type { Stand } from '../stand/stand';
import { standBlocks } from '../stand/stand.view';

/** The App Home dashboard: the stand, the main actions and when it was drawn. */
export function homeView(stand: Stand, drawnAt: Date, featureButtons: Button[]): HomeView {
  return {
    type: 'home',
    blocks: [
      ...standBlocks(stand),
      actions('home_actions', [button('Vernieuwen', HOME_REFRESH), ...featureButtons]),
      context(`Bijgewerkt ${formatDateTime(drawnAt)} · \`/opvang help\` voor alle opdrachten`),
    ],
  };
}
