import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../deps';
import { formatDate, formatTime, toLocalDay } from '../../format/nl';
import { escapeMrkdwn } from '../../blockkit/escape';
import { deliverNow } from '../../outbox/signal';
import { findOutboxRow, isLegacyRow, listOutbox } from '../../outbox/outbox.store';
import type { OutboxFile } from '../../outbox/outbox';
import { holdsRole, requireRole } from '../access/require-role';
import type { CommandReply, Feature } from '../feature';
import { failedSummary } from '../outbox/outbox.view';
import { digestChartSpec, type ChartSpec } from '../charts/chart';
import { drawChartPng } from '../charts/chart.renderer';
import { chartStore } from '../charts/charts.store';
import type { OutboxRow } from '../../outbox/outbox.store';
import { scheduledTimeOn } from '../../domain/schedule';
import { digestChartKey, digestKey, isDigestDue, type DigestDelivery } from './digest';
import { enqueueChart, enqueueDigest, renewFailedDigest, type DigestPost } from './digest-post.write';
import { digestDelivery, loadDigest } from './digest.query';
import { digestMessage, previewMessage, runStatusText } from './digest.view';

export interface DigestRunOptions {
  /** An admin's `/opvang digest nu`: post even before the scheduled time, or again after it failed. */
  force?: boolean;
  actor?: string;
  /**
   * Draw the chart after returning: `/opvang digest nu` answers as soon as the text is out, since
   * drawing (a child process) can take longer than Slack's 3 s for the ack.
   */
  chartLater?: boolean;
}

export type DigestRunResult =
  | { kind: 'no_channel' }
  | { kind: 'not_due' }
  | { kind: 'already_sent'; delivery: DigestDelivery }
  /** Enqueued earlier and not delivered yet: the outbox is on it. */
  | { kind: 'in_progress'; delivery: DigestDelivery }
  /** Failed for good (admins were told); only an admin's `nu` sends it again. */
  | { kind: 'failed'; delivery: DigestDelivery }
  /** In the channel; the chart follows in its thread (`sent`, still `pending` or being drawn, or `failed`). */
  | { kind: 'sent'; delivery: DigestDelivery; chart: 'sent' | 'pending' | 'failed' }
  /** Enqueued now, but Slack did not take it yet: the outbox retries (and looks before it posts again). */
  | { kind: 'queued'; delivery: DigestDelivery }
  | { kind: 'build_failed'; error: string };

const CHART_COMMENT = 'Grafiek van de laatste 30 dagen: landelijke bezettingsgraad en de plekken van de regio tegen het doel.';

/** The chart as a file for the digest's thread. */
function chartFile(png: Buffer, spec: ChartSpec, day: string): OutboxFile {
  return { filename: `opvang-${day}.png`, title: `Opvang: de 30 dagen t/m ${formatDate(day)}`, altText: spec.alt, comment: CHART_COMMENT, contentBase64: png.toString('base64') };
}

/**
 * Draws today's chart (a child process: async, can take a second) and hands it to the outbox for
 * the digest's thread, once (its key). Also called when a run finds the digest enqueued but no
 * chart (the process stopped between the two, or drawing failed): the chart is never lost for
 * good. A chart that cannot be drawn costs the chart, never the digest.
 */
async function addChart(deps: Deps, channel: string, day: string, spec: ChartSpec): Promise<boolean> {
  const existing = findOutboxRow(deps.db, digestChartKey(channel, day));
  if (existing && existing.state !== 'failed') return true;
  try {
    const png = await drawChartPng(spec, deps.config);
    return enqueueChart(deps.db, channel, day, chartFile(png, spec, day), deps.clock.now());
  } catch (error) {
    deps.logger.event('warn', 'digest.chart_failed', { channel, day, error });
    return false;
  }
}

/**
 * Today's digest, if it is due and not yet handed to the outbox: the whole job. Called by the
 * scheduler at DIGEST_CRON, every 15 minutes and once at start (catch-up, same day only), and by
 * `/opvang digest nu`. Exactly once per channel per Amsterdam day: the outbox key
 * `digest:<channel>:<day>` is enqueued once, with the chart, in one transaction; the outbox
 * delivers it (retries, and looks in the channel before it posts again after an unclear answer or
 * a crash), so no day is left "uncertain".
 */
export async function runDigest(deps: Deps, options: DigestRunOptions = {}): Promise<DigestRunResult> {
  const channel = deps.config.digest.channel;
  if (!channel) return { kind: 'no_channel' };
  const now = deps.clock.now();
  const day = toLocalDay(now);
  if (!options.force && !isDigestDue(now, deps.config.digest.cron)) return { kind: 'not_due' };
  const existing = digestDelivery(deps.db, channel, day);
  if (existing && (existing.state !== 'failed' || !options.force)) {
    // Enqueued before: a chart that never made it (a stop between the two, a failed drawing) is added now.
    const digestRow = findOutboxRow(deps.db, digestKey(channel, day))!;
    // A digest from before the outbox had its chart uploaded the old way: none is added.
    if (existing.state !== 'failed' && !isLegacyRow(digestRow) && !findOutboxRow(deps.db, digestChartKey(channel, day))) {
      // (A failed chart stays failed until an admin's `nu` or `/opvang outbox opnieuw`.)
      await addChart(deps, channel, day, digestChartSpec(loadDigest(deps.db, deps.config.region, now, deps.config.overdue.days).chart));
      await deliverNow(deps.db);
    }
    if (existing.state === 'sent') return { kind: 'already_sent', delivery: existing };
    if (existing.state === 'failed') return { kind: 'failed', delivery: existing };
    return { kind: 'in_progress', delivery: existing };
  }

  let post: DigestPost;
  let spec: ChartSpec;
  try {
    const digest = loadDigest(deps.db, deps.config.region, now, deps.config.overdue.days);
    spec = digestChartSpec(digest.chart);
    post = { channel, day, message: digestMessage(digest), actor: options.actor ?? 'scheduler', action: options.force ? 'digest.post_now' : 'digest.post', at: now };
  } catch (error) {
    deps.logger.event('error', 'digest.build_failed', { channel, day, error });
    return { kind: 'build_failed', error: (error as Error).message };
  }
  const enqueued = existing ? renewFailedDigest(deps.db, post) : enqueueDigest(deps.db, post);
  if (!enqueued) {
    // Someone else (the other job, an admin) enqueued it between the read and now.
    const current = digestDelivery(deps.db, channel, day)!;
    return current.state === 'sent' ? { kind: 'already_sent', delivery: current } : { kind: 'in_progress', delivery: current };
  }
  deps.logger.event('info', 'digest.enqueued', { channel, day, actor: post.actor, again: Boolean(existing) });
  // The text goes out now; then the chart is drawn and follows in its thread (in the background
  // for `digest nu`, whose answer must not wait for drawing).
  await deliverNow(deps.db);
  const charting = addChart(deps, channel, day, spec)
    .then((added) => (added ? deliverNow(deps.db) : undefined))
    .catch((error: unknown) => deps.logger.event('warn', 'digest.chart_failed', { channel, day, error }));
  if (!options.chartLater) await charting;
  const delivery = digestDelivery(deps.db, channel, day)!;
  if (delivery.state === 'failed') return { kind: 'failed', delivery };
  if (delivery.state !== 'sent') return { kind: 'queued', delivery };
  const chart = findOutboxRow(deps.db, digestChartKey(channel, day))?.state;
  return { kind: 'sent', delivery, chart: chart === 'sent' ? 'sent' : chart === 'failed' ? 'failed' : 'pending' };
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
    const delivery = channel ? digestDelivery(deps.db, channel, toLocalDay(now)) : undefined;
    const status = runStatusText(delivery, channel, isDigestDue(now, deps.config.digest.cron), scheduledLabel(deps, now));
    const forAdmins = holdsRole(deps.db, input.userId, 'admin') ? failedSummary(listOutbox(deps.db, ['failed'], 10)) : undefined;
    return { kind: 'message', message: previewMessage(loadDigest(deps.db, deps.config.region, now, deps.config.overdue.days), status, forAdmins) };
  }
  if (word !== 'nu') return reply('Gebruik `/opvang digest` voor een voorbeeld of `/opvang digest nu` (beheerders) om het overzicht nu te posten.');
  const refusal = requireRole(deps, input.userId, 'admin');
  if (refusal) return reply(refusal);
  if (!channel) return reply('Er is geen kanaal voor het ochtendoverzicht ingesteld, dus posten kan niet. Wie de bot heeft geïnstalleerd, stelt het kanaal in.');
  const result = await runDigest(deps, { force: true, actor: input.userId, chartLater: true });
  const where = `<#${channel}>`;
  switch (result.kind) {
    case 'sent': {
      const chart = result.chart === 'sent' ? ', met de grafiek in de draad' : result.chart === 'pending' ? '; de grafiek volgt zo in de draad' : ' (de grafiek kon niet mee)';
      return reply(`Het ochtendoverzicht van vandaag staat in ${where}${chart}. Dit telt als het overzicht van vandaag: het wordt vandaag niet nog eens automatisch gepost.`);
    }
    case 'already_sent':
      return reply(
        `Het overzicht van vandaag is al om ${formatTime(new Date(result.delivery.sentAt ?? result.delivery.createdAt))} gepost in ${where}. Er is niets opnieuw gepost: één overzicht per kanaal per dag. \`/opvang digest\` toont het actuele voorbeeld.`,
      );
    case 'in_progress':
      return reply(`Het overzicht van vandaag wordt al gepost in ${where}. Er is niets extra gepost. \`/opvang digest\` toont hoe het ervoor staat.`);
    case 'queued':
      return reply(
        `:hourglass: Het overzicht staat klaar, maar Slack nam het nog niet aan (${escapeMrkdwn(result.delivery.lastError ?? 'geen antwoord')}). De bot probeert het opnieuw en kijkt eerst of het er al staat: het komt één keer in ${where}.`,
      );
    case 'failed':
      return reply(
        `:warning: Slack weigert het overzicht voor ${where} (${escapeMrkdwn(result.delivery.lastError ?? 'onbekende fout')}). Staat de bot in het kanaal? Los het op en probeer het opnieuw met \`/opvang digest nu\`.`,
      );
    case 'build_failed':
      return reply(`:warning: Het overzicht kon niet worden opgebouwd (${escapeMrkdwn(result.error)}). Er is niets gepost.`);
    default:
      return reply('Het overzicht kon nu niet worden gepost.');
  }
}

/** The digest's chart was shared: the App Home shows that file (charts feature). */
function rememberChart(db: Deps['db'], row: OutboxRow): void {
  const match = /^digest:([^:]+):(\d{4}-\d{2}-\d{2}):chart$/.exec(row.key);
  if (!match || !row.fileId) return;
  const file = JSON.parse(row.payload) as OutboxFile;
  chartStore(db).remember({ kind: 'digest', fileId: row.fileId, channelId: match[1]!, day: match[2]!, altText: file.altText }, new Date(row.sentAt ?? row.updatedAt), 'opvangbot');
}

/** The scheduled job: enqueues today's digest when due and not yet enqueued; the outbox delivers it. */
export function runDigestJob(deps: Deps, _client?: WebClient): Promise<void> {
  return runDigest(deps).then(() => undefined);
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
  // The chart in the digest's thread is also the App Home's: remember where it landed.
  onOutboxSent: (db, row) => {
    if (row.kind === 'digest_chart') rememberChart(db, row);
  },
  jobs: [
    // At DIGEST_CRON, and once at start: a bot that was down at 07:30 posts when it is back (same day only).
    { name: 'digest', cron: (deps) => deps.config.digest.cron, run: runDigestJob, runAtStart: true },
    // Every quarter: a bot that came up before the schedule's time still posts today (the outbox does the retries).
    { name: 'digest-retry', cron: () => '*/15 * * * *', run: runDigestJob },
  ],
};
