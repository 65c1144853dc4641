import type { App } from '@slack/bolt';
import type { Button } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps';
import type { Message } from '../blockkit/message';
import type { Role } from '../domain/vocabulary';
import type { Choice, FieldErrors, FormDefinition, Values } from '../forms/form';
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
  /** A form: Slack opens it as a modal, the console asks its fields one by one. */
  | { kind: 'form'; form: FormDefinition };

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

/** Who acts on a form, and how to find the submission again. */
export interface FormContext {
  deps: Deps;
  userId: string;
}

export interface SubmitContext<M> extends FormContext {
  /** What the form carried (untrusted: a crafted submission can carry anything). */
  meta: Partial<M>;
  /** The identity of this submission for storeOnce: a retry or double submit carries the same. */
  submissionKey: string;
}

/** What a submission led to. */
export type FormOutcome =
  /** Stored (or already stored): Slack closes the modal, the console leaves the form. */
  | {
      kind: 'done';
      /** Said privately to the person; nothing for a retry of what was already stored. */
      confirmation?: Message;
      /** Show the confirmation in the form itself under this title (Slack: the modal turns into a notice). */
      title?: string;
    }
  /** Nothing stored: errors by field name, the form stays open with what was typed. */
  | { kind: 'errors'; errors: FieldErrors }
  /** Nothing stored: the form shows another state (current figures after a conflict). */
  | { kind: 'redraw'; form: FormDefinition };

/**
 * A form of a feature, surface-neutral: `build` makes its definition from what is stored now (at
 * opening, and again at submit so the one validation checks against today's options), `submit`
 * stores validated values and says what happened. Slack and the console both run it through
 * features/form-runner.ts; no feature keeps a Slack-only or console-only copy.
 */
export interface FeatureForm<M = Record<string, unknown>> {
  /** The definition's id (Slack's callback_id). */
  id: string;
  /** Needed to open and to submit; re-checked at the moment of the submit. */
  role: Role;
  build(ctx: FormContext, meta: Partial<M>): FormDefinition;
  /** Synchronous on purpose: stored before Slack's ack (README, Conventions). */
  submit(values: Values, ctx: SubmitContext<M>): FormOutcome;
  /** A field with `redraws` got `value`: the form's next state. */
  redraw?(ctx: FormContext, meta: Partial<M>, field: string, value: string | undefined): FormDefinition;
  /** Options loads of the form's search fields, by field name (Slack asks by action_id). */
  searches?: Record<string, (ctx: FormContext, query: string) => Choice[]>;
}

/** Where a button was pressed. */
export interface ActionSource {
  /** The channel of the message (absent for the App Home or a DM the console prints). */
  channelId?: string;
  /** The message the button is on, when there is one (ts), so it can be replaced. */
  messageTs?: string;
  home?: boolean;
}

export interface ActionContext {
  deps: Deps;
  userId: string;
  /** The button's value, or the chosen option's value of a select. */
  value: string | undefined;
  source: ActionSource;
  /** The click's identity (action_ts), for storeOnce. */
  clickKey: string;
}

/**
 * What pressing a button leads to; the transport carries it out where the person is. What a
 * click tells a channel (a shift handed back, an offer withdrawn) goes through the outbox, with
 * the change that causes it.
 */
export type ActionResult =
  | { kind: 'form'; form: FormDefinition }
  /** Said privately to the person who pressed. */
  | { kind: 'tell'; message: Message }
  /** Replaces the message the button was on (for everyone who sees it). */
  | { kind: 'replace'; message: Message }
  /** Posted where the button was, for everyone in that channel. */
  | { kind: 'share'; message: Message }
  | { kind: 'nothing' };

/** A button (or a select in a message), surface-neutral. Matched with actionIdPattern(id). */
export interface FeatureAction {
  id: string;
  run(ctx: ActionContext): ActionResult | Promise<ActionResult>;
}

/** A thing a user does: its subcommands, forms and buttons, and the Slack-only listeners (events) it needs. */
export interface Feature {
  name: string;
  subcommands?: Subcommand[];
  /** Forms this feature opens (from a command, a button or the Home tab). */
  forms?: FeatureForm<any>[];
  /** Buttons and message selects this feature renders. */
  actions?: FeatureAction[];
  /** Slack only: events (app_home_opened, a CSV in a DM) and what has no console counterpart. */
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
  /** Talks to Slack only through the outbox, so it runs the same in the console. */
  run(deps: Deps): Promise<void>;
  /** Also run once at start, for work that fell due while the bot was down. */
  runAtStart?: boolean;
}
