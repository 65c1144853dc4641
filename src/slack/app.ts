import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { resilientAuthorize } from './authorize';
import type { Deps } from '../deps';
import type { Feature } from '../features/feature';
import { outboxFailureHook, outboxSentHook } from '../features/outbox/outbox.slack';
import { DEFAULT_OUTBOX_POLICY } from '../outbox/outbox';
import { OutboxWorker } from '../outbox/outbox.worker';
import { slackTransport } from '../outbox/slack-transport';
import { flushDurable } from '../store/durability';
import { createNoRetryClient } from '../webapi/client';
import { healthReport } from '../features/maintenance/health.query';
import { refuseFutureTimestamps } from './replay-guard';
import { requestLog } from './request-log';
import { singleListeners } from './single-listeners';
import { AckingApp } from './acking-app';
import { registerSlashCommand } from './slash-command';
import { registerFormsAndActions } from './forms';
import { refuseCraftedIdentities } from './identity';

/**
 * The listeners' and jobs' client repeats no call on its own either (the outbox's client never
 * does): a repeated chat.postMessage or chat.postEphemeral that Slack had taken shows twice, and a
 * repeated views.open comes after its trigger_id expired (3 s). What must go out once goes
 * through the outbox; a listener's failed call is told to the user (listener-errors.ts).
 */
const WEB_API_NO_RETRY = { retries: 0 } as const;

export interface SlackApp {
  app: AckingApp;
  /** A Web API client with the bot token, for jobs (listeners get their own from Bolt). */
  client: WebClient;
  /** Delivers the outbox: everything the bot must post once. */
  outbox: OutboxWorker;
  /** HTTP mode: the server (its port may be 0 in tests: read it from the address). */
  start(): Promise<Server | undefined>;
  stop(): Promise<void>;
  /** Resolves when every request that arrived has finished all its work (see AckingApp). */
  idle(): Promise<void>;
}

function healthz(deps: Deps) {
  return (_req: IncomingMessage, res: ServerResponse) => {
    const report = healthReport(deps.db);
    res.writeHead(report.ok ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify(report));
  };
}

/** Builds the Bolt app for Socket Mode or HTTP mode from the config and registers every feature. */
export function createSlackApp(deps: Deps, features: Feature[]): SlackApp {
  const { slack, slackApiUrl } = deps.config;
  if (slack.mode === 'console') throw new Error('createSlackApp needs Slack tokens');
  const clientOptions = { slackApiUrl, retryConfig: WEB_API_NO_RETRY, timeout: 10_000 };
  // No logLevel for Bolt: it would call setLevel on our logger, which already has the configured level.
  const client = new WebClient(slack.botToken, { ...clientOptions, logger: deps.logger });
  // auth.test runs inside a request's 3 s: one quick try, no retries; the next request asks again.
  const authClient = new WebClient(slack.botToken, { slackApiUrl, retryConfig: { retries: 0 }, timeout: 1500, logger: deps.logger });
  const authorize = resilientAuthorize(authClient, slack.botToken, deps.logger);
  let app: AckingApp;
  if (slack.mode === 'socket') {
    const receiver = new SocketModeReceiver({ appToken: slack.appToken, logger: deps.logger, installerOptions: { clientOptions } });
    app = new AckingApp({ authorize, receiver, clientOptions, logger: deps.logger, convoStore: false });
  } else {
    const receiver = new HTTPReceiver({
      signingSecret: slack.signingSecret,
      logger: deps.logger,
      customRoutes: [{ path: '/healthz', method: ['GET'], handler: healthz(deps) }],
    });
    receiver.requestListener = refuseFutureTimestamps(receiver.requestListener);
    app = new AckingApp({ authorize, receiver, clientOptions, logger: deps.logger, convoStore: false });
  }
  // Every ack waits until what the handler stored survives a power loss (store/durability.ts).
  app.beforeAck = () => flushDurable(deps.db);

  app.error(async (error) => {
    // Bolt hands every error over as a CodedError (its ErrorCode, or our AppError's code).
    deps.logger.event('error', 'slack.unhandled', { error: error.message, code: error.code });
  });
  app.use(requestLog(deps.logger));
  app.use(refuseCraftedIdentities(deps.logger));
  registerSlashCommand(app, deps);
  const listeners = singleListeners(app, deps);
  registerFormsAndActions(listeners, deps, features);
  for (const feature of features) feature.register?.(listeners, deps);

  const outbox = new OutboxWorker({
    db: deps.db,
    clock: deps.clock,
    logger: deps.logger,
    transport: slackTransport(createNoRetryClient({ token: slack.botToken, slackApiUrl, timeoutMs: deps.config.outbox.timeoutMs, logger: deps.logger })),
    policy: { ...DEFAULT_OUTBOX_POLICY, ...deps.config.outbox },
    hooks: { onFailed: outboxFailureHook(features), onSent: outboxSentHook(features) },
  });

  return {
    app,
    client,
    outbox,
    async start() {
      const started = slack.mode === 'socket' ? await app.start() : await app.start(slack.port);
      outbox.start();
      return slack.mode === 'http' ? (started as Server) : undefined;
    },
    stop: async () => {
      await outbox.stop();
      await app.stop();
    },
    idle: () => app.idle(),
  };
}
