import type { Button } from '@slack/types';
import type { Deps } from '../deps';
import type { CommandInput, CommandReply, Feature, FeatureAction, FeatureForm, Subcommand } from './feature';
import { actionIdPattern } from '../blockkit/ids';
import { unknownSubcommandMessage } from './help/help';
import { helpFeature } from './help/help.slack';
import { homeFeature } from './home/home.slack';
import { digestFeature } from './digest/digest.slack';
import { maintenanceFeature } from './maintenance/maintenance.jobs';
import { noodknopFeature } from './noodknop/noodknop.slack';
import { rosterFeature } from './roster/roster.slack';
import { standFeature } from './stand/stand.slack';
import { capacityFeature } from './capacity/capacity.slack';
import { accessFeature } from './access/access.slack';
import { outboxFeature } from './outbox/outbox.slack';
import { historyFeature } from './history/history.slack';
import { progressFeature } from './progress/progress.slack';
import { overdueFeature } from './overdue/overdue.slack';

/** Every feature the bot has. Order here is the order of /opvang help. */
const domainFeatures: Feature[] = [standFeature, capacityFeature, historyFeature, accessFeature, noodknopFeature, rosterFeature, digestFeature, progressFeature, overdueFeature];


/** Buttons features put on the App Home; a feature adds its own here when it has a form to open. */
function homeButtons(_deps: Deps): Button[] {
  return domainFeatures.flatMap((f) => f.homeButtons?.() ?? []);
}

export const features: Feature[] = [
  ...domainFeatures,
  helpFeature(() => allSubcommands()),
  homeFeature(homeButtons),
  maintenanceFeature,
  outboxFeature,
];

let subcommands: Subcommand[] | undefined;

function allSubcommands(): Subcommand[] {
  subcommands ??= features.flatMap((f) => f.subcommands ?? []);
  return subcommands;
}

/** Finds the subcommand for the first word of `/opvang …`; an empty text means stand. */
function parseCommand(text: string): { word: string; args: string; subcommand?: Subcommand } {
  const trimmed = text.trim();
  const [first = '', ...rest] = trimmed.split(/\s+/);
  const word = first.toLowerCase() || 'stand';
  const subcommand = allSubcommands().find((s) => s.name === word || s.aliases?.includes(word));
  return { word: first || 'stand', args: rest.join(' '), subcommand };
}

/** Runs one `/opvang …` text for a user: the single entry point for Slack and the console alike. */
export async function runCommand(text: string, input: Omit<CommandInput, 'args'>, deps: Deps): Promise<CommandReply> {
  const { word, args, subcommand } = parseCommand(text);
  if (!subcommand) return { kind: 'message', message: unknownSubcommandMessage(word, allSubcommands()) };
  return subcommand.run({ ...input, args }, deps);
}

/** Every feature's forms, by id: what a Slack view submission or the console's prompts run. */
export function findForm(id: string): FeatureForm<any> | undefined {
  return features.flatMap((f) => f.forms ?? []).find((form) => form.id === id);
}

/** The action a button's action_id belongs to (`base` or `base:n`). */
export function findAction(actionId: string): FeatureAction | undefined {
  return features.flatMap((f) => f.actions ?? []).find((a) => actionIdPattern(a.id).test(actionId));
}
