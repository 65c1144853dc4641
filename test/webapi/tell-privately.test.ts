import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tellPrivately } from '../../src/webapi/tell-privately';
import { FakeSlack } from '../support/fake-slack';

let fake: FakeSlack;
let client: WebClient;

beforeEach(async () => {
  fake = await new FakeSlack().start();
  client = new WebClient('xoxb-test', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
});
afterEach(async () => {
  await fake.stop();
});

const said = { text: 'Opgeslagen.', blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: 'Opgeslagen.' } }] };

describe('tellPrivately', () => {
  it('answers ephemerally in the channel where the user acted', async () => {
    await tellPrivately(client, { userId: 'U1', channelId: 'C1' }, said);
    expect(fake.calls.map((c) => c.method)).toEqual(['chat.postEphemeral']);
    expect(fake.last('chat.postEphemeral')!.body).toMatchObject({ channel: 'C1', user: 'U1', text: 'Opgeslagen.' });
  });

  it('falls back to a direct message when the ephemeral is refused (bot not in the channel)', async () => {
    fake.fail('chat.postEphemeral', { status: 200, error: 'channel_not_found' });
    await tellPrivately(client, { userId: 'U1', channelId: 'C1' }, said);
    expect(fake.calls.map((c) => c.method)).toEqual(['chat.postEphemeral', 'conversations.open', 'chat.postMessage']);
    expect(fake.last('chat.postMessage')!.body).toMatchObject({ channel: 'DU1', text: 'Opgeslagen.' });
  });

  it('does not say it again as a direct message when the ephemeral may have been shown (500 after Slack took it)', async () => {
    fake.fault('chat.postEphemeral', 'take_then_500');
    await expect(tellPrivately(client, { userId: 'U1', channelId: 'C1' }, said)).rejects.toThrow(/500/);
    expect(fake.calls.map((c) => c.method)).toEqual(['chat.postEphemeral']);
  });

  it('sends a direct message when there is no channel (App Home)', async () => {
    await tellPrivately(client, { userId: 'U1' }, { text: 'Geen rechten.' });
    expect(fake.calls.map((c) => c.method)).toEqual(['conversations.open', 'chat.postMessage']);
    expect(fake.last('chat.postMessage')!.body).toMatchObject({ channel: 'DU1', text: 'Geen rechten.' });
  });

  it('throws when the direct message fails too, so the caller can log it', async () => {
    fake.fail('chat.postEphemeral', { status: 200, error: 'channel_not_found' });
    fake.fail('conversations.open', { status: 200, error: 'user_not_found' });
    await expect(tellPrivately(client, { userId: 'U1', channelId: 'C1' }, said)).rejects.toThrow(/user_not_found/);
  });
});
