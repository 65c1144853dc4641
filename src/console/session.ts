import { COMMAND } from '../blockkit/ids';
import type { Message } from '../blockkit/message';
import type { Deps } from '../deps';
import { ROLE_LABELS } from '../domain/vocabulary';
import { CONSOLE_USER } from '../features/access/access';
import { roleOf } from '../features/access/access.store';
import type { ActionResult, ActionSource } from '../features/feature';
import { findAction, findForm, runCommand } from '../features/registry';
import type { FormDefinition } from '../forms/form';
import { CANCEL, promptForm, type ConsoleIo, type FormSession } from './form-prompt';
import { People } from './people';
import { mrkdwnToText, renderMessage, type Pressable } from './render';
import type { PostPrinter } from './outbox-transport';

/**
 * One person at the local console: what they type is answered as Slack would answer it (the same
 * runCommand, forms and buttons), as the user they chose with `als`. Buttons of every message
 * printed get a number; typing it presses the button.
 */

/** The console's own words, after the bot's help. */
const CONSOLE_HELP = [
  'In de console:',
  `  ${COMMAND} <opdracht> of alleen <opdracht>   zoals in Slack (zie hierboven)`,
  '  <nummer>                      drukt de knop met dat nummer in (de nummers staan onder de berichten)',
  `  ${COMMAND} als <id of naam>       wissel van gebruiker, om rollen te proberen (bijv. als piet)`,
  '  @naam                         in een opdracht: die persoon, zoals in Slack gekozen',
  '  annuleren (of Ctrl-C)         stopt een formulier zonder iets op te slaan',
  '  exit                          stopt de console',
].join('\n');

interface Pressed {
  item: Pressable;
  source: ActionSource;
  /** The printed message the button is on (its buttons go when it is replaced). */
  messageId: number;
}

export interface SessionOptions {
  /** The user the console acts as at first: the first of OPVANG_ADMINS, or a local admin. */
  userId?: string;
}

export class ConsoleSession implements FormSession, PostPrinter {
  userId: string;
  readonly people = new People();
  private readonly buttons = new Map<number, Pressed>();
  private nextButton = 1;
  private nextMessage = 1;
  private submissions = 0;
  /** Messages the bot posted (by channel and ts), so an update replaces the right one's buttons. */
  private readonly posted = new Map<string, number>();

  constructor(
    readonly deps: Deps,
    readonly io: ConsoleIo,
    options: SessionOptions = {},
  ) {
    this.userId = options.userId ?? deps.config.admins[0] ?? CONSOLE_USER;
  }

  nextSubmissionKey(formId: string): string {
    return `console:${formId}:${Date.now()}:${++this.submissions}`;
  }

  /** Prints a message with numbered buttons; `where` marks a post meant for others. */
  show(message: Message, where?: string, source: ActionSource = {}, posted = false): number {
    const messageId = this.nextMessage++;
    const text = renderMessage(message, (item) => {
      const n = this.nextButton++;
      this.buttons.set(n, { item, source, messageId });
      return n;
    });
    const out = `${where ? `── ${where} ──\n` : ''}${this.people.display(text)}\n`;
    if (posted) this.interject(out);
    else this.io.write(out);
    return messageId;
  }

  /** Where a channel id points, in words: the configured channels by their role, a DM by its person. */
  channelName(channel: string | undefined): string {
    if (!channel) return 'het kanaal';
    if (channel === this.deps.config.noodknop.channel) return `noodknop-kanaal ${channel}`;
    if (channel === this.deps.config.digest.channel) return `digest-kanaal ${channel}`;
    if (/^D[UW][A-Z0-9]{2,}$/.test(channel)) return `privébericht aan @${this.people.nameOf(channel.slice(1))}`;
    return `kanaal ${channel}`;
  }

  /** A post the bot would make (through the outbox): printed, marked with where it would go. */
  post({ channel, threadTs, ts, message }: { channel: string; threadTs: string | null; ts: string; message: Message }): void {
    const where = threadTs ? `in de draad, ${this.channelName(channel)}` : this.channelName(channel);
    const id = this.show(message, where, { channelId: channel, messageTs: ts }, true);
    this.posted.set(`${channel}:${ts}`, id);
  }

  /** A posted message changed in place: printed again; its old buttons no longer press. */
  update({ channel, ts, message }: { channel: string; ts: string; message: Message }): void {
    const old = this.posted.get(`${channel}:${ts}`);
    if (old !== undefined) this.forget(old);
    const id = this.show(message, `bijgewerkt, ${this.channelName(channel)}`, { channelId: channel, messageTs: ts }, true);
    this.posted.set(`${channel}:${ts}`, id);
  }

  /** A file the bot would share (the digest's chart). */
  file({ channel, threadTs, title, altText, comment }: { channel: string; threadTs: string | null; title: string; altText: string; comment: string }): void {
    const where = threadTs ? `in de draad, ${this.channelName(channel)}` : this.channelName(channel);
    this.interject(`── ${where} ──\n${comment ? `${this.people.display(mrkdwnToText(comment))}\n` : ''}(bestand: ${title}: ${altText})\n`);
  }

  private forget(messageId: number): void {
    for (const [n, b] of this.buttons) if (b.messageId === messageId) this.buttons.delete(n);
  }

  /** Output that may come while the person is typing (a job's post): the io puts it above the prompt. */
  private interject(text: string): void {
    if (this.io.interject) this.io.interject(text);
    else this.io.write(text);
  }

  /** Answers one typed line; 'exit' when the console should stop. */
  async handle(line: string): Promise<'exit' | undefined> {
    const text = line.trim().replace(new RegExp(`^${COMMAND}(?=\\s|$)`), '').trim();
    if (!text) return undefined;
    const word = text.split(/\s+/)[0]!.toLowerCase();
    if (['exit', 'quit', 'stop'].includes(word) && text.split(/\s+/).length === 1) return 'exit';
    if (/^\d+$/.test(text)) {
      await this.press(Number(text));
      return undefined;
    }
    if (word === 'als') {
      this.switchUser(text.slice(word.length).trim());
      return undefined;
    }
    if (word === 'annuleren') {
      this.io.write('Er is geen formulier open.\n');
      return undefined;
    }
    const reply = await runCommand(this.people.mentions(text), { userId: this.userId, channelId: 'console' }, this.deps);
    if (reply.kind === 'message') {
      this.show(reply.message);
      if (['help', 'hulp', '?'].includes(word)) this.io.write(`\n${CONSOLE_HELP}\n`);
    } else await this.runForm(reply.form);
    return undefined;
  }

  private switchUser(who: string): void {
    if (!who) {
      this.io.write(`Je bent @${this.people.nameOf(this.userId)} (${ROLE_LABELS[roleOf(this.deps.db, this.userId)]}). Wissel met: ${COMMAND} als <id of naam>\n`);
      return;
    }
    const id = this.people.idFor(who);
    if (!id) {
      this.io.write(`"${who}" is geen naam of gebruikers-id.\n`);
      return;
    }
    this.userId = id;
    this.io.write(`Je bent nu @${this.people.nameOf(id)} (${id}), rol: ${ROLE_LABELS[roleOf(this.deps.db, id)]}.\n`);
  }

  private async runForm(definition: FormDefinition): Promise<void> {
    const form = findForm(definition.id);
    if (!form) {
      this.io.write('Dit formulier werkt alleen in Slack.\n');
      return;
    }
    await promptForm(this, form, definition);
  }

  private async press(n: number): Promise<void> {
    const pressed = this.buttons.get(n);
    if (!pressed) {
      this.io.write(`Er is geen knop [${n}].\n`);
      return;
    }
    const { item, source } = pressed;
    let value = item.value;
    if (item.options) {
      item.options.forEach((o, i) => this.io.write(`  [${i + 1}] ${o.label}\n`));
      const answer = await this.io.ask(`${item.label} Kies een nummer: `);
      const chosen = typeof answer === 'string' ? item.options[Number(answer.trim()) - 1] : undefined;
      if (!chosen) {
        this.io.write('Niets gekozen.\n');
        return;
      }
      value = chosen.value;
    }
    if (item.confirm) {
      const answer = await this.io.ask(`${item.confirm} (j/n) `);
      if (answer === CANCEL || answer === null || !/^j(a)?$/i.test(answer.trim())) {
        this.io.write('Niets gedaan.\n');
        return;
      }
    }
    const action = findAction(item.actionId);
    if (!action) {
      this.io.write(`"${item.label}" werkt alleen in Slack.\n`);
      return;
    }
    const result = await action.run({ deps: this.deps, userId: this.userId, value, source, clickKey: `console:${item.actionId}:${Date.now()}:${n}:${this.userId}` });
    await this.answer(result, pressed);
  }

  private async answer(result: ActionResult, pressed: Pressed): Promise<void> {
    switch (result.kind) {
      case 'form':
        await this.runForm(result.form);
        break;
      case 'tell':
        this.show(result.message, 'alleen voor jou');
        break;
      case 'replace':
        // The message the button was on changes: its old buttons no longer press.
        this.forget(pressed.messageId);
        this.show(result.message, 'bericht bijgewerkt', pressed.source);
        break;
      case 'share':
        this.show(result.message, this.channelName(pressed.source.channelId), pressed.source);
        break;
      case 'nothing':
        break;
    }
  }
}
