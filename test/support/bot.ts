import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import type { Deps } from '../../src/deps';
import { features } from '../../src/features';
import { createLogger } from '../../src/logger';
import { createDeps } from '../../src/main';
import { createSlackApp, type SlackApp } from '../../src/slack/app';
import { openDatabase } from '../../src/store/database';
import { seedBaseline } from '../../src/store/seed';
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
  /** Sends `/opvang <text>` as `user`. */
  command(text: string, user?: string, extra?: Record<string, string>): Promise<TestResponse>;
  /** Sends an interactivity payload (block_actions, view_submission, …). */
  interact(payload: Record<string, unknown>): Promise<TestResponse>;
  /** Sends an Events API event_callback. */
  event(event: Record<string, unknown>): Promise<TestResponse>;
  /** Stops the bot, keeps the database (for restarts). */
  stop(): Promise<void>;
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
  const bot: TestBot = {
    url,
    dir,
    deps,
    fake,
    clock,
    slack,
    logLines,
    post,
    command: (text, user = ADMIN, extra = {}) =>
      post(
        new URLSearchParams({
          token: 'legacy',
          team_id: 'T0TEST',
          team_domain: 'test',
          channel_id: CHANNEL,
          channel_name: 'bao-opvang',
          user_id: user,
          user_name: user.toLowerCase(),
          command: '/opvang',
          text,
          api_app_id: 'A0TEST',
          response_url: fake.responseUrl(`cmd${++triggers}`),
          trigger_id: `trigger.${triggers}`,
          ...extra,
        }).toString(),
      ),
    interact: (payload) =>
      post(
        new URLSearchParams({
          payload: JSON.stringify({ team: { id: 'T0TEST', domain: 'test' }, api_app_id: 'A0TEST', token: 'legacy', ...payload }),
        }).toString(),
      ),
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
    async stop() {
      if (stopped) return;
      stopped = true;
      await slack.stop();
      if (db.open) db.close();
    },
    async close() {
      await bot.stop();
      if (!options.fake) await fake.stop();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
  return bot;
}

/** A block_actions payload for a button click by `user`. */
export function buttonClick(actionId: string, user: string, extra: { value?: string; blockId?: string; responseUrl?: string; message?: unknown; view?: unknown; channel?: string } = {}) {
  return {
    type: 'block_actions',
    user: { id: user, username: user.toLowerCase(), team_id: 'T0TEST' },
    trigger_id: `trigger.click.${Math.random().toString(36).slice(2)}`,
    container: { type: 'message', channel_id: extra.channel ?? CHANNEL, message_ts: '1700000000.000001', is_ephemeral: true },
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
export function viewSubmission(callbackId: string, submitter: string, fields: Record<string, StateValue>, options: { privateMetadata?: string; viewId?: string; hash?: string } = {}) {
  const values = Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, { [name]: value }]));
  return {
    type: 'view_submission',
    user: { id: submitter, username: submitter.toLowerCase(), team_id: 'T0TEST' },
    trigger_id: `trigger.view.${Math.random().toString(36).slice(2)}`,
    view: {
      id: options.viewId ?? `V${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
      team_id: 'T0TEST',
      type: 'modal',
      callback_id: callbackId,
      private_metadata: options.privateMetadata ?? '',
      hash: options.hash ?? `h${Math.random().toString(36).slice(2)}`,
      state: { values },
      blocks: [],
      title: { type: 'plain_text', text: 'x' },
      app_id: 'A0TEST',
      bot_id: 'BBOT',
    },
  };
}

/** The view a views.open / views.update / views.publish call carried. */
export function viewOf(call: { body: Record<string, any> } | undefined): any {
  if (!call) return undefined;
  return typeof call.body.view === 'string' ? JSON.parse(call.body.view) : call.body.view;
}
