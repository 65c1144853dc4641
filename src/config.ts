import { existsSync } from 'node:fs';
import { z } from 'zod';
import { isValidSchedule } from './domain/schedule';

const slackUserId = /^[UW][A-Z0-9]{2,}$/;
const channelId = /^[CGD][A-Z0-9]{2,}$/;

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const cronExpression = z
  .string()
  .trim()
  .refine(isValidSchedule, 'moet een cron-uitdrukking zijn, bijv. "30 7 * * *"');

/** Every environment variable the bot reads, with its default. `.env.example` documents each. */
const schema = z.object({
  SLACK_BOT_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xoxb-'), 'moet met xoxb- beginnen'),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xapp-'), 'moet met xapp- beginnen'),
  SLACK_API_URL: z.url({ protocol: /^https?$/ }).default('https://slack.com/api/'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_PATH: z.string().trim().min(1).default('db/opvang.sqlite'),
  REGION: z
    .string()
    .trim()
    .regex(/^VR(0[1-9]|1\d|2[0-5])$/, 'moet een veiligheidsregio-code VR01–VR25 zijn')
    .default('VR04'),
  OPVANG_ADMINS: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((id) => id.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(slackUserId, 'bevat een ongeldige Slack-gebruikers-id'))),
  DIGEST_CHANNEL: optionalText.refine((v) => v === undefined || channelId.test(v), 'moet een Slack-kanaal-id zijn (C…)'),
  DIGEST_CRON: cronExpression.default('30 7 * * *'),
  NOODKNOP_CHANNEL: optionalText.refine((v) => v === undefined || channelId.test(v), 'moet een Slack-kanaal-id zijn (C…)'),
  NOODKNOP_MENTION: optionalText,
  NOODKNOP_ESCALATE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(60),
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(20),
  OUTBOX_BASE_DELAY_MS: z.coerce.number().int().min(10).max(600_000).default(2_000),
  OUTBOX_MAX_DELAY_SECONDS: z.coerce.number().int().min(1).max(3_600).default(300),
  OUTBOX_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  BACKUP_DIR: z.string().trim().min(1).default('db/backups'),
  BACKUP_KEEP: z.coerce.number().int().min(1).default(14),
  OPVANG_NOW: optionalText.refine((v) => v === undefined || !Number.isNaN(Date.parse(v)), 'moet een ISO-datum-tijd zijn, bijv. 2022-05-25T09:00:00+02:00'),
  CHART_RENDERER: z.enum(['process', 'inline'], { error: 'moet process of inline zijn' }).default('process'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

type Env = z.output<typeof schema>;

export type SlackConnection =
  | { mode: 'console' }
  | { mode: 'socket'; botToken: string; appToken: string; signingSecret?: string }
  | { mode: 'http'; botToken: string; signingSecret: string; port: number };

export interface Config {
  slack: SlackConnection;
  slackApiUrl: string;
  databasePath: string;
  region: string;
  admins: string[];
  digest: { channel?: string; cron: string };
  noodknop: { channel?: string; mention?: string; escalateMinutes: number };
  backup: { dir: string; keep: number };
  /** The outbox's retry policy (see src/outbox/outbox.ts for what each means). */
  outbox: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number; timeoutMs: number };
  /** Where charts are drawn: a short-lived child process (keeps the bot's memory flat), or in this process. */
  charts: { renderer: 'process' | 'inline' };
  /** The moment the bot pretends it is at start (OPVANG_NOW); time passes from there. */
  startAt?: Date;
  log: { format: 'json' | 'pretty'; level: 'debug' | 'info' | 'warn' | 'error' };
  /** The port HTTP mode listens on, also used for /healthz. */
  port: number;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** Validates an environment (process.env or a test's object) into a typed Config, or one line per problem. */
export function loadConfig(env: Record<string, string | undefined>): ConfigResult {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'omgeving'}: ${issue.message}`),
    };
  }
  const problems: string[] = [];
  const slack = chooseConnection(parsed.data, problems);
  if (problems.length > 0 || !slack) return { ok: false, problems };
  const e = parsed.data;
  return {
    ok: true,
    config: {
      slack,
      slackApiUrl: e.SLACK_API_URL.endsWith('/') ? e.SLACK_API_URL : `${e.SLACK_API_URL}/`,
      databasePath: e.DATABASE_PATH,
      region: e.REGION,
      admins: e.OPVANG_ADMINS,
      digest: { channel: e.DIGEST_CHANNEL, cron: e.DIGEST_CRON },
      noodknop: { channel: e.NOODKNOP_CHANNEL, mention: e.NOODKNOP_MENTION, escalateMinutes: e.NOODKNOP_ESCALATE_MINUTES },
      backup: { dir: e.BACKUP_DIR, keep: e.BACKUP_KEEP },
      outbox: { maxAttempts: e.OUTBOX_MAX_ATTEMPTS, baseDelayMs: e.OUTBOX_BASE_DELAY_MS, maxDelayMs: e.OUTBOX_MAX_DELAY_SECONDS * 1000, timeoutMs: e.OUTBOX_TIMEOUT_MS },
      charts: { renderer: e.CHART_RENDERER },
      startAt: e.OPVANG_NOW ? new Date(e.OPVANG_NOW) : undefined,
      log: { format: e.LOG_FORMAT ?? (env.NODE_ENV === 'production' ? 'json' : 'pretty'), level: e.LOG_LEVEL },
      port: e.PORT,
    },
  };
}

function chooseConnection(e: Env, problems: string[]): SlackConnection | undefined {
  if (!e.SLACK_BOT_TOKEN) {
    if (e.SLACK_APP_TOKEN || e.SLACK_SIGNING_SECRET) {
      problems.push('SLACK_BOT_TOKEN: ontbreekt; nodig zodra SLACK_APP_TOKEN of SLACK_SIGNING_SECRET is gezet');
      return undefined;
    }
    return { mode: 'console' };
  }
  if (e.SLACK_APP_TOKEN) {
    return { mode: 'socket', botToken: e.SLACK_BOT_TOKEN, appToken: e.SLACK_APP_TOKEN, signingSecret: e.SLACK_SIGNING_SECRET };
  }
  if (!e.SLACK_SIGNING_SECRET) {
    problems.push('SLACK_SIGNING_SECRET: ontbreekt; nodig in HTTP-modus (of zet SLACK_APP_TOKEN voor Socket Mode)');
    return undefined;
  }
  return { mode: 'http', botToken: e.SLACK_BOT_TOKEN, signingSecret: e.SLACK_SIGNING_SECRET, port: e.PORT };
}

/** Loads `.env` into process.env when present; variables already set win. */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

/** For entry points: the config from `.env` and the environment, or one line per problem and exit code 2. */
export function configOrExit(env: Record<string, string | undefined> = process.env): Config {
  loadDotEnv();
  const result = loadConfig(env);
  if (result.ok) return result.config;
  for (const problem of result.problems) console.error(`Configuratiefout: ${problem}`);
  process.exit(2);
}
