import type { Button, HomeView, ImageBlock } from '@slack/types';
import { actions, button, context } from '../../blockkit/blocks';
import { HOME_REFRESH } from '../../blockkit/ids';
import { formatDate, formatDateTime } from '../../format/nl';
import type { Stand } from '../stand/stand';
import { actionBlocks, standBody } from '../stand/stand.view';

/** The latest digest chart, as uploaded to Slack. */
export interface HomeChart {
  fileId: string;
  day: string;
  altText: string;
}

/** Image block texts are at most 2.000 characters (https://docs.slack.dev/reference/block-kit/blocks/image-block). */
const IMAGE_TEXT_LIMIT = 2000;

/**
 * The chart as an image block that references the uploaded Slack file by id: a slack_file object
 * takes either url or id, never both, only png/jpg/gif, and the bot must have access to the file
 * (https://docs.slack.dev/reference/block-kit/composition-objects/slack-file-object).
 */
function chartImageBlock(chart: HomeChart): ImageBlock {
  return {
    type: 'image',
    block_id: 'home_chart',
    slack_file: { id: chart.fileId },
    alt_text: chart.altText.slice(0, IMAGE_TEXT_LIMIT),
    title: { type: 'plain_text', text: `Grafiek uit het ochtendoverzicht van ${formatDate(chart.day)}` },
  };
}

/**
 * The App Home dashboard: what needs action first ("Nu actie nodig", when anything does), then the
 * latest chart (when there is one), the stand, the main actions and when it was drawn.
 */
export function homeView(stand: Stand, drawnAt: Date, featureButtons: Button[], chart?: HomeChart): HomeView {
  return {
    type: 'home',
    blocks: [
      ...actionBlocks(stand),
      ...(chart ? [chartImageBlock(chart)] : []),
      ...standBody(stand),
      actions('home_actions', [button('Vernieuwen', HOME_REFRESH), ...featureButtons]),
      context(`Bijgewerkt ${formatDateTime(drawnAt)} · \`/opvang help\` voor alle opdrachten`),
    ],
  };
}
