import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import type { Deps } from '../../src/deps';
import { features } from '../../src/features/registry';
import { createLogger } from '../../src/logger';
import { createDeps } from '../../src/main';
import { createSlackApp, type SlackApp } from '../../src/slack/app';
import { openDatabase } from '../../src/store/database';
import { durableBarrier } from '../../src/store/durability';
import { seedBaseline } from '../../src/seed/seed';
import { checkMessage, checkOptionsAnswer, checkViewSubmissionAnswer, describeViolations, type Violation } from './conformance/block-kit-rules';
import { FakeSlack } from './fake-slack';
import { signedHeaders } from './sign';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const BOT_TOKEN = 'xoxb-test-token-123';
export const CHANNEL = 'C0TEAM';
export const ADMIN = 'UADMIN1';

export interface StartOptions {
  /** The moment the bot believes it is; default 25 May 2022 09:00 in Amsterdam. */
  now?: string;
  env?: Record<string, string>;
  seed?: boolean;
  /** Reuse a database directory (to restart the bot on the same data). */
  dir?: string;
  fake?: FakeSlack;
  clock?: ManualClock;
}

export interface TestResponse {
  status: number;
  text: string;
  json(): any;
}

/** A running bot on a free loopback port, with its fake Slack, temp database and manual clock. */
export interface TestBot {
  url: string;
  dir: string;
  deps: Deps;
  fake: FakeSlack;
  clock: ManualClock;
  slack: SlackApp;
  logLines: string[];
  /** POSTs a body to /slack/events, signed like Slack unless told otherwise. */
  post(body: string, options?: { contentType?: string; timestamp?: number; signature?: string; unsigned?: boolean }): Promise<TestResponse>;
  /**
   * Sends `/opvang <text>` as `user`, the way Slack does: what the user typed has `&`, `<` and `>`
   * escaped; parts made with `mention()` arrive as Slack's markup. The bot's answer is checked
   * against Slack's rules (a violation throws).
   */
  command(text: SlashText, user?: string, extra?: Record<string, string>): Promise<TestResponse>;
  /**
   * Sends an interactivity payload (block_actions, view_submission, …). The bot's answer to a
   * view_submission or block_suggestion is checked against Slack's rules (a violation throws),
   * unless `unchecked` (for hostile payloads that are not what Slack sends).
   */
  interact(payload: Record<string, unknown>, options?: { unchecked?: boolean }): Promise<TestResponse>;
  /** Sends an Events API event_callback. */
  event(event: Record<string, unknown>): Promise<TestResponse>;
  /**
   * Resolves when every request sent so far has finished all its work, also what a listener does
   * after its ack (Web API calls, writes): assert that nothing happened after this, not after a sleep.
   */
  idle(): Promise<void>;
  /** Stops the bot, keeps the database (for restarts). */
  stop(): Promise<void>;
  /**
   * Stops the bot the way a crash does: the outbox is not waited for (a post under way stays
   * 'sending'), the database is closed at once.
   */
  crash(): Promise<void>;
  /** Stops the bot and the fake and removes the temp directory. */
  close(): Promise<void>;
}

export async function startBot(options: StartOptions = {}): Promise<TestBot> {
  const fake = options.fake ?? (await new FakeSlack().start());
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'opvangbot-'));
  const databasePath = join(dir, 'opvang.sqlite');
  const result = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
    DATABASE_PATH: databasePath,
    OPVANG_ADMINS: ADMIN,
    LOG_LEVEL: 'warn',
    // Charts drawn in the test process: a child process per chart would cost a tsx start each.
    // test/features/charts/renderer.test.ts covers the child process.
    CHART_RENDERER: 'inline',
    ...options.env,
  });
  if (!result.ok) throw new Error(result.problems.join('\n'));
  const clock = options.clock ?? new ManualClock(options.now ?? '2022-05-25T09:00:00+02:00');
  const logLines: string[] = [];
  const logger = createLogger({ format: 'json', level: 'debug', secrets: [BOT_TOKEN, SIGNING_SECRET], write: (line) => logLines.push(line) });
  const db = openDatabase(databasePath);
  if (options.seed !== false) seedBaseline(db);
  const deps = createDeps(result.config, { db, clock, logger });
  const slack = createSlackApp(deps, features);
  const server = (await slack.start()) as Server;
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let stopped = false;

  const post: TestBot['post'] = async (body, o = {}) => {
    const headers = signedHeaders(SIGNING_SECRET, body, o.timestamp, o.contentType);
    if (o.signature) headers['x-slack-signature'] = o.signature;
    if (o.unsigned) {
      delete headers['x-slack-signature'];
      delete headers['x-slack-request-timestamp'];
    }
    const res = await fetch(`${url}/slack/events`, { method: 'POST', headers, body });
    const text = await res.text();
    return { status: res.status, text, json: () => JSON.parse(text) };
  };

  let triggers = 0;
  const checked = (what: string, response: TestResponse, violations: Violation[]): TestResponse => {
    if (violations.length > 0) throw new Error(`Slack would refuse the bot's answer to ${what}:\n${describeViolations(violations)}`);
    return response;
  };
  const bot: TestBot = {
    url,
    dir,
    deps,
    fake,
    clock,
    slack,
    logLines,
    post,
    command: async (text, user = ADMIN, extra = {}) => {
      const sent = slashText(text);
      const res = await post(
        new URLSearchParams({
          token: 'legacy',
          team_id: 'T0TEST',
          team_domain: 'test',
          channel_id: CHANNEL,
          channel_name: 'bao-opvang',
          user_id: user,
          user_name: user.toLowerCase(),
          command: '/opvang',
          text: sent,
          api_app_id: 'A0TEST',
          response_url: fake.responseUrl(`cmd${++triggers}`),
          trigger_id: `trigger.${triggers}`,
          ...extra,
        }).toString(),
      );
      return checked(`/opvang ${sent}`, res, res.status === 200 && res.text ? checkMessage(res.json(), 'https://docs.slack.dev/interactivity/implementing-slash-commands') : []);
    },
    interact: async (payload, options = {}) => {
      const res = await post(
        new URLSearchParams({
          payload: JSON.stringify({ team: { id: 'T0TEST', domain: 'test' }, api_app_id: 'A0TEST', token: 'legacy', ...payload }),
        }).toString(),
      );
      if (options.unchecked || res.status !== 200) return res;
      const answer = res.text ? safeJson(res.text) : undefined;
      if (payload.type === 'view_submission') return checked(`view_submission ${(payload.view as any)?.callback_id}`, res, checkViewSubmissionAnswer(answer, submittedView(payload.view)));
      if (payload.type === 'block_suggestion') return checked(`block_suggestion ${String(payload.action_id)}`, res, checkOptionsAnswer(answer));
      return res;
    },
    event: (event) =>
      post(
        JSON.stringify({
          token: 'legacy',
          team_id: 'T0TEST',
          api_app_id: 'A0TEST',
          type: 'event_callback',
          event_id: `Ev${Date.now()}${Math.random().toString(36).slice(2, 6)}`,
          event_time: Math.floor(Date.now() / 1000),
          event,
        }),
        { contentType: 'application/json' },
      ),
    async crash() {
      if (stopped) return;
      stopped = true;
      slack.outbox.abandon();
      await durableBarrier(db).close();
      if (db.open) db.close();
      await slack.app.stop();
    },
    // Requests finished, and what they enqueued delivered as far as it is due now.
    idle: async () => {
      await slack.idle();
      await slack.outbox.drain();
      await slack.idle();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await slack.stop();
      await durableBarrier(db).close();
      if (db.open) db.close();
    },
    async close() {
      await bot.stop();
      if (!options.fake) await fake.stop();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
      // A payload Slack would refuse fails the suite that sent it, even when the test only looked elsewhere.
      const refused = fake.violations.splice(0);
      if (refused.length > 0) throw new Error(`Slack would have refused ${refused.length} payload(s):\n${refused.map((r) => `${r.method}: ${describeViolations(r.violations)}`).join('\n')}`);
    },
  };
  return bot;
}

/** A block_actions payload for a button click by `user`. */
export function buttonClick(
  actionId: string,
  user: string,
  extra: { value?: string; blockId?: string; responseUrl?: string; message?: unknown; view?: unknown; channel?: string; /** A click on a (non-ephemeral) message the bot posted at this ts. */ messageTs?: string } = {},
) {
  return {
    type: 'block_actions',
    user: { id: user, username: user.toLowerCase(), team_id: 'T0TEST' },
    trigger_id: `trigger.click.${Math.random().toString(36).slice(2)}`,
    container: { type: 'message', channel_id: extra.channel ?? CHANNEL, message_ts: extra.messageTs ?? '1700000000.000001', is_ephemeral: extra.messageTs === undefined },
    channel: { id: extra.channel ?? CHANNEL, name: 'bao-opvang' },
    response_url: extra.responseUrl,
    ...(extra.message ? { message: extra.message } : {}),
    ...(extra.view ? { view: extra.view } : {}),
    actions: [{ type: 'button', action_id: actionId, block_id: extra.blockId ?? 'b', value: extra.value, action_ts: '1700000000.1' }],
  };
}

/** The plain text of all blocks in a payload: what a reader sees, for assertions. */
export function visibleText(payload: { text?: string; blocks?: any[] } | undefined): string {
  if (!payload) return '';
  const parts: string[] = [];
  const walk = (node: any): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node.text === 'string') parts.push(node.text);
    for (const [key, value] of Object.entries(node)) if (key !== 'text' || typeof value !== 'string') walk(value);
  };
  walk(payload.blocks ?? []);
  return parts.length > 0 ? parts.join('\n') : (payload.text ?? '');
}

/** A state value as Slack sends it for one input block (block_id = action_id = field name). */
export type StateValue = Record<string, unknown>;
export const text = (value: string | null): StateValue => ({ type: 'plain_text_input', value });
export const selected = (value: string | null): StateValue => ({ type: 'static_select', selected_option: value === null ? null : { value, text: { type: 'plain_text', text: value } } });
export const external = (value: string | null): StateValue => ({ type: 'external_select', selected_option: value === null ? null : { value, text: { type: 'plain_text', text: value } } });
export const date = (value: string | null): StateValue => ({ type: 'datepicker', selected_date: value });
export const time = (value: string | null): StateValue => ({ type: 'timepicker', selected_time: value });
export const checked = (...values: string[]): StateValue => ({ type: 'checkboxes', selected_options: values.map((value) => ({ value, text: { type: 'plain_text', text: value } })) });
export const user = (value: string | null): StateValue => ({ type: 'users_select', selected_user: value });
export const multi = (...values: string[]): StateValue => ({ type: 'multi_static_select', selected_options: values.map((value) => ({ value, text: { type: 'plain_text', text: value } })) });

/**
 * A view_submission payload as Slack sends it. `fields` maps field names to state values; the
 * view id and hash make the submission's identity (a retry sends the same ones).
 */
export function viewSubmission(
  callbackId: string,
  submitter: string,
  fields: Record<string, StateValue>,
  options: { privateMetadata?: string; viewId?: string; hash?: string; view?: { id?: string; hash?: string; blocks?: any[]; title?: unknown } } = {},
) {
  const byBlock = new Map((options.view?.blocks ?? []).filter((b: any) => b?.type === 'input').map((b: any) => [b.block_id as string, b]));
  // Slack sends every input block of the view in state.values, keyed block_id → action_id: what the
  // form was opened with where nobody changed it, empty where it had nothing.
  const values: Record<string, Record<string, StateValue>> = {};
  for (const [blockId, block] of byBlock) values[blockId] = { [block.element?.action_id ?? blockId]: initialState(block.element) };
  for (const [name, value] of Object.entries(fields)) values[name] = { [byBlock.get(name)?.element?.action_id ?? name]: value };
  return {
    type: 'view_submission',
    user: { id: submitter, username: submitter.toLowerCase(), team_id: 'T0TEST' },
    trigger_id: `trigger.view.${Math.random().toString(36).slice(2)}`,
    view: {
      id: options.viewId ?? options.view?.id ?? `V${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
      team_id: 'T0TEST',
      type: 'modal',
      callback_id: callbackId,
      private_metadata: options.privateMetadata ?? '',
      hash: options.hash ?? options.view?.hash ?? `h${Math.random().toString(36).slice(2)}`,
      state: { values },
      blocks: options.view?.blocks ?? [],
      title: options.view?.title ?? { type: 'plain_text', text: 'x' },
      app_id: 'A0TEST',
      bot_id: 'BBOT',
    },
  };
}

/**
 * The view of a views.open / views.update / views.push / views.publish call, as Slack stored it
 * (id, hash, generated block ids) when the fake accepted it; else as the bot sent it.
 */
export function viewOf(call: { body: Record<string, any>; response?: any } | undefined): any {
  if (!call) return undefined;
  if (call.response?.ok && call.response.view) return call.response.view;
  return typeof call.body.view === 'string' ? JSON.parse(call.body.view) : call.body.view;
}

/** The state value Slack sends for an input element nobody touched: its initial value, or empty. */
export function initialState(element: any): StateValue {
  const type: string | undefined = element?.type;
  switch (type) {
    case 'plain_text_input':
      return { type, value: element.initial_value ?? null };
    case 'checkboxes':
    case 'multi_static_select':
    case 'multi_external_select':
      return { type, selected_options: element.initial_options ?? [] };
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return { type, selected_option: element.initial_option ?? null };
    case 'datepicker':
      return { type, selected_date: element.initial_date ?? null };
    case 'timepicker':
      return { type, selected_time: element.initial_time ?? null };
    case 'users_select':
      return { type, selected_user: element.initial_user ?? null };
    default:
      return emptyState(type);
  }
}

/** The empty state value Slack sends for an input block nobody filled in. */
function emptyState(type: string | undefined): StateValue {
  switch (type) {
    case 'checkboxes':
    case 'multi_static_select':
    case 'multi_external_select':
      return { type, selected_options: [] };
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return { type, selected_option: null };
    case 'datepicker':
      return { type, selected_date: null };
    case 'timepicker':
      return { type, selected_time: null };
    case 'users_select':
      return { type, selected_user: null };
    default:
      return { type: type ?? 'plain_text_input', value: null };
  }
}

/**
 * The view a view_submission was made from. A payload built without the view (only field values)
 * gets the input blocks its state implies, so an error keyed by anything else still shows.
 */
function submittedView(view: any): { blocks: any[] } {
  if (Array.isArray(view?.blocks) && view.blocks.length > 0) return view;
  return { blocks: Object.keys(view?.state?.values ?? {}).map((blockId) => ({ type: 'input', block_id: blockId })) };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Something a user typed, or Slack's markup for a mention (`mention()`). */
export type SlashText = string | (string | { markup: string })[];

/**
 * Slack escapes `&`, `<` and `>` in what a user types before it reaches the app
 * (docs.slack.dev/messaging/formatting-message-text#escaping); mentions arrive as markup.
 */
export function slashText(text: SlashText): string {
  const parts = typeof text === 'string' ? [text] : text;
  return parts.map((p) => (typeof p === 'string' ? p.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : p.markup)).join('');
}

/**
 * A user picked from Slack's autocomplete in a slash command: with `should_escape: true` in the
 * manifest it arrives as `<@U123|name>` (docs.slack.dev/interactivity/implementing-slash-commands).
 */
export function mention(userId: string, name = userId.toLowerCase()): { markup: string } {
  return { markup: `<@${userId}|${name}>` };
}
