import type { App } from '@slack/bolt';
import type { Button, ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps';
import type { Message } from '../blockkit/message';
import type { OutboxRow } from '../outbox/outbox.store';
import type { Db } from '../store/database';

/** One `/opvang <name> <args>` invocation, from Slack or the local console. */
export interface CommandInput {
  userId: string;
  channelId?: string;
  /** Everything after the subcommand's name, trimmed. */
  args: string;
  triggerId?: string;
  /** Absent in console mode: commands that need the Web API say they only work in Slack. */
  client?: WebClient;
}

export type CommandReply =
  | { kind: 'message'; message: Message; visibility?: 'ephemeral' | 'in_channel' }
  /** A form; `fallback` is what the console shows, since it cannot open modals. */
  | { kind: 'modal'; view: ModalView; fallback: Message };

export interface Subcommand {
  name: string;
  aliases?: string[];
  /** "stand [gemeente]" */
  usage: string;
  /** One line for /opvang help, in Dutch. */
  summary: string;
  run(input: CommandInput, deps: Deps): CommandReply | Promise<CommandReply>;
}

/**
 * Where a feature registers its Slack listeners: Bolt's own signatures for actions, views, option
 * loads and events. src/slack routes them (one Bolt listener per kind, slack/single-listeners.ts).
 */
export type Listeners = Pick<App, 'action' | 'view' | 'options' | 'event'>;

/** A thing a user does: its subcommands, and the Slack listeners (actions, views, events) it needs. */
export interface Feature {
  name: string;
  subcommands?: Subcommand[];
  register?(app: Listeners, deps: Deps): void;
  /** Buttons this feature puts on the App Home (their action handlers are registered by the feature). */
  homeButtons?: () => Button[];
  /** Scheduled work: started in Slack modes, stopped on shutdown. */
  jobs?: ScheduledJob[];
  /**
   * Called in the transaction that marks one of the outbox's rows failed for good (Slack refused it
   * permanently or it ran out of attempts): a feature may enqueue its own follow-up.
   */
  onOutboxFailed?(db: Db, row: OutboxRow, at: Date): void;
  /** Called in the transaction that marks one of the outbox's rows sent: remember where it landed. */
  onOutboxSent?(db: Db, row: OutboxRow, at: Date): void;
}

export interface ScheduledJob {
  name: string;
  /** A node-cron expression evaluated in Europe/Amsterdam. */
  cron: (deps: Deps) => string;
  run(deps: Deps, client: WebClient): Promise<void>;
  /** Also run once at start, for work that fell due while the bot was down. */
  runAtStart?: boolean;
}

export function messageReply(message: Message): CommandReply {
  return { kind: 'message', message };
}
