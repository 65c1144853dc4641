import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { ManualClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { features } from '../../src/features/registry';
import { createLogger } from '../../src/logger';
import { createDeps } from '../../src/main';
import { createSlackApp, type SlackApp } from '../../src/slack/app';
import { openDatabase } from '../../src/store/database';
import { seedBaseline } from '../../src/seed/seed';
import { FakeSlack } from '../support/fake-slack';
import { visibleText } from '../support/bot';

let fake: FakeSlack;
let wss: WebSocketServer;
let dir: string;
let slack: SlackApp | undefined;
let socket: Promise<WebSocket>;

beforeEach(async () => {
  fake = await new FakeSlack().start();
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => wss.once('listening', resolve));
  fake.socketModeUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`;
  socket = new Promise((resolve) =>
    wss.once('connection', (ws) => {
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0TEST' }, debug_info: { approximate_connection_time: 3600 } }));
      resolve(ws);
    }),
  );
  dir = mkdtempSync(join(tmpdir(), 'opvangbot-socket-'));
});

afterEach(async () => {
  await slack?.stop().catch(() => undefined);
  for (const client of wss.clients) client.terminate();
  await new Promise((resolve) => wss.close(resolve));
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('Socket Mode', () => {
  it('connects through apps.connections.open and answers /opvang stand over the socket', async () => {
    const result = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-socket', SLACK_APP_TOKEN: 'xapp-socket', SLACK_API_URL: fake.apiUrl, DATABASE_PATH: join(dir, 'db.sqlite') });
    if (!result.ok) throw new Error(result.problems.join());
    expect(result.config.slack.mode).toBe('socket');
    const db = openDatabase(result.config.databasePath);
    seedBaseline(db);
    const deps = createDeps(result.config, { db, clock: new ManualClock('2022-05-25T09:00:00+02:00'), logger: createLogger({ format: 'json', level: 'error', write: () => undefined }) });
    slack = createSlackApp(deps, features);
    await slack.start();
    const ws = await socket;
    expect(fake.last('apps.connections.open')).toBeDefined();

    const ack = new Promise<any>((resolve) => ws.on('message', (data) => resolve(JSON.parse(String(data)))));
    ws.send(
      JSON.stringify({
        envelope_id: 'env-1',
        type: 'slash_commands',
        accepts_response_payload: true,
        payload: { command: '/opvang', text: 'stand', user_id: 'UREADER1', channel_id: 'C0TEAM', team_id: 'T0TEST', api_app_id: 'A0TEST', trigger_id: 't1', response_url: fake.responseUrl('s1') },
      }),
    );
    const reply = await ack;
    expect(reply.envelope_id).toBe('env-1');
    expect(reply.payload.response_type).toBe('ephemeral');
    expect(visibleText(reply.payload)).toContain('46.091 plekken · 38.949 bezet');

    // A click no listener claims (a button of an older version) is acknowledged too: Socket Mode's
    // receiver has no timeout of its own, so without it Slack would wait and show an error.
    const unclaimed = new Promise<any>((resolve) => ws.on('message', (data) => resolve(JSON.parse(String(data)))));
    ws.send(
      JSON.stringify({
        envelope_id: 'env-2',
        type: 'interactive',
        accepts_response_payload: false,
        payload: { type: 'block_actions', user: { id: 'UREADER1' }, team: { id: 'T0TEST' }, api_app_id: 'A0TEST', trigger_id: 't2', actions: [{ type: 'button', action_id: 'button_of_an_older_version', block_id: 'b', action_ts: '1.1' }] },
      }),
    );
    expect((await unclaimed).envelope_id).toBe('env-2');
    await slack.idle();
    db.close();
  });
});
