import { CONSOLE_USER } from '../features/access/access';

/**
 * Who is who in the console: there is no Slack to pick people from, so a name typed after `als`
 * or as `@naam` becomes a stable user id (`piet` → `UPIET`), and ids are shown by that name
 * again. An id typed as such (`U12345`) is used as it is.
 */
export class People {
  private readonly names = new Map<string, string>();

  constructor() {
    this.names.set(CONSOLE_USER, 'console');
  }

  /** The user id for "piet", "@piet", "U12345" or "<@U12345>". */
  idFor(typed: string): string | undefined {
    const text = typed.trim().replace(/^<@([^|>]+)(?:\|[^>]*)?>$/, '$1').replace(/^@/, '');
    if (!text) return undefined;
    if (text === CONSOLE_USER) return CONSOLE_USER;
    if (/^[UW][A-Z0-9]{2,}$/.test(text)) return text;
    const letters = text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase().replace(/[^A-Z0-9]/g, '');
    if (!letters) return undefined;
    const id = `U${letters}`.padEnd(3, '0').slice(0, 21);
    if (!this.names.has(id)) this.names.set(id, text);
    return id;
  }

  /** "piet" for UPIET (when the console met the name), else the id. */
  nameOf(id: string): string {
    return this.names.get(id) ?? id;
  }

  /** Typed text with `@naam` turned into Slack's mention markup, as if picked from Slack's list. */
  mentions(text: string): string {
    return text.replace(/(^|\s)@([\p{L}\p{N}._-]+)/gu, (whole, space: string, name: string) => {
      const id = this.idFor(name);
      return id ? `${space}<@${id}|${name}>` : whole;
    });
  }

  /** Output with `@U…` ids shown by the names the console knows. */
  display(text: string): string {
    return text.replace(/@([UW][A-Z0-9]{2,})/g, (whole, id: string) => (this.names.has(id) ? `@${this.names.get(id)}` : whole));
  }
}
