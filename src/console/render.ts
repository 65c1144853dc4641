import type { KnownBlock } from '@slack/types';
import type { Message } from '../blockkit/message';

/** The emoji the bot's messages use, as a terminal shows them. */
const EMOJI: Record<string, string> = {
  warning: '⚠️',
  white_check_mark: '✅',
  rotating_light: '🚨',
  no_entry_sign: '🚫',
  house: '🏠',
  x: '❌',
  red_circle: '🔴',
  hourglass_flowing_sand: '⏳',
  alarm_clock: '⏰',
  arrows_counterclockwise: '🔄',
  information_source: 'ℹ️',
  hourglass: '⌛',
};

/** mrkdwn → terminal text: mentions as @id, entities unescaped, bold/italic markers dropped. */
export function mrkdwnToText(mrkdwn: string): string {
  return mrkdwn
    .replace(/:([a-z_]+):/g, (whole, name: string) => EMOJI[name] ?? whole)
    .replace(/<@([A-Z0-9]+)>/g, '@$1')
    .replace(/<#([A-Z0-9]+)(?:\|([^>]*))?>/g, (_m, id: string, name: string | undefined) => `#${name || id}`)
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

/** A button or a select in a message, as the console offers it to be pressed. */
export interface Pressable {
  actionId: string;
  label: string;
  value?: string;
  /** A select's options: pressing asks which. */
  options?: { label: string; value: string }[];
  /** The confirmation Slack would show first. */
  confirm?: string;
}

/** Gives each pressable element a number; the console remembers what the number presses. */
export type PressableSink = (element: Pressable) => number;

function pressable(element: Record<string, any>): Pressable | undefined {
  if (element.type === 'button') {
    const confirm = element.confirm ? [t(element.confirm.title), t(element.confirm.text)].filter(Boolean).join(' ') : undefined;
    return { actionId: element.action_id, label: t(element.text), value: element.value, ...(confirm ? { confirm } : {}) };
  }
  if (element.type === 'static_select') {
    const options = ((element.options ?? element.option_groups?.flatMap((g: { options: unknown[] }) => g.options) ?? []) as { text: AnyText; value: string }[]).map((o) => ({ label: t(o.text), value: o.value }));
    return { actionId: element.action_id, label: t(element.placeholder) || 'Kies…', options };
  }
  return undefined;
}

function labelled(element: Record<string, any>, sink?: PressableSink): string {
  const item = pressable(element);
  if (!item) return '';
  return sink ? `[${sink(item)}] ${item.label}` : `[${item.label}]`;
}

/** Renders the blocks of a message as lines for the local console; buttons numbered when a sink is given. */
function renderBlocks(blocks: KnownBlock[], sink?: PressableSink): string {
  const lines: string[] = [];
  for (const block of blocks) {
    switch (block.type) {
      case 'header':
        lines.push('', t(block.text).toUpperCase(), '='.repeat(Math.min(60, t(block.text).length)));
        break;
      case 'section':
        if (block.text) lines.push(t(block.text));
        for (const field of block.fields ?? []) lines.push(`  ${t(field)}`);
        if (block.accessory) {
          const label = labelled(block.accessory as Record<string, any>, sink);
          if (label) lines.push(`  ${label}`);
        }
        break;
      case 'context':
        lines.push(block.elements.map((e) => ('text' in e ? mrkdwnToText(e.text) : '')).join(' · '));
        break;
      case 'divider':
        lines.push('-'.repeat(40));
        break;
      case 'actions':
        lines.push(block.elements.map((e) => labelled(e as Record<string, any>, sink)).filter(Boolean).join(' '));
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

export function renderMessage(message: Message, sink?: PressableSink): string {
  return message.blocks.length > 0 ? renderBlocks(message.blocks, sink) : mrkdwnToText(message.text);
}
