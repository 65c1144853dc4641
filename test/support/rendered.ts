import type { RecordedCall } from './fake-slack';

/** One text a reader saw: where it came from and what it said (mrkdwn or plain text, as sent). */
export interface Rendered {
  where: string;
  text: string;
}

/** Web API methods whose payload a person reads (the rest are lookups and file transfers). */
const READ_BY_PEOPLE = new Set([
  'chat.postMessage',
  'chat.update',
  'chat.postEphemeral',
  'response_url',
  'views.open',
  'views.push',
  'views.update',
  'views.publish',
  'files.completeUploadExternal',
]);

function parsed(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/**
 * The texts of one payload a person sees: a message's notification text, every text object
 * (sections, fields, context, headers, buttons, options, confirm dialogs, placeholders, labels,
 * hints, a view's title and buttons), image alt texts, a field's prefilled value, a form's field
 * errors and a file's title and comment. Ids, values and metadata are left out: nobody reads them.
 */
export function textsOf(payload: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown, key?: string): void => {
    if (typeof node === 'string') {
      if (key && ['alt_text', 'initial_value', 'initial_comment', 'title'].includes(key)) out.push(node);
      return;
    }
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach((n) => walk(n));
    const record = node as Record<string, unknown>;
    if ((record.type === 'plain_text' || record.type === 'mrkdwn') && typeof record.text === 'string') {
      out.push(record.text);
      return;
    }
    for (const [k, value] of Object.entries(record)) {
      if (['action_id', 'block_id', 'value', 'private_metadata', 'metadata', 'callback_id', 'url', 'id', 'hash', 'external_id', 'filename'].includes(k)) continue;
      if (k === 'errors' && value && typeof value === 'object') out.push(...Object.values(value as Record<string, string>));
      else if (k === 'text' && typeof value === 'string') out.push(value);
      else walk(parsed(value), k);
    }
  };
  walk(parsed(payload));
  return out.filter((t) => t.trim() !== '');
}

/**
 * Every text of a conformance run: what the fake Web API accepted (messages, updates, ephemeral
 * answers, response_url posts, DMs, modals, the Home tab, file comments) and the bot's own HTTP
 * answers (command replies, field errors, a form's next view, options loads).
 */
export function renderedTexts(calls: RecordedCall[], answers: { where: string; payload: unknown }[]): Rendered[] {
  const out: Rendered[] = [];
  for (const call of calls) {
    if (call.status !== 200 || !READ_BY_PEOPLE.has(call.method)) continue;
    const where = `${call.method}${call.body.channel ? ` ${call.body.channel}` : ''}`;
    for (const text of textsOf(call.body)) out.push({ where, text });
  }
  for (const answer of answers) for (const text of textsOf(answer.payload)) out.push({ where: answer.where, text });
  return out;
}

/**
 * The glossary's verdict on a run: one line per distinct problem ("where: text → problem"), the
 * same text counted once (a broadcast updated ten times is one text).
 */
export function glossaryViolations(rendered: Rendered[], problems: (text: string) => string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const { where, text } of rendered) {
    if (seen.has(text)) continue;
    seen.add(text);
    for (const problem of problems(text)) out.push(`${where}: ${text.length > 160 ? `${text.slice(0, 160)}…` : text}\n    → ${problem}`);
  }
  return out;
}
