import type { ActionsBlock, Button, ContextBlock, DividerBlock, HeaderBlock, KnownBlock, SectionBlock } from '@slack/types';
import { LIMITS } from './limits';
import { truncate } from './escape';
import { formatCount } from '../format/nl';

/** Small builders for the Block Kit we render; they keep texts inside Slack's limits. */

export function header(text: string): HeaderBlock {
  return { type: 'header', text: { type: 'plain_text', text: truncate(text, LIMITS.headerText), emoji: true } };
}

export function section(mrkdwn: string, accessory?: Button): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(mrkdwn, LIMITS.sectionText) }, ...(accessory ? { accessory } : {}) };
}

export function context(...texts: string[]): ContextBlock {
  return { type: 'context', elements: texts.slice(0, LIMITS.contextElements).map((text) => ({ type: 'mrkdwn', text: truncate(text, LIMITS.sectionText) })) };
}

export function divider(): DividerBlock {
  return { type: 'divider' };
}

export function button(text: string, actionId: string, value?: string, style?: 'primary' | 'danger'): Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text: truncate(text, LIMITS.buttonText), emoji: true },
    action_id: actionId,
    ...(value !== undefined ? { value } : {}),
    ...(style ? { style } : {}),
  };
}

export function actions(blockId: string, elements: Button[]): ActionsBlock {
  return { type: 'actions', block_id: blockId, elements: elements.slice(0, LIMITS.actionsElements) };
}

/**
 * Joins lines into one mrkdwn text of at most `max` characters. Lines that do not fit are not cut
 * silently: the last line says how many more there are (`more(n)`).
 */
/** fitLines' last line for hidden lines that are things with a name: "…en 1 regel meer", "…en 3 regels meer". */
export function andMore(one: string, many: string): (hidden: number) => string {
  return (n) => `…en ${formatCount(n, one, many)} meer`;
}

export function fitLines(lines: string[], more: (hidden: number) => string, max: number = LIMITS.sectionText): string {
  const out: string[] = [];
  let length = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const tail = i < lines.length - 1 ? more(lines.length - i - 1).length + 1 : 0;
    if (length + line.length + 1 + tail > max) {
      out.push(more(lines.length - i));
      break;
    }
    out.push(line);
    length += line.length + 1;
  }
  return out.join('\n');
}

export type Blocks = KnownBlock[];
