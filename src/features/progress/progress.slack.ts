import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Deps } from '../../deps';
import { TARGET_GROUP_LABELS, TARGET_GROUPS, type TargetGroup } from '../../domain/vocabulary';
import { toLocalDay } from '../../format/nl';
import { escapeMrkdwn } from '../../blockkit/escape';
import { textMessage } from '../../blockkit/message';
import { openDirectMessage } from '../../webapi/tell-privately';
import { uploadFile } from '../../webapi/upload-file';
import { parseTargetGroup } from '../capacity/capacity';
import type { CommandInput, CommandReply, Feature } from '../feature';
import { progressChartSpec } from '../charts/chart';
import { drawChartPng } from '../charts/chart.renderer';
import { loadProgress } from './progress.query';

const reply = (text: string): CommandReply => ({ kind: 'message', message: textMessage(text) });

/** The Dutch list of valid answers, for an unknown doelgroep. */
function validGroupsText(): string {
  return TARGET_GROUPS.map((g) => `\`${g}\` (${TARGET_GROUP_LABELS[g]})`).join(', ');
}

/**
 * /opvang grafiek [doelgroep]: a chart of one target group's progress (operational places against
 * its targets, and the pace each open target needs), sent privately to the asker in a direct
 * message. The console writes the PNG to a temporary file and says where.
 */
async function chartCommand(input: CommandInput, deps: Deps): Promise<CommandReply> {
  const word = input.args.trim();
  let group: TargetGroup | undefined;
  if (word !== '') {
    group = parseTargetGroup(word);
    if (!group) return reply(`Onbekende doelgroep “${escapeMrkdwn(word)}”. Kies uit: ${validGroupsText()}. Zonder doelgroep toont \`/opvang grafiek\` de doelgroep van het ochtendoverzicht.`);
  }
  const now = deps.clock.now();
  const progress = loadProgress(deps.db, deps.config.region, now, deps.config.overdue.days, group);
  const label = TARGET_GROUP_LABELS[progress.group];
  if (!progress.data) return reply(`Voor ${label} heeft de regio nog geen locaties en geen doel: er is nog niets om te tekenen.`);
  const spec = progressChartSpec(progress.data);
  const filename = `opvang-${progress.group}-${toLocalDay(now)}.png`;

  let png: Buffer;
  try {
    png = await drawChartPng(spec, deps.config);
  } catch (error) {
    deps.logger.event('error', 'charts.draw_failed', { user: input.userId, group: progress.group, error });
    return reply('De grafiek kon nu niet worden getekend. Probeer het zo nog eens.');
  }

  if (!input.client) {
    const path = join(tmpdir(), filename);
    writeFileSync(path, png);
    return reply(`Grafiek van ${label} opgeslagen in ${path}. In Slack komt hij in je privébericht met Opvangbot.\n${spec.alt}`);
  }
  try {
    const channel = await openDirectMessage(input.client, input.userId);
    await uploadFile(input.client, {
      content: png,
      channelId: channel,
      filename,
      title: `Voortgang ${label}`,
      altText: spec.alt,
      initialComment: `Voortgang ${label}: operationele plekken tegen het doel, en het tempo dat nodig is.`,
    });
  } catch (error) {
    deps.logger.event('error', 'charts.upload_failed', { user: input.userId, group: progress.group, error });
    return reply('De grafiek kon niet in je privébericht worden gezet. Probeer het zo nog eens.');
  }
  deps.logger.event('info', 'charts.sent', { user: input.userId, group: progress.group });
  return reply(`De grafiek van ${label} staat in je privébericht met Opvangbot.`);
}

export const progressFeature: Feature = {
  name: 'progress',
  subcommands: [
    {
      name: 'grafiek',
      aliases: ['grafieken'],
      usage: 'grafiek [doelgroep]',
      summary: 'Grafiek van de voortgang van een doelgroep: plekken tegen het doel en het tempo dat nodig is, in je privébericht.',
      run: (input, deps) => chartCommand(input, deps),
    },
  ],
};
