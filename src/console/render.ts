import type { KnownBlock } from '@slack/types';
import type { Message } from '../blockkit/message';

/** mrkdwn → terminal text: mentions as @id, entities unescaped, bold/italic markers dropped. */
function mrkdwnToText(mrkdwn: string): string {
  return mrkdwn
    .replace(/<@([A-Z0-9]+)>/g, '@$1')
    .replace(/<!date\^\d+\^[^|]*\|([^>]*)>/g, '$1')
    .replace(/<!(channel|here|everyone)>/g, '@$1')
    .replace(/<!subteam\^[A-Z0-9]+(?:\|([^>]*))?>/g, (_m, name: string | undefined) => name ?? '@groep')
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/(^|[\s(])\*([^*\n]+)\*(?=[\s).,:;!?]|$)/gm, '$1$2')
    .replace(/(^|[\s(])_([^_\n]+)_(?=[\s).,:;!?]|$)/gm, '$1$2')
    .replace(/`([^`\n]+)`/g, '$1')
    .replace(/\u200d/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

type AnyText = { text?: string } | undefined;
const t = (value: AnyText): string => mrkdwnToText(value?.text ?? '');

/** Renders the blocks of a message as lines for the local console. */
function renderBlocks(blocks: KnownBlock[]): string {
  const lines: string[] = [];
  for (const block of blocks) {
    switch (block.type) {
      case 'header':
        lines.push('', t(block.text).toUpperCase(), '='.repeat(Math.min(60, t(block.text).length)));
        break;
      case 'section':
        if (block.text) lines.push(t(block.text));
        for (const field of block.fields ?? []) lines.push(`  ${t(field)}`);
        if (block.accessory && block.accessory.type === 'button') lines.push(`  [${t(block.accessory.text)}]`);
        break;
      case 'context':
        lines.push(block.elements.map((e) => ('text' in e ? mrkdwnToText(e.text) : '')).join(' · '));
        break;
      case 'divider':
        lines.push('-'.repeat(40));
        break;
      case 'actions':
        lines.push(block.elements.map((e) => ('text' in e && e.text ? `[${t(e.text as AnyText)}]` : '')).join(' '));
        break;
      case 'image':
        lines.push(`(afbeelding: ${block.alt_text})`);
        break;
      default:
        break;
    }
  }
  return lines.join('\n');
}

export function renderMessage(message: Message): string {
  return message.blocks.length > 0 ? renderBlocks(message.blocks) : mrkdwnToText(message.text);
}
