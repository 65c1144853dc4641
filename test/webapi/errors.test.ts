import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger';
import { createNoRetryClient } from '../../src/webapi/client';
import { classifyWebApiError } from '../../src/webapi/errors';
import { FakeSlack } from '../support/fake-slack';
import { freePort } from '../support/process';

const logger = createLogger({ format: 'json', level: 'error', write: () => undefined });
let fake: FakeSlack;
beforeAll(async () => {
  fake = await new FakeSlack().start();
});
afterAll(async () => {
  await fake.stop();
});

const client = (url = fake.apiUrl, timeoutMs = 300) => createNoRetryClient({ token: 'xoxb-test', slackApiUrl: url, timeoutMs, logger });
const post = (c = client()) => c.chat.postMessage({ channel: 'C0ERR', text: 'x' });

/** The real error a real WebClient throws for what the fake does. */
async function failureOf(call: Promise<unknown>) {
  try {
    await call;
  } catch (error) {
    return classifyWebApiError(error);
  }
  throw new Error('the call did not fail');
}

describe('classifyWebApiError, on errors the Web API client really throws', () => {
  it('429 with Retry-After: retryable after that many seconds, and the client did not wait or repeat it', async () => {
    fake.reset();
    fake.fail('chat.postMessage', { status: 429, retryAfter: 7 });
    expect(await failureOf(post())).toMatchObject({ kind: 'retryable', retryAfterMs: 7000, slackWide: true });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('transient platform errors are retryable; internal_error and fatal_error may have posted', async () => {
    for (const [error, kind] of [
      ['ratelimited', 'retryable'],
      ['service_unavailable', 'retryable'],
      ['team_added_to_org', 'retryable'],
      ['internal_error', 'ambiguous'],
      ['fatal_error', 'ambiguous'],
    ] as const) {
      fake.fail('chat.postMessage', { status: 200, error });
      expect(await failureOf(post()), error).toMatchObject({ kind, reason: error });
    }
  });

  it('what will never succeed is permanent (issue 10), and so is any other refusal', async () => {
    for (const error of ['channel_not_found', 'not_in_channel', 'is_archived', 'user_not_found', 'message_not_found', 'cant_update_message', 'invalid_auth', 'invalid_blocks', 'missing_scope', 'something_new']) {
      fake.fail('chat.postMessage', { status: 200, error });
      expect(await failureOf(post()), error).toEqual({ kind: 'permanent', reason: error });
    }
  });

  it('a 500 may have been taken: ambiguous', async () => {
    fake.fault('chat.postMessage', 'take_then_500');
    expect(await failureOf(post())).toMatchObject({ kind: 'ambiguous', reason: 'HTTP 500' });
    fake.fail('chat.postMessage', { status: 503 });
    expect(await failureOf(post())).toMatchObject({ kind: 'ambiguous', reason: 'HTTP 503' });
  });

  it('no answer before the timeout, or a dropped connection: ambiguous', async () => {
    fake.fault('chat.postMessage', 'take_then_hang');
    expect(await failureOf(post())).toMatchObject({ kind: 'ambiguous', reason: 'timeout' });
    fake.fault('chat.postMessage', 'take_then_drop');
    expect(await failureOf(post())).toMatchObject({ kind: 'ambiguous' });
  });

  it('a connection refused never reached Slack: retryable', async () => {
    const closed = `http://127.0.0.1:${await freePort()}/api/`;
    expect(await failureOf(post(client(closed)))).toMatchObject({ kind: 'retryable', reason: 'connection: ECONNREFUSED' });
  });

  it('anything unknown is treated as "may have landed"', () => {
    expect(classifyWebApiError(new Error('boom'))).toMatchObject({ kind: 'ambiguous' });
    expect(classifyWebApiError(undefined)).toMatchObject({ kind: 'ambiguous' });
  });
});
