import { webApi } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../deps';
import { formatTime, toLocalDay } from '../../format/nl';
import { requireRole } from '../access/require-role';
import type { CommandReply, Feature } from '../feature';
import { uploadFile } from '../../webapi/upload-file';
import { chartPng } from './chart';
import { scheduledTimeOn } from '../../domain/schedule';
import { isDigestDue, type RunDecision } from './digest';
import { loadDigest } from './digest.query';
import { digestStore } from './digest.store';
import { digestMessage, previewMessage, runStatusText } from './digest.view';
import type { Message } from '../../blockkit/message';

/**
 * The digest's own retry policy for chat.postMessage. The post goes through a client with the
 * Web API client's retries switched off, so that only errors that mean "not posted" are retried:
 * a 429 (after its Retry-After, if that is at most `maxRetryAfterSeconds`), a 5xx, and Slack's
 * transient platform errors. A timeout or a dropped connection after the request went out may
 * have posted: that is never retried blindly (see `decideRun`).
 */
export const DIGEST_RETRY = { attempts: 4, baseDelayMs: 1000, maxDelayMs: 8000, maxRetryAfterSeconds: 30, timeoutMs: 10_000 } as const;

export interface DigestRunOptions {
  /** An admin's `/opvang digest nu`: post even before the scheduled time, or over an uncertain claim. */
  force?: boolean;
  actor?: string;
  /** Waiting between attempts; tests pass one that does not wait. */
  sleep?: (ms: number) => Promise<void>;
  policy?: Partial<typeof DIGEST_RETRY>;
}

export type DigestRunResult =
  | { kind: 'no_channel' }
  | { kind: 'not_due' }
  | Exclude<RunDecision, { kind: 'post' }>
  | { kind: 'sent'; ts: string | undefined; chart: boolean }
  | { kind: 'failed'; error: string }
  | { kind: 'uncertain_now'; error: string };

type Attempt = { kind: 'retry'; waitMs: number } | { kind: 'not_posted' } | { kind: 'uncertain' };

const TRANSIENT_PLATFORM_ERRORS = new Set(['ratelimited', 'internal_error', 'service_unavailable', 'team_added_to_org']);
// Connection failures where the request never reached Slack.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

function causeCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: any = error;
  for (let depth = 0; current && depth < 5; depth++) {
    if (typeof current.code === 'string') codes.push(current.code);
    current = current.original ?? current.cause;
  }
  return codes;
}

/** Pure: what one failed chat.postMessage means for the digest. */
export function classifyPostError(error: unknown, attempt: number, policy: typeof DIGEST_RETRY): Attempt {
  const e = error as { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string } };
  const last = attempt >= policy.attempts;
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  switch (e?.code) {
    case webApi.ErrorCode.RateLimitedError: {
      const seconds = e.retryAfter ?? 1;
      return last || seconds > policy.maxRetryAfterSeconds ? { kind: 'not_posted' } : { kind: 'retry', waitMs: seconds * 1000 };
    }
    case webApi.ErrorCode.HTTPError:
      // 5xx: Slack's guidance is to retry; other statuses will not get better by retrying now.
      return (e.statusCode ?? 0) >= 500 && !last ? { kind: 'retry', waitMs: backoff } : { kind: 'not_posted' };
    case webApi.ErrorCode.PlatformError:
      // fatal_error: "some aspect of the operation may have succeeded".
      if (e.data?.error === 'fatal_error') return { kind: 'uncertain' };
      return TRANSIENT_PLATFORM_ERRORS.has(e.data?.error ?? '') && !last ? { kind: 'retry', waitMs: backoff } : { kind: 'not_posted' };
    case webApi.ErrorCode.RequestError:
      if (causeCodes(error).some((code) => NOT_SENT_CODES.has(code))) return last ? { kind: 'not_posted' } : { kind: 'retry', waitMs: backoff };
      return { kind: 'uncertain' };
    default:
      return { kind: 'uncertain' };
  }
}

function describeError(error: unknown): string {
  const e = error as { code?: string; statusCode?: number; retryAfter?: number; data?: { error?: string }; message?: string };
  if (e?.code === webApi.ErrorCode.RateLimitedError) return `rate limit (Retry-After ${e.retryAfter} s)`;
  if (e?.code === webApi.ErrorCode.HTTPError) return `HTTP ${e.statusCode}`;
  if (e?.code === webApi.ErrorCode.PlatformError) return e.data?.error ?? 'platform error';
  return e?.message ?? String(error);
}

/** A client for the post itself: same token and URL as the app's, without the client's own retries. */
function postingClient(client: WebClient, deps: Deps): WebClient {
  return new webApi.WebClient(client.token, {
    slackApiUrl: client.slackApiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: DIGEST_RETRY.timeoutMs,
    logger: deps.logger,
  });
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function post(
  poster: WebClient,
  channel: string,
  message: Message,
  policy: typeof DIGEST_RETRY,
  sleep: (ms: number) => Promise<void>,
  deps: Deps,
): Promise<{ kind: 'posted'; ts: string | undefined } | { kind: 'not_posted' | 'uncertain'; error: string }> {
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await poster.chat.postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
      return { kind: 'posted', ts: result.ts };
    } catch (error) {
      const next = classifyPostError(error, attempt, policy);
      deps.logger.event('warn', 'digest.post_attempt_failed', { channel, attempt, error: describeError(error), next: next.kind });
      if (next.kind !== 'retry') return { kind: next.kind, error: describeError(error) };
      await sleep(next.waitMs);
    }
  }
}

async function uploadChart(client: WebClient, channel: string, ts: string | undefined, png: Buffer, day: string, deps: Deps): Promise<boolean> {
  try {
    await uploadFile(client, {
      channelId: channel,
      threadTs: ts,
      content: png,
      filename: `opvang-${day}.png`,
      title: `Opvang laatste 30 dagen tot ${day}`,
      altText: 'Grafiek: landelijke bezettingsgraad en de operationele plekken van de regio tegen het doel, laatste 30 dagen',
      initialComment: 'Grafiek van de laatste 30 dagen: landelijke bezettingsgraad en de plekken van de regio tegen het doel.',
    });
    return true;
  } catch (error) {
    // The text is out; a missing chart is not worth a second message.
    deps.logger.event('warn', 'digest.chart_failed', { channel, error: describeError(error) });
    return false;
  }
}

/**
 * Posts today's digest to DIGEST_CHANNEL if it is due and not yet posted: the whole job. Called
 * by the scheduler at DIGEST_CRON, every 15 minutes (retries) and once at start (catch-up), and by
 * `/opvang digest nu`. Exactly once per channel per Amsterdam day: `digest_runs` is claimed
 * ('sending') before the post and marked 'sent' after.
 */
export async function runDigest(deps: Deps, client: WebClient, options: DigestRunOptions = {}): Promise<DigestRunResult> {
  const channel = deps.config.digest.channel;
  if (!channel) return { kind: 'no_channel' };
  const now = deps.clock.now();
  const day = toLocalDay(now);
  if (!options.force && !isDigestDue(now, deps.config.digest.cron)) return { kind: 'not_due' };
  const store = digestStore(deps.db);
  const decision = store.claim(channel, day, now, options.force ?? false);
  if (decision.kind === 'uncertain') {
    if (!decision.run.error) {
      // First sight of a claim nobody finished: the process stopped between claim and result.
      store.markUncertain(channel, day, `post van ${formatTime(new Date(decision.run.startedAt))} nooit afgerond (herstart tijdens het posten?)`);
      deps.logger.event('error', 'digest.uncertain', { channel, day, startedAt: decision.run.startedAt, hint: 'controleer het kanaal; /opvang digest nu post alsnog' });
    }
    return decision;
  }
  if (decision.kind !== 'post') return decision;

  const policy = { ...DIGEST_RETRY, ...options.policy };
  let message: Message;
  let png: Buffer;
  try {
    const digest = loadDigest(deps.db, deps.config.region, now);
    message = digestMessage(digest);
    png = chartPng(digest.chart);
  } catch (error) {
    store.markFailed(channel, day, `opbouwen mislukt: ${describeError(error)}`);
    deps.logger.event('error', 'digest.build_failed', { channel, day, error });
    return { kind: 'failed', error: describeError(error) };
  }

  const outcome = await post(postingClient(client, deps), channel, message, policy, options.sleep ?? realSleep, deps);
  if (outcome.kind !== 'posted') return recordFailure(deps, channel, day, outcome);
  return recordSent(deps, client, channel, day, outcome.ts, png, options);
}

function recordFailure(deps: Deps, channel: string, day: string, outcome: { kind: 'not_posted' | 'uncertain'; error: string }): DigestRunResult {
  const store = digestStore(deps.db);
  if (outcome.kind === 'not_posted') {
    store.markFailed(channel, day, outcome.error);
    deps.logger.event('error', 'digest.failed', { channel, day, error: outcome.error, retry: 'elk kwartier' });
    return { kind: 'failed', error: outcome.error };
  }
  store.markUncertain(channel, day, outcome.error);
  deps.logger.event('error', 'digest.uncertain', { channel, day, error: outcome.error, hint: 'controleer het kanaal; /opvang digest nu post alsnog' });
  return { kind: 'uncertain_now', error: outcome.error };
}

async function recordSent(deps: Deps, client: WebClient, channel: string, day: string, ts: string | undefined, png: Buffer, options: DigestRunOptions): Promise<DigestRunResult> {
  const store = digestStore(deps.db);
  const sentAt = deps.clock.now();
  store.markSent(channel, day, sentAt, ts, { actor: options.actor ?? 'scheduler', action: options.force ? 'digest.post_now' : 'digest.post' });
  deps.logger.event('info', 'digest.sent', { channel, day, ts, actor: options.actor ?? 'scheduler' });
  const chart = await uploadChart(client, channel, ts, png, day, deps);
  return { kind: 'sent', ts, chart };
}

function reply(text: string): CommandReply {
  return { kind: 'message', message: { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] } };
}

function scheduledLabel(deps: Deps, now: Date): string | undefined {
  const at = scheduledTimeOn(now, deps.config.digest.cron);
  return at && `${String(at.hour).padStart(2, '0')}:${String(at.minute).padStart(2, '0')}`;
}

/** /opvang digest [nu] */
async function digestCommand(input: { userId: string; args: string; client?: WebClient }, deps: Deps): Promise<CommandReply> {
  const channel = deps.config.digest.channel;
  const now = deps.clock.now();
  const word = input.args.trim().toLowerCase();
  if (word === '') {
    const run = channel ? digestStore(deps.db).run(channel, toLocalDay(now)) : undefined;
    const status = runStatusText(run, channel, isDigestDue(now, deps.config.digest.cron), scheduledLabel(deps, now));
    return { kind: 'message', message: previewMessage(loadDigest(deps.db, deps.config.region, now), status) };
  }
  if (word !== 'nu') return reply('Gebruik `/opvang digest` voor een voorbeeld of `/opvang digest nu` (beheerders) om het overzicht nu te posten.');
  const refusal = requireRole(deps, input.userId, 'admin');
  if (refusal) return reply(refusal);
  if (!channel) return reply('DIGEST_CHANNEL is niet ingesteld: er is geen kanaal om het overzicht in te posten.');
  if (!input.client) return reply('Posten kan alleen vanuit Slack, niet in de console. `/opvang digest` toont het voorbeeld.');
  const result = await runDigest(deps, input.client, { force: true, actor: input.userId });
  const where = `<#${channel}>`;
  switch (result.kind) {
    case 'sent':
      return reply(
        `Het ochtendoverzicht van vandaag staat in ${where}${result.chart ? ', met de grafiek in de draad' : ' (de grafiek kon niet mee)'}. Dit telt als het overzicht van vandaag: het wordt vandaag niet nog eens automatisch gepost.`,
      );
    case 'already_sent':
      return reply(
        `Het overzicht van vandaag is al om ${formatTime(new Date(result.run.sentAt ?? result.run.startedAt))} gepost in ${where}. Er is niets opnieuw gepost: één overzicht per kanaal per dag. \`/opvang digest\` toont het actuele voorbeeld.`,
      );
    case 'in_progress':
      return reply(`Het overzicht wordt op dit moment al gepost in ${where}. Er is niets extra gepost.`);
    case 'failed':
      return reply(`:warning: Posten in ${where} is mislukt (${result.error}). De bot probeert het elk kwartier opnieuw; je kunt het ook zelf nog eens proberen.`);
    case 'uncertain_now':
      return reply(
        `:warning: Slack gaf geen duidelijk antwoord (${result.error}); het overzicht staat mogelijk al in ${where}. De bot post het niet vanzelf opnieuw: kijk in het kanaal en gebruik zo nodig nog eens \`/opvang digest nu\`.`,
      );
    default:
      return reply('Het overzicht kon nu niet worden gepost.');
  }
}

/** The scheduled job: posts only when due and not yet posted today. */
export function runDigestJob(deps: Deps, client: WebClient): Promise<void> {
  return runDigest(deps, client).then(() => undefined);
}

export const digestFeature: Feature = {
  name: 'digest',
  subcommands: [
    {
      name: 'digest',
      aliases: ['overzicht'],
      usage: 'digest [nu]',
      summary: 'Het ochtendoverzicht van vandaag als voorbeeld; `nu` (beheerders) post het meteen in het kanaal.',
      run: (input, deps) => digestCommand(input, deps),
    },
  ],
  jobs: [
    // At DIGEST_CRON, and once at start: a bot that was down at 07:30 posts when it is back (same day only).
    { name: 'digest', cron: (deps) => deps.config.digest.cron, run: runDigestJob, runAtStart: true },
    // Every quarter: retries a failed post; posts nothing when today's digest is sent or not yet due.
    { name: 'digest-retry', cron: () => '*/15 * * * *', run: runDigestJob },
  ],
};
