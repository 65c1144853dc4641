import type { Role } from '../../domain/vocabulary';

/** What `/opvang rechten …` asks for. */
export type RightsRequest =
  | { kind: 'list' }
  | { kind: 'set'; userId: string; role: Role }
  | { kind: 'invalid'; reason: string };

const ROLE_WORDS: Record<string, Role> = {
  admin: 'admin',
  beheerder: 'admin',
  editor: 'editor',
  bewerker: 'editor',
  viewer: 'viewer',
  lezer: 'viewer',
  // Taking the rights away leaves a stored viewer, so OPVANG_ADMINS does not hand them back at the next start.
  weg: 'viewer',
  geen: 'viewer',
  intrekken: 'viewer',
};

/** Parses "<@U123|naam> editor", "<@U123> weg" or nothing (the list). */
export function parseRightsArgs(args: string): RightsRequest {
  const text = args.trim();
  if (!text) return { kind: 'list' };
  const [who = '', roleWord = '', ...rest] = text.split(/\s+/);
  const mention = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(who) ?? /^@?([UW][A-Z0-9]{6,})$/.exec(who);
  if (!mention) {
    return { kind: 'invalid', reason: 'Noem de gebruiker met @ (kies de naam uit de lijst die Slack toont), bijvoorbeeld `/opvang rechten @naam bewerker`.' };
  }
  const role = ROLE_WORDS[roleWord.toLowerCase()];
  if (!role || rest.length > 0) {
    return { kind: 'invalid', reason: 'Geef een rol: `beheerder`, `bewerker`, `lezer`, of `weg` om rechten in te trekken. Bijvoorbeeld `/opvang rechten @naam bewerker`.' };
  }
  return { kind: 'set', userId: mention[1]!, role };
}
