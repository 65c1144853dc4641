/**
 * Prints, as text, the noodknop broadcast and the stand the bot renders from the 2022 baseline on
 * Monday 20 June 2022 14:00, with one open noodknop (12 people needed before Tuesday 09:00): the
 * README's "before and after" (issue 16). It drives the real bot (signed requests, fake Slack) with
 * helpers that existed before issue 16 too, so the same file runs on an older commit:
 *
 *   npx tsx test/support/readme-examples.ts                 # now
 *   git worktree add /tmp/before <commit> && cp test/support/readme-examples.ts /tmp/before/test/support/
 *   (cd /tmp/before && ln -s "$PWD/node_modules" . ; npx tsx test/support/readme-examples.ts)
 *   git worktree remove --force /tmp/before
 */
import { ADMIN, date, startBot, text, time, viewSubmission } from './bot';

const NOOD = 'C0NOOD';

/** Block Kit as a reader sees it, one line per text, buttons in brackets. */
function asText(payload: { blocks?: any[]; text?: string }): string {
  const plain = (t: any) => (typeof t === 'string' ? t : (t?.text ?? ''));
  const button = (e: any) => (e?.type === 'button' ? `[${plain(e.text)}]` : '');
  const lines: string[] = [];
  for (const block of payload.blocks ?? []) {
    if (block.type === 'header') lines.push(`== ${plain(block.text)} ==`);
    else if (block.type === 'divider') lines.push('----');
    else if (block.type === 'section') {
      if (block.text) lines.push(plain(block.text));
      for (const field of block.fields ?? []) lines.push(plain(field));
      if (block.accessory?.type === 'button') lines.push(button(block.accessory));
    } else if (block.type === 'context') lines.push(block.elements.map(plain).join(' '));
    else if (block.type === 'actions') lines.push(block.elements.map(button).filter(Boolean).join(' '));
  }
  return lines.join('\n');
}

const bot = await startBot({ now: '2022-06-20T14:00:00+02:00', env: { NOODKNOP_CHANNEL: NOOD } });
try {
  const res = await bot.interact(
    viewSubmission('noodknop_request', ADMIN, {
      persons: text('12'),
      origin: text('Aanmeldcentrum Ter Apel'),
      neededDate: date('2022-06-21'),
      neededTime: time('09:00'),
      contact: text('Jan de Vries, 06-12345678'),
    }),
  );
  if (res.status !== 200 || res.text !== '') throw new Error(`noodknop refused: ${res.text}`);
  const broadcast = await bot.fake.waitForCall('chat.postMessage');
  const stand = (await bot.command('stand')).json();
  console.log(`### Noodknop broadcast\n\n\`\`\`text\n${asText(broadcast.body)}\n\`\`\`\n`);
  console.log(`### /opvang stand\n\n\`\`\`text\n${asText(stand)}\n\`\`\``);
} finally {
  await bot.close();
}
