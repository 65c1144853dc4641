import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { Db } from '../store/database';
import { classifyWebApiError } from '../webapi/errors';
import { lookBackFrom, nextStep, pauseMs, type OutboxPolicy } from './outbox';
import { DeliveryFailure, type OutboxTransport } from './transport';
import {
  claimRow,
  completeFailed,
  completeSent,
  dueRows,
  markRetry,
  nextDueAt,
  recoverOrphans,
  rememberChannel,
  rememberFile,
  type DueRow,
  type OutboxRow,
} from './outbox.store';
import type { OutboxFile, OutboxMessage } from './outbox';
import { flushDurable } from '../store/durability';
import { onEnqueued, registerDrain } from './signal';

export interface OutboxHooks {
  /** Runs in the transaction that marks a row sent: a feature remembers where its message landed. */
  onSent?(db: Db, row: OutboxRow, at: Date): void;
  /**
   * Runs in the transaction that marks a row failed: tell the admins (through the outbox), tell a
   * requester whose broadcast could not be placed, write the audit line.
   */
  onFailed?(db: Db, row: OutboxRow, at: Date): void;
}

export interface OutboxWorkerOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Where deliveries go: Slack (slackTransport over a client without its own retries) or the console. */
  transport: OutboxTransport;
  policy: OutboxPolicy;
  hooks?: OutboxHooks;
  /** The wall clock, for the look-up window (tests may pass their own). */
  wallClock?: () => Date;
}

export interface PassResult {
  sent: number;
  failed: number;
  retried: number;
  /** The worker is holding back after a Slack-wide failure (a 429, an outage). */
  paused: boolean;
}


/** The longest the worker sleeps between passes: also the "job every 20 s" that picks up anything missed. */
const IDLE_PASS_MS = 20_000;
/** Rows handled per pass before the worker yields and starts another. */
const ROWS_PER_PASS = 200;

/**
 * Delivers due outbox rows one by one, in the order they were enqueued (a thread reply waits for
 * its parent, an update for the post it changes). Kicked right after a commit that enqueued, again
 * when the next retry falls due, and at least every 20 s; the first pass of a worker takes back
 * rows a stopped process left 'sending' and looks for them before posting.
 */
export class OutboxWorker {
  private running?: Promise<PassResult>;
  private again = false;
  private timer?: NodeJS.Timeout;
  private pausedUntil = 0;
  /** Slack-wide failures in a row, across rows; reset by any delivery. */
  private slackWideFailures = 0;
  private recovered = false;
  private stopping = false;
  private unsubscribe?: () => void;

  constructor(private readonly options: OutboxWorkerOptions) {}

  /** Until when the worker holds back after a Slack-wide failure (ms since the epoch, by its clock). */
  get pausedUntilMs(): number {
    return this.pausedUntil;
  }

  /** Starts listening for enqueues and runs the first pass (which recovers orphans). */
  start(): this {
    this.unsubscribe = onEnqueued(this.options.db, () => this.kick());
    registerDrain(this.options.db, () => this.drain());
    this.kick();
    return this;
  }

  /** Asks for a pass soon; a pass under way is followed by another. */
  kick(): void {
    if (this.stopping) return;
    if (this.running) {
      this.again = true;
      return;
    }
    void this.runOnce();
  }

  /** One pass over the due rows (after the pass under way, if any). */
  async runOnce(): Promise<PassResult> {
    while (this.running) await this.running.catch(() => undefined);
    this.running = this.pass().finally(() => {
      this.running = undefined;
      if (this.again && !this.stopping) {
        this.again = false;
        this.kick();
      } else this.schedule();
    });
    return this.running;
  }

  /** Passes until one delivers nothing more (or the worker holds back after a failure). */
  async drain(maxPasses = 20): Promise<void> {
    for (let i = 0; i < maxPasses; i++) {
      const result = await this.runOnce();
      if (result.paused || result.sent + result.failed + result.retried === 0) return;
    }
  }

  /**
   * Stops at once without waiting for the pass under way: what a crash does (tests). A row being
   * sent stays 'sending', for the next worker to look for.
   */
  abandon(): void {
    this.stopping = true;
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
  }

  /** Stops kicking and waits for the pass under way. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    if (this.options.db.open) registerDrain(this.options.db, undefined);
    if (this.timer) clearTimeout(this.timer);
    while (this.running) await this.running.catch(() => undefined);
  }

  private schedule(): void {
    if (this.stopping) return;
    if (this.timer) clearTimeout(this.timer);
    const now = this.options.clock.now().getTime();
    let wake = now + IDLE_PASS_MS;
    const next = this.options.db.open ? nextDueAt(this.options.db)?.getTime() : undefined;
    if (next !== undefined) wake = Math.min(wake, Math.max(next, this.pausedUntil));
    const delay = Math.max(250, Math.min(IDLE_PASS_MS, wake - now));
    this.timer = setTimeout(() => this.kick(), delay);
    this.timer.unref();
  }

  private async pass(): Promise<PassResult> {
    const { db, clock } = this.options;
    const result: PassResult = { sent: 0, failed: 0, retried: 0, paused: false };
    if (!db.open) return result;
    if (!this.recovered) {
      this.recovered = true;
      const orphans = recoverOrphans(db, clock.now());
      if (orphans > 0) this.options.logger.event('warn', 'outbox.recovered', { rows: orphans, hint: 'claimed before a stop; looked for before posting' });
    }
    let handled = 0;
    while (!this.stopping && handled < ROWS_PER_PASS) {
      if (clock.now().getTime() < this.pausedUntil) {
        result.paused = true;
        break;
      }
      const rows = dueRows(db, clock.now(), 20);
      if (rows.length === 0) break;
      let pause = false;
      for (const row of rows) {
        if (this.stopping || !db.open) break;
        handled++;
        const outcome = await this.attempt(row);
        if (outcome === 'sent') result.sent++;
        else if (outcome === 'failed') result.failed++;
        else if (outcome === 'retry' || outcome === 'pause') result.retried++;
        if (outcome === 'pause') {
          pause = true;
          break;
        }
      }
      if (pause) {
        result.paused = true;
        break;
      }
    }
    return result;
  }

  private async attempt(row: DueRow): Promise<'sent' | 'failed' | 'retry' | 'pause' | 'skipped'> {
    const { db, clock, logger, policy } = this.options;
    const claimedAt = clock.now();
    if (!claimRow(db, row, claimedAt)) return 'skipped';
    const attempts = row.attempts + 1;
    try {
      // The claim (and the change that enqueued the row) must survive a power loss before Slack
      // hears of it: a claim lost after the post would post again without looking first.
      await flushDurable(db);
      const where = await this.deliver(row);
      if (!db.open) return 'skipped';
      completeSent(db, row, where, clock.now(), this.options.hooks?.onSent);
      this.slackWideFailures = 0;
      logger.event(where.found ? 'warn' : 'info', where.found ? 'outbox.found' : 'outbox.sent', { key: row.key, kind: row.kind, channel: where.channel, ts: where.ts, attempts });
      return 'sent';
    } catch (error) {
      if (!db.open) return 'skipped';
      const failure = error instanceof DeliveryFailure ? error.failure : classifyWebApiError(error);
      const step = nextStep(failure, attempts, policy);
      const now = clock.now();
      if (step.kind === 'fail') {
        completeFailed(db, { ...row, attempts }, step.reason, now, this.options.hooks?.onFailed);
        logger.event('error', 'outbox.failed', { key: row.key, kind: row.kind, attempts, error: step.reason, failure: failure.kind });
        return 'failed';
      }
      // An update is idempotent: it is retried without looking first.
      const uncertain = step.uncertain && row.operation !== 'update';
      markRetry(db, row.id, { nextAt: new Date(now.getTime() + step.delayMs), error: step.reason, uncertain }, now);
      logger.event('warn', 'outbox.retry', { key: row.key, kind: row.kind, attempts, error: step.reason, failure: failure.kind, inMs: step.delayMs, lookFirst: uncertain });
      if (failure.kind !== 'permanent' && failure.slackWide) this.slackWideFailures++;
      const pause = pauseMs(failure, step, this.slackWideFailures, policy);
      if (pause > 0) {
        this.pausedUntil = Math.max(this.pausedUntil, now.getTime() + pause);
        return 'pause';
      }
      return 'retry';
    }
  }

  private async deliver(row: DueRow): Promise<{ ts: string | null; channel: string; found?: boolean }> {
    switch (row.operation) {
      case 'post':
        return this.post(row);
      case 'update':
        return this.update(row);
      case 'file':
        return this.shareFile(row);
    }
  }

  /** The channel a row goes to: its own, its DM (opened now), or its parent's. */
  private async channelOf(row: DueRow): Promise<string> {
    if (row.channelId) return row.channelId;
    if (row.parentKey && row.parentChannel) return row.parentChannel;
    if (row.userId) {
      // conversations.open returns the existing DM; calling it again is harmless.
      const channel = await this.options.transport.openDirectMessage(row.userId);
      rememberChannel(this.options.db, row.id, channel);
      return channel;
    }
    throw new DeliveryFailure({ kind: 'permanent', reason: 'geen bestemming' });
  }

  private lookBack(row: DueRow): string {
    return lookBackFrom(new Date(row.uncertainSince!), this.options.clock.now(), this.options.wallClock?.() ?? new Date(), this.options.policy);
  }

  private async post(row: DueRow): Promise<{ ts: string | null; channel: string; found?: boolean }> {
    const { transport } = this.options;
    const channel = await this.channelOf(row);
    const threadTs = row.parentKey ? row.parentTs : row.targetTs;
    if (row.uncertainSince) {
      // An earlier attempt may have landed: only post when the key is not in the channel.
      const ts = await transport.findPosted({ channel, threadTs, oldest: this.lookBack(row) }, row.key);
      if (ts) return { ts, channel, found: true };
    }
    const message = JSON.parse(row.payload) as OutboxMessage;
    return transport.post({ channel, threadTs, message, kind: row.kind, key: row.key });
  }

  private async update(row: DueRow): Promise<{ ts: string | null; channel: string }> {
    const channel = row.channelId ?? row.parentChannel;
    const ts = row.targetTs ?? row.parentTs;
    if (!channel || !ts) throw new DeliveryFailure({ kind: 'permanent', reason: 'bericht om bij te werken onbekend' });
    const message = JSON.parse(row.payload) as OutboxMessage;
    await this.options.transport.update({ channel, ts, message });
    return { ts, channel };
  }

  /**
   * A file shared into a channel or thread. Its file id is stored before the share, so after an
   * ambiguous answer the transport can tell whether that file is in the channel.
   */
  private async shareFile(row: DueRow): Promise<{ ts: string | null; channel: string; found?: boolean }> {
    const { transport, db, clock } = this.options;
    const channel = await this.channelOf(row);
    const threadTs = row.parentKey ? row.parentTs : row.targetTs;
    if (row.uncertainSince && row.fileId) {
      const share = await transport.findFileShare(row.fileId, channel);
      if (share.shared) return { ts: share.ts ?? null, channel, found: true };
    }
    const file = JSON.parse(row.payload) as OutboxFile;
    const shared = await transport.shareFile({ channel, threadTs, file, timeoutMs: this.options.policy.timeoutMs, uploaded: (fileId) => rememberFile(db, row.id, fileId, clock.now()) });
    return { ts: shared.ts, channel };
  }
}
