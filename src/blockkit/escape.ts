/**
 * Escapes text a user typed before it goes into mrkdwn: `<!channel>`, `<@U…>` and links then show
 * as typed and notify nobody. Formatting characters (`*`, `_`, `~`, backtick) are neutralised with
 * a zero-width joiner so "*dringend*" shows the asterisks instead of bold.
 */
export function escapeMrkdwn(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([*_~`])/g, '$1\u200d');
}

/** For plain_text fields Slack shows text as is; only length needs care. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/**
 * Who did something when it was not a person: the bot's own actors as the audit log stores them,
 * in words a reader understands (never "seed" or an environment variable's name).
 */
const SYSTEM_ACTORS: Record<string, string> = {
  seed: 'de startgegevens',
  synthetic: 'de testgegevens',
  OPVANG_ADMINS: 'de installatie',
  opvangbot: 'Opvangbot',
  // The digest posted on its schedule (digest.slack.ts).
  scheduler: 'Opvangbot (op schema)',
  // The local console's own user (features/access/access.ts CONSOLE_USER).
  console: 'de console',
};

/** Someone's name in mrkdwn: a Slack mention for user ids, the bot's own actors in words, escaped text otherwise. */
export function personRef(who: string): string {
  if (/^[UW][A-Z0-9]{2,}$/.test(who)) return `<@${who}>`;
  // The command line importer (cli/import.ts) records `cli:<login name>`.
  const cli = /^cli:(.+)$/.exec(who);
  if (cli) return `${escapeMrkdwn(cli[1]!)} (via de opdrachtregel)`;
  return SYSTEM_ACTORS[who] ?? escapeMrkdwn(who);
}

/**
 * Slack escapes `&`, `<` and `>` in the text of a slash command as `&amp;`, `&lt;` and `&gt;`
 * (docs.slack.dev/messaging/formatting-message-text#escaping), and with `should_escape: true`
 * (manifest.yml) a picked user arrives as `<@U123|name>`. The transport undoes the escaping
 * before parsing, so `/opvang bijwerken Wonen & Zorg` finds "Wonen & Zorg"; `&amp;` last, so a
 * typed "&lt;" stays "&lt;".
 */
export function unescapeSlackText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
