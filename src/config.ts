import { existsSync } from 'node:fs';
import { z } from 'zod';
import { isValidSchedule } from './domain/schedule';
import { DEFAULT_OVERDUE_DAYS } from './domain/freshness';

const slackUserId = /^[UW][A-Z0-9]{2,}$/;
const channelId = /^[CGD][A-Z0-9]{2,}$/;

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

/** A whole number in [min, max]; one Dutch message whatever is wrong with it (not a number, a fraction, out of range). */
const wholeNumberIn = (min: number, max: number, what: string) => {
  const message = `moet ${what} zijn (een heel getal van ${min} tot en met ${max})`;
  return z.coerce.number({ error: message }).int({ error: message }).min(min, { error: message }).max(max, { error: message });
};

const cronExpression = z
  .string()
  .trim()
  .refine(isValidSchedule, 'moet een cron-uitdrukking zijn, bijv. "30 7 * * *"');

/** Every environment variable the bot reads, with its default. `.env.example` documents each. */
const schema = z.object({
  SLACK_BOT_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xoxb-'), 'moet met xoxb- beginnen'),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xapp-'), 'moet met xapp- beginnen'),
  SLACK_API_URL: z.url({ protocol: /^https?$/, error: 'moet een http(s)-adres zijn, bijv. https://slack.com/api/' }).default('https://slack.com/api/'),
  PORT: wholeNumberIn(0, 65535, 'een poortnummer').default(3000),
  DATABASE_PATH: z.string().trim().min(1, 'mag niet leeg zijn').default('db/opvang.sqlite'),
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
  // Where threshold alerts go; empty: DIGEST_CHANNEL.
  ALERT_CHANNEL: optionalText.refine((v) => v === undefined || channelId.test(v), 'moet een Slack-kanaal-id zijn (C…)'),
  OVERDUE_CRON: cronExpression.default('0 9 * * 1-5'),
  OVERDUE_DAYS: wholeNumberIn(1, 365, 'een aantal dagen').default(DEFAULT_OVERDUE_DAYS),
  NOODKNOP_CHANNEL: optionalText.refine((v) => v === undefined || channelId.test(v), 'moet een Slack-kanaal-id zijn (C…)'),
  NOODKNOP_MENTION: optionalText,
  NOODKNOP_ESCALATE_MINUTES: wholeNumberIn(1, 24 * 60, 'een aantal minuten').default(60),
  OUTBOX_MAX_ATTEMPTS: wholeNumberIn(1, 100, 'een aantal pogingen').default(20),
  OUTBOX_BASE_DELAY_MS: wholeNumberIn(10, 600_000, 'een aantal milliseconden').default(2_000),
  OUTBOX_MAX_DELAY_SECONDS: wholeNumberIn(1, 3_600, 'een aantal seconden').default(300),
  OUTBOX_TIMEOUT_MS: wholeNumberIn(100, 120_000, 'een aantal milliseconden').default(10_000),
  BACKUP_DIR: z.string().trim().min(1, 'mag niet leeg zijn').default('db/backups'),
  BACKUP_KEEP: wholeNumberIn(1, 10_000, 'een aantal back-ups').default(14),
  OPVANG_NOW: optionalText.refine((v) => v === undefined || !Number.isNaN(Date.parse(v)), 'moet een ISO-datum-tijd zijn, bijv. 2022-05-25T09:00:00+02:00'),
  CHART_RENDERER: z.enum(['process', 'inline'], { error: 'moet process of inline zijn' }).default('process'),
  LOG_FORMAT: z.enum(['json', 'pretty'], { error: 'moet json of pretty zijn' }).optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error'], { error: 'moet debug, info, warn of error zijn' }).optional(),
});


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
  /**
   * Figures older than `days` are out of date: the stand marks them, the overdue job asks their
   * owners (at `cron`). One setting for both, so they never disagree.
   */
  overdue: { cron: string; days: number };
  /** Where threshold alerts go (ALERT_CHANNEL, else DIGEST_CHANNEL; none: alerts are recorded, not posted). */
  alerts: { channel?: string };
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

/**
 * Validates an environment (process.env or a test's object) into a typed Config, or one Dutch
 * line per problem: every problem at once — a bad value and a missing token are found in the
 * same pass, so a start with several mistakes needs one round of fixing, not one per mistake.
 */
export function loadConfig(env: Record<string, string | undefined>): ConfigResult {
  const parsed = schema.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.') || 'omgeving'}: ${issue.message}`);
  // Which Slack connection the tokens ask for depends only on whether they are set; it is decided
  // (and its problems reported) also when other values are wrong.
  const present = (name: string) => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const slack = chooseConnection(
    { botToken: present('SLACK_BOT_TOKEN'), appToken: present('SLACK_APP_TOKEN'), signingSecret: present('SLACK_SIGNING_SECRET') },
    parsed.success ? parsed.data.PORT : 0,
    problems,
  );
  if (!parsed.success || problems.length > 0 || !slack) return { ok: false, problems };
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
      overdue: { cron: e.OVERDUE_CRON, days: e.OVERDUE_DAYS },
      alerts: { channel: e.ALERT_CHANNEL ?? e.DIGEST_CHANNEL },
      noodknop: { channel: e.NOODKNOP_CHANNEL, mention: e.NOODKNOP_MENTION, escalateMinutes: e.NOODKNOP_ESCALATE_MINUTES },
      backup: { dir: e.BACKUP_DIR, keep: e.BACKUP_KEEP },
      outbox: { maxAttempts: e.OUTBOX_MAX_ATTEMPTS, baseDelayMs: e.OUTBOX_BASE_DELAY_MS, maxDelayMs: e.OUTBOX_MAX_DELAY_SECONDS * 1000, timeoutMs: e.OUTBOX_TIMEOUT_MS },
      charts: { renderer: e.CHART_RENDERER },
      startAt: e.OPVANG_NOW ? new Date(e.OPVANG_NOW) : undefined,
      // The console's person reads the bot's answers on the same terminal: only warnings and errors there.
      log: { format: e.LOG_FORMAT ?? (env.NODE_ENV === 'production' ? 'json' : 'pretty'), level: e.LOG_LEVEL ?? (slack.mode === 'console' ? 'warn' : 'info') },
      port: e.PORT,
    },
  };
}

function chooseConnection(t: { botToken?: string; appToken?: string; signingSecret?: string }, port: number, problems: string[]): SlackConnection | undefined {
  if (!t.botToken) {
    if (t.appToken || t.signingSecret) {
      problems.push('SLACK_BOT_TOKEN: ontbreekt; nodig zodra SLACK_APP_TOKEN of SLACK_SIGNING_SECRET is gezet');
      return undefined;
    }
    return { mode: 'console' };
  }
  if (t.appToken) {
    return { mode: 'socket', botToken: t.botToken, appToken: t.appToken, signingSecret: t.signingSecret };
  }
  if (!t.signingSecret) {
    problems.push('SLACK_SIGNING_SECRET: ontbreekt; nodig in HTTP-modus (of zet SLACK_APP_TOKEN voor Socket Mode)');
    return undefined;
  }
  return { mode: 'http', botToken: t.botToken, signingSecret: t.signingSecret, port };
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
