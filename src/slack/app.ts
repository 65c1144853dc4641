import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { App, LogLevel } from '@slack/bolt';
import type { Deps } from '../deps';
import type { Feature } from '../features/feature';
import { databaseHealth } from '../store/database';
import { registerRouter } from './router';

/** Bounded Web API retries: the client's default keeps retrying for about 30 minutes. */
export const WEB_API_RETRY = { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 8000, randomize: false } as const;

export interface SlackApp {
  app: App;
  /** HTTP mode: the server (its port may be 0 in tests: read it from the address). */
  start(): Promise<Server | undefined>;
  stop(): Promise<void>;
}

function healthz(deps: Deps) {
  return (_req: IncomingMessage, res: ServerResponse) => {
    const database = databaseHealth(deps.db);
    res.writeHead(database.ok ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: database.ok, database }));
  };
}

/** Builds the Bolt app for Socket Mode or HTTP mode from the config and registers every feature. */
export function createSlackApp(deps: Deps, features: Feature[]): SlackApp {
  const { slack, slackApiUrl } = deps.config;
  if (slack.mode === 'console') throw new Error('createSlackApp needs Slack tokens');
  const clientOptions = { slackApiUrl, retryConfig: WEB_API_RETRY, timeout: 10_000 };
  const logLevel = deps.config.log.level as LogLevel;
  const app =
    slack.mode === 'socket'
      ? new App({ token: slack.botToken, appToken: slack.appToken, socketMode: true, clientOptions, logger: deps.logger, logLevel })
      : new App({
          token: slack.botToken,
          signingSecret: slack.signingSecret,
          clientOptions,
          logger: deps.logger,
          logLevel,
          customRoutes: [{ path: '/healthz', method: ['GET'], handler: healthz(deps) }],
        });

  app.error(async (error) => {
    deps.logger.event('error', 'slack.unhandled', { error: error.message, code: (error as { code?: string }).code });
  });
  registerRouter(app, deps);
  for (const feature of features) feature.register?.(app, deps);

  return {
    app,
    async start() {
      const started = slack.mode === 'socket' ? await app.start() : await app.start(slack.port);
      return slack.mode === 'http' ? (started as Server) : undefined;
    },
    stop: async () => {
      await app.stop();
    },
  };
}
