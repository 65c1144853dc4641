import type { App } from '@slack/bolt';
import type { Deps } from '../deps';
import type { CommandReply } from '../features/feature';
import { runCommand } from '../features/registry';
import { COMMAND } from '../blockkit/ids';
import { unescapeSlackText } from '../blockkit/escape';
import { formModal } from './form-modal';
import { flushDurable } from '../store/durability';
import { auditedSince, auditWatermark } from '../store/audit';
import { failureText } from './listener-errors';

/** Slack wants the ack within 3 s; a reply not ready by then follows through response_url. */
const ACK_BUDGET_MS = 2500;

const SLOW = Symbol('slow');

/** A command that threw: said as listener-errors.ts says it for clicks and forms. */
const failure = (deps: Deps, stored: boolean): CommandReply => ({
  kind: 'message',
  message: { text: `:warning: ${failureText(deps, stored)}`, blocks: [] },
});

function watermarkOf(deps: Deps): number | undefined {
  try {
    return auditWatermark(deps.db);
  } catch {
    return undefined;
  }
}

/** The /opvang listener: answers within Slack's ack budget, then through response_url or a modal. */
export function registerSlashCommand(app: App, deps: Deps): void {
  app.command(COMMAND, async ({ command, ack, respond, client }) => {
    const started = Date.now();
    // The console passes what was typed; Slack passes it escaped.
    const text = unescapeSlackText(command.text);
    const watermark = watermarkOf(deps);
    const pending = runCommand(text, { userId: command.user_id, channelId: command.channel_id, triggerId: command.trigger_id, client }, deps).catch(
      (error: unknown) => {
        let stored = false;
        try {
          stored = watermark !== undefined && auditedSince(deps.db, watermark, command.user_id);
        } catch {
          // No answer from the database: nothing was stored either.
        }
        deps.logger.event('error', 'command.failed', { user: command.user_id, text: command.text, stored, error });
        return failure(deps, stored);
      },
    );
    // Cleared as soon as the reply is ready: a pending timer would keep this request's objects
    // alive for 2,5 s and push them into the old generation under load.
    let budget: NodeJS.Timeout | undefined;
    const slow = new Promise<typeof SLOW>((resolve) => {
      budget = setTimeout(resolve, ACK_BUDGET_MS, SLOW);
    });
    const first = await Promise.race([pending, slow]);
    clearTimeout(budget);
    if (first === SLOW) {
      await ack({ response_type: 'ephemeral', text: 'Even geduld, ik zoek het uit…' });
      const reply = await pending;
      // Like an ack, the late answer says what was stored: it waits until that survives a power loss.
      await flushDurable(deps.db);
      // A trigger_id lives 3 s; past the budget a form can no longer open, so say so instead.
      await respond(reply.kind === 'message' ? { response_type: reply.visibility ?? 'ephemeral', ...withText(reply.message) } : { response_type: 'ephemeral', text: FORM_TOO_LATE });
    } else if (first.kind === 'message') {
      await ack({ response_type: first.visibility ?? 'ephemeral', ...withText(first.message) });
    } else {
      await ack();
      await client.views.open({ trigger_id: command.trigger_id, view: formModal(first.form, { channel: command.channel_id }) }).catch(async (error: unknown) => {
        deps.logger.event('error', 'command.modal_failed', { user: command.user_id, error });
        await respond({ response_type: 'ephemeral', text: FORM_TOO_LATE });
      });
    }
    deps.logger.event('debug', 'command.handled', { user: command.user_id, text: command.text, ms: Date.now() - started });
  });
}

const FORM_TOO_LATE = 'Het formulier kon niet openen (Slack gaf er geen tijd voor). Er is niets opgeslagen; probeer de opdracht opnieuw.';

function withText(message: { text: string; blocks: unknown[] }) {
  return message.blocks.length > 0 ? { text: message.text, blocks: message.blocks as never[] } : { text: message.text };
}
