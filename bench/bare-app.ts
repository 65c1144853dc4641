import { App } from '@slack/bolt';

/** The baseline: a Bolt app on the same receiver that only acks /opvang. */
const app = new App({ token: 'xoxb-bench', signingSecret: process.env.SLACK_SIGNING_SECRET!, clientOptions: { slackApiUrl: process.env.SLACK_API_URL } });
app.command('/opvang', async ({ ack }) => {
  await ack({ response_type: 'ephemeral', text: 'ok' });
});
await app.start(Number(process.env.PORT));
console.log('ready');
