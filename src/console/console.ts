import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Config } from '../config';
import type { Deps } from '../deps';
import { COMMAND } from '../blockkit/ids';
import { features } from '../features/registry';
import { outboxFailureHook, outboxSentHook } from '../features/outbox/outbox.slack';
import { startJobs } from '../jobs/scheduler';
import { DEFAULT_OUTBOX_POLICY } from '../outbox/outbox';
import { OutboxWorker } from '../outbox/outbox.worker';
import { deliverNow } from '../outbox/signal';
import { CANCEL, type ConsoleIo } from './form-prompt';
import { consoleTransport } from './outbox-transport';
import { ConsoleSession } from './session';

const CONSOLE_BANNER =
  'Opvangbot draait zonder Slack (lokale console). Koppel Slack door SLACK_BOT_TOKEN en SLACK_APP_TOKEN (of SLACK_SIGNING_SECRET) te zetten; zie README.';

/**
 * Lines from readline, one `ask` at a time. With a terminal, readline edits the line and keeps a
 * history (arrow keys); Ctrl-C cancels what is asked (a form) rather than killing the process.
 */
class LineIo implements ConsoleIo {
  private readonly queue: string[] = [];
  private waiting?: (line: string | typeof CANCEL | null) => void;
  private closed = false;

  constructor(
    private readonly rl: Interface,
    private readonly output: Writable,
  ) {
    rl.on('line', (line) => {
      if (this.waiting) {
        const resolve = this.waiting;
        this.waiting = undefined;
        this.echo(line);
        resolve(line);
      } else this.queue.push(line);
    });
    rl.on('close', () => {
      this.closed = true;
      this.waiting?.(null);
      this.waiting = undefined;
    });
    // Only a terminal sends SIGINT through readline; a pipe's Ctrl-C stops the process as usual.
    rl.on('SIGINT', () => {
      if (this.waiting) {
        const resolve = this.waiting;
        this.waiting = undefined;
        this.output.write('\n');
        resolve(CANCEL);
      } else rl.close();
    });
  }

  /** Without a terminal nothing shows what was typed: the answer goes after its prompt, as if typed. */
  private echo(line: string): void {
    if (!(this.rl as Interface & { terminal?: boolean }).terminal) this.output.write(`${line}\n`);
  }

  write(text: string): void {
    this.output.write(text);
  }

  interject(text: string): void {
    if (!this.waiting) {
      this.output.write(text);
      return;
    }
    // A prompt is showing: the output goes on its own lines and the prompt comes back below it.
    this.output.write(`\n${text}`);
    this.rl.prompt(true);
  }

  ask(prompt: string): Promise<string | typeof CANCEL | null> {
    this.rl.setPrompt(prompt);
    this.rl.prompt();
    const queued = this.queue.shift();
    if (queued !== undefined) {
      this.echo(queued);
      return Promise.resolve(queued);
    }
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }
}

/** Channel ids the console uses when none are set, so the noodknop and the digest can be tried without Slack. */
const CONSOLE_CHANNELS = { noodknop: 'CNOODKNOP', digest: 'CDIGEST' } as const;

/**
 * The configuration the console runs with: the noodknop and the digest need a channel to post
 * in; without Slack they get one of the console's own (printed as "noodknop-kanaal CNOODKNOP").
 */
export function consoleConfig(config: Config): Config {
  return {
    ...config,
    noodknop: { ...config.noodknop, channel: config.noodknop.channel ?? CONSOLE_CHANNELS.noodknop },
    digest: { ...config.digest, channel: config.digest.channel ?? CONSOLE_CHANNELS.digest },
    // ALERT_CHANNEL defaults to DIGEST_CHANNEL, here too.
    alerts: { channel: config.alerts.channel ?? config.digest.channel ?? CONSOLE_CHANNELS.digest },
  };
}

/**
 * The local console: a prompt where a person types /opvang commands, fills in forms and presses
 * buttons. The outbox delivers through a transport that prints (posts in the channels, threads
 * and DMs, marked with where they would go) and the features' jobs run on their schedules, as
 * with Slack.
 */
export async function runConsole(deps: Deps, input: Readable = process.stdin, output: Writable = process.stdout): Promise<void> {
  const terminal = Boolean((input as Readable & { isTTY?: boolean }).isTTY && (output as Writable & { isTTY?: boolean }).isTTY);
  const rl = createInterface({ input, output, terminal, historySize: 200 });
  const io = new LineIo(rl, output);
  const session = new ConsoleSession(deps, io);
  io.write(`${CONSOLE_BANNER}\n`);
  io.write(`Typ bijvoorbeeld "${COMMAND} stand" of "${COMMAND} help"; "exit" stopt. Je bent @${session.people.nameOf(session.userId)}.\n`);
  const outbox = new OutboxWorker({
    db: deps.db,
    clock: deps.clock,
    logger: deps.logger,
    transport: consoleTransport(session, deps.clock),
    policy: { ...DEFAULT_OUTBOX_POLICY, ...deps.config.outbox },
    hooks: { onFailed: outboxFailureHook(features), onSent: outboxSentHook(features) },
  }).start();
  const jobs = startJobs(deps, features);
  try {
    for (;;) {
      const line = await io.ask('opvang> ');
      if (line === null) break;
      if (line === CANCEL) continue;
      try {
        if ((await session.handle(line)) === 'exit') break;
        // What the answer posted (a broadcast, a thread reply) shows before the next prompt.
        await deliverNow(deps.db);
      } catch (error) {
        deps.logger.event('error', 'console.failed', { line, error });
        io.write('Er ging iets mis; er is niets opgeslagen.\n');
      }
    }
  } finally {
    await jobs.stop();
    await outbox.stop();
    rl.close();
  }
}
