import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkMethod, parseJson, slackMessages, type Violation } from './conformance/block-kit-rules';
import { SlackViewStore } from './conformance/slack-views';
import { dmChannelOf, SlackHistory } from './fake-slack-history';

/** One call the bot made: a Web API method, a response_url post or a file upload. */
export interface RecordedCall {
  method: string;
  body: Record<string, any>;
  at: number;
  /** The HTTP status the fake answered with. */
  status?: number;
  /** What the fake answered (the view as Slack stores it, for views.*). */
  response?: any;
}

/** A payload Slack would have refused (or silently misread), with the rules it broke. */
export interface RecordedViolation {
  method: string;
  violations: Violation[];
  body: Record<string, any>;
}

type Failure = { status: number; retryAfter?: number; error?: string };

/**
 * What Slack does to a call that went out: it may be *taken* (done: the message is in the channel)
 * and still come back as a failure. `take_then_500`: done, then a 500. `take_then_hang`: done, then
 * no answer until the client gives up (its timeout). `take_then_drop`: done, then the connection
 * is closed without an answer. `drop` and `hang`: the same without doing it.
 */
export type Fault = 'take_then_500' | 'take_then_hang' | 'take_then_drop' | 'drop' | 'hang';

interface FaultRule {
  method: string;
  fault: Fault;
  times: number;
  when?: (body: Record<string, any>) => boolean;
}

/**
 * A small fake of Slack's Web API on 127.0.0.1. It records every call, answers like Slack
 * (ok, ts, channel, view ids, upload URLs) and runs every payload through the Block Kit validator
 * (`conformance/block-kit-rules.ts`): what Slack would refuse gets `invalid_blocks` or
 * `invalid_arguments` with Slack-style `response_metadata.messages`, and is counted in
 * `violations`. Views are stored as Slack stores them (`conformance/slack-views.ts`).
 * Failures (429, 5xx) can be queued per method.
 */
export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  /** Every payload Slack would have refused or misread; tests (and `bot.close()`) expect none. */
  readonly violations: RecordedViolation[] = [];
  /** Views as Slack stores them: ids, hashes and generated block ids. */
  readonly views = new SlackViewStore();
  private server?: Server;
  private failures = new Map<string, Failure[]>();
  /** While set, every call but auth.test fails with this (after any queued failures). */
  private outageFailure?: (call: number) => Failure;
  private outageCalls = 0;
  private counter = 0;
  private files = new Map<string, Buffer>();
  private faults: FaultRule[] = [];
  private readonly hanging = new Set<import('node:http').ServerResponse>();
  /** What was posted, per channel and thread, with metadata; answers the read methods. */
  readonly history = new SlackHistory();
  baseUrl = '';
  /** What apps.connections.open hands out: a WebSocket URL of a Socket Mode test server. */
  socketModeUrl?: string;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      if (req.url?.startsWith('/files/')) return this.download(req, res);
      void this.handle(req).then(({ status, headers, body, fault }) => {
        if (fault === 'hang' || fault === 'take_then_hang') {
          // No answer: the client's timeout ends it (or stop()).
          this.hanging.add(res);
          res.on('close', () => this.hanging.delete(res));
          return;
        }
        if (fault === 'drop' || fault === 'take_then_drop') {
          req.socket.destroy();
          return;
        }
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  /** A response_url the bot can post to, as Slack puts in commands and actions. */
  responseUrl(id = 'r1'): string {
    return `${this.baseUrl}/response/${id}`;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.socket?.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /**
   * The next `times` calls of `method` (those `when` accepts) meet `fault`: Slack takes the call
   * and then answers 500, never answers, or drops the connection (or, for `drop`/`hang`, does not
   * take it). See `Fault`.
   */
  fault(method: string, fault: Fault, times = 1, when?: (body: Record<string, any>) => boolean): void {
    this.faults.push({ method, fault, times, when });
  }

  private takeFault(method: string, body: Record<string, any>): Fault | undefined {
    const rule = this.faults.find((r) => r.method === method && r.times > 0 && (!r.when || r.when(body)));
    if (!rule) return undefined;
    rule.times--;
    if (rule.times === 0) this.faults.splice(this.faults.indexOf(rule), 1);
    return rule.fault;
  }

  /** The next `times` calls of `method` fail this way. */
  fail(method: string, failure: Failure, times = 1): void {
    const queue = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) queue.push(failure);
    this.failures.set(method, queue);
  }

  /**
   * A Slack outage: until `endOutage()`, every Web API call but auth.test fails. `failure(n)` picks
   * the answer for the n-th failing call (e.g. a 429 with Retry-After first, then 500s).
   */
  startOutage(failure: (call: number) => Failure): void {
    this.outageCalls = 0;
    this.outageFailure = failure;
  }

  endOutage(): void {
    this.outageFailure = undefined;
  }

  /** Calls of `method` that Slack accepted (200 and ok). */
  delivered(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && c.status === 200);
  }

  /**
   * Serves a file the way Slack serves `url_private`: GET with the bot token. Returns the URL to put
   * in a message event's `files`. Downloads are recorded as 'file_download' with the authorization.
   */
  serveFile(name: string, content: string | Buffer): string {
    const path = `/files/${++this.counter}/${encodeURIComponent(name)}`;
    this.files.set(path, Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'));
    return `${this.baseUrl}${path}`;
  }

  private download(req: IncomingMessage, res: import('node:http').ServerResponse): void {
    const path = new URL(req.url ?? '/', this.baseUrl).pathname;
    this.calls.push({ method: 'file_download', body: { path, authorization: req.headers.authorization }, at: Date.now() });
    const file = this.files.get(path);
    if (!file || !req.headers.authorization?.startsWith('Bearer xoxb-')) {
      res.writeHead(file ? 403 : 404, { 'content-type': 'text/plain' });
      res.end(file ? 'forbidden' : 'not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/csv' });
    res.end(file);
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  last(method: string): RecordedCall | undefined {
    return this.callsTo(method).at(-1);
  }

  reset(): void {
    this.calls.length = 0;
    this.failures.clear();
    this.faults = [];
  }

  /** Waits until `predicate` holds for the recorded calls (the bot does some work after the ack). */
  async waitFor(predicate: (calls: RecordedCall[]) => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.calls)) {
      if (Date.now() > deadline) throw new Error(`FakeSlack: condition not met; calls: ${this.calls.map((c) => c.method).join(', ')}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async waitForCall(method: string, count = 1, timeoutMs = 5000): Promise<RecordedCall> {
    await this.waitFor((calls) => calls.filter((c) => c.method === method).length >= count, timeoutMs);
    return this.callsTo(method)[count - 1]!;
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; headers?: Record<string, string>; body: unknown; fault?: Fault }> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', this.baseUrl);
    let method: string;
    if (url.pathname.startsWith('/api/')) method = url.pathname.slice('/api/'.length);
    else if (url.pathname.startsWith('/response/')) method = 'response_url';
    else if (url.pathname.startsWith('/upload/')) method = 'file_upload';
    else return { status: 404, body: { ok: false, error: 'unknown_path' } };

    const body = method === 'file_upload' ? { bytes: raw.length, content: raw, fileId: url.pathname.slice('/upload/'.length) } : parseBody(raw.toString('utf8'), req.headers['content-type'] ?? '');
    const call: RecordedCall = { method, body, at: Date.now() };
    this.calls.push(call);

    const failure = this.failures.get(method)?.shift() ?? (this.outageFailure && method !== 'auth.test' ? this.outageFailure(this.outageCalls++) : undefined);
    const fault = failure ? undefined : this.takeFault(method, body);
    if (fault === 'drop' || fault === 'hang') {
      call.status = 0;
      return { status: 0, body: null, fault };
    }
    if (fault) {
      // Taken: done as Slack would (or refused, as it would be), then the answer goes wrong.
      call.response = this.conformance(method, body) ?? this.answer(method, body);
      call.status = fault === 'take_then_500' ? 500 : 0;
      return { status: 500, body: { ok: false, error: 'internal_error' }, fault: fault === 'take_then_500' ? undefined : fault };
    }
    if (failure) {
      call.status = failure.status;
      return {
        status: failure.status,
        headers: failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {},
        body: { ok: false, error: failure.error ?? (failure.status === 429 ? 'ratelimited' : 'internal_error') },
      };
    }
    const answer = (this.conformance(method, body) ?? this.answer(method, body)) as { ok?: boolean };
    call.status = answer.ok === false ? 400 : 200;
    call.response = answer;
    return { status: 200, body: answer };
  }

  /**
   * Slack's refusal of a payload that breaks its rules, or undefined when it would accept it.
   * Arguments it would silently ignore (a misnamed one) are counted but answered as Slack does: ok.
   */
  private conformance(method: string, body: Record<string, any>): unknown {
    const verdict = checkMethod(method, body);
    const all = [...verdict.arguments, ...verdict.blocks, ...verdict.ignored];
    if (all.length > 0) this.violations.push({ method, violations: all, body });
    if (verdict.arguments.length > 0) return { ok: false, error: 'invalid_arguments', response_metadata: { messages: slackMessages(verdict.arguments) } };
    if (verdict.blocks.length > 0) return { ok: false, error: 'invalid_blocks', response_metadata: { messages: slackMessages(verdict.blocks) } };
    return undefined;
  }

  /** The views.* answer: the view as Slack stores it. */
  private viewAnswer(method: string, body: Record<string, any>): unknown {
    const view = parseView(body.view);
    if (method === 'views.publish') return { ok: true, view: this.views.publish(String(body.user_id), view) };
    if (method === 'views.update') {
      const stored = this.views.update(body.view_id, body.hash, view);
      return 'error' in stored ? { ok: false, error: stored.error } : { ok: true, view: stored };
    }
    return { ok: true, view: this.views.open(view) };
  }

  private answer(method: string, body: Record<string, any>): unknown {
    const id = ++this.counter;
    switch (method) {
      case 'apps.connections.open':
        return this.socketModeUrl ? { ok: true, url: this.socketModeUrl } : { ok: false, error: 'invalid_auth' };
      case 'auth.test':
        return { ok: true, url: 'https://test.slack.com/', team: 'Test', user: 'opvangbot', team_id: 'T0TEST', user_id: 'UBOT', bot_id: 'BBOT' };
      case 'chat.postMessage':
        // Stored as Slack stores it: blocks get a block_id when they had none.
        return this.history.postMessage({ ...body, ...(body.blocks !== undefined ? { blocks: this.views.withBlockIds(parseJson(body.blocks)) } : {}) });
      case 'chat.update':
        return this.history.update(body);
      case 'conversations.history':
        return this.history.history(body);
      case 'conversations.replies':
        return this.history.replies(body);
      case 'files.info':
        return this.history.fileInfo(body);
      case 'file_upload':
        this.history.uploaded(String(body.fileId), Number(body.bytes));
        return { ok: true };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `1700000000.${String(id).padStart(6, '0')}` };
      case 'conversations.open':
        return { ok: true, channel: { id: dmChannelOf(String(body.users ?? 'X')) } };
      case 'views.open':
      case 'views.update':
      case 'views.push':
      case 'views.publish':
        return this.viewAnswer(method, body);
      case 'files.getUploadURLExternal':
        this.history.newFile(`F${id}`, body);
        return { ok: true, upload_url: `${this.baseUrl}/upload/F${id}`, file_id: `F${id}` };
      case 'files.completeUploadExternal':
        return this.history.completeUpload(body);
      case 'users.info':
        return { ok: true, user: { id: body.user, name: String(body.user).toLowerCase(), real_name: `Gebruiker ${body.user}`, tz: 'Europe/Amsterdam' } };
      default:
        return { ok: true };
    }
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseView(view: unknown): Record<string, unknown> {
  const parsed = parseJson(view);
  return parsed && typeof parsed === 'object' ? parsed : {};
}

function parseBody(raw: string, contentType: string): Record<string, any> {
  if (contentType.includes('application/json')) return raw ? JSON.parse(raw) : {};
  const out: Record<string, any> = {};
  for (const [key, value] of new URLSearchParams(raw)) out[key] = ['blocks', 'attachments', 'view'].includes(key) ? parseJson(value) : value;
  return out;
}
