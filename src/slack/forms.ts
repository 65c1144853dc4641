import type { BlockAction, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { actionIdPattern } from '../blockkit/ids';
import { LIMITS } from '../blockkit/limits';
import type { Message } from '../blockkit/message';
import type { Deps } from '../deps';
import type { ActionResult, ActionSource, Feature, FeatureAction, FeatureForm, Listeners } from '../features/feature';
import { submitForm } from '../features/form-runner';
import { tellPrivately } from '../webapi/tell-privately';
import { noticeView, option } from '../blockkit/modal';
import { decodeMeta, errorsForView, formModal, readSubmission } from './form-modal';

/**
 * The Slack side of the features' forms and buttons: one view listener per form id (read the
 * state, run the one submission path, answer with `ack`), options loads of search fields,
 * redraws of a form when a `redraws` field changes, and one action listener per button.
 */

/** The identity of a view submission: a retry or a double submit carries the same view id and hash. */
function submissionKey(callbackId: string, view: { id: string; hash: string }): string {
  return `${callbackId}:${view.id}:${view.hash}`;
}

/** Not a field name: errorsForView puts it under the form's first input. */
const FORM_WIDE = '';

function registerForm(app: Listeners, deps: Deps, form: FeatureForm<any>): void {
  app.view<ViewSubmitAction>(form.id, async ({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & { client: WebClient }) => {
    const userId = body.user.id;
    const { raw, meta, channel } = readSubmission(view);
    // Stored before the ack (submitForm is synchronous): a 200 to Slack means it is on disk.
    const outcome = submitForm(form, raw, { deps, userId, meta, submissionKey: submissionKey(form.id, view) });
    deps.logger.event('info', 'form.submitted', { user: userId, form: form.id, outcome: outcome.kind });
    switch (outcome.kind) {
      case 'refused':
      case 'errors': {
        // A refusal goes under the first input, like any error about the whole form: the modal
        // stays open with what was typed, for when an admin gives the role back.
        const byField = outcome.kind === 'refused' ? { [FORM_WIDE]: outcome.text } : outcome.errors;
        const errors = errorsForView(byField, view);
        await ack(errors ? { response_action: 'errors', errors } : { response_action: 'update', view: noticeView(form.id, view.title.text, Object.values(byField).join(' ')) });
        return;
      }
      case 'redraw':
        await ack({ response_action: 'update', view: formModal(outcome.form, { channel }) });
        return;
      case 'done':
        if (outcome.title && outcome.confirmation) {
          await ack({ response_action: 'update', view: noticeView(form.id, outcome.title, outcome.confirmation.text) });
          return;
        }
        await ack();
        if (outcome.confirmation) {
          await tellPrivately(client, { userId, channelId: channel }, outcome.confirmation).catch((error: unknown) =>
            deps.logger.event('warn', 'form.confirmation_failed', { user: userId, form: form.id, error }),
          );
        }
        return;
    }
  });

  // A `redraws` field changed inside the open modal: show the form's next state.
  if (form.redraw) {
    app.action<BlockAction>({ callback_id: form.id }, async ({ ack, body, action, client }) => {
      await ack();
      if (!body.view) return;
      const a = action as { action_id: string; selected_option?: { value?: string } | null; selected_date?: string | null; value?: string };
      const field = a.action_id.split(':')[0]!;
      const value = a.selected_option?.value ?? a.selected_date ?? a.value ?? undefined;
      const meta = decodeMeta(body.view.private_metadata);
      const next = form.redraw!({ deps, userId: body.user.id }, meta, field, value);
      const channel = typeof meta.channel === 'string' ? meta.channel : undefined;
      await client.views.update({ view_id: body.view.id, hash: body.view.hash, view: formModal(next, { channel }) });
    });
  }

  for (const [field, search] of Object.entries(form.searches ?? {})) {
    app.options<'block_suggestion'>(field, async ({ ack, body, payload }) => {
      const choices = search({ deps, userId: body.user.id }, payload.value ?? '').slice(0, LIMITS.selectOptions);
      await ack({ options: choices.map((c) => option(c.label, c.value)) });
    });
  }
}

interface Clicked {
  action_id: string;
  action_ts?: string;
  value?: string;
  selected_option?: { value?: string } | null;
}

/** Where a click came from, as the features see it. */
function sourceOf(body: BlockAction): ActionSource & { triggerId: string; responseUrl?: string } {
  const container = body.container as { type?: string; channel_id?: string; message_ts?: string; is_ephemeral?: boolean } | undefined;
  return {
    channelId: body.channel?.id ?? container?.channel_id,
    messageTs: container?.is_ephemeral ? undefined : (container?.message_ts ?? body.message?.ts),
    home: body.view?.type === 'home',
    triggerId: body.trigger_id,
    responseUrl: body.response_url || undefined,
  };
}

function withBlocks(message: Message) {
  return message.blocks.length > 0 ? { text: message.text, blocks: message.blocks } : { text: message.text };
}

function registerAction(app: Listeners, deps: Deps, feature: FeatureAction): void {
  app.action<BlockAction>(actionIdPattern(feature.id), async ({ ack, body, action, client, respond }) => {
    await ack();
    const clicked = action as unknown as Clicked;
    const userId = body.user.id;
    const source = sourceOf(body);
    const result: ActionResult = await feature.run({
      deps,
      userId,
      value: clicked.value ?? clicked.selected_option?.value ?? undefined,
      source,
      clickKey: `click:${clicked.action_id}:${clicked.action_ts ?? body.trigger_id}:${userId}`,
    });
    const failed = (error: unknown) => deps.logger.event('warn', 'action.answer_failed', { user: userId, action: clicked.action_id, result: result.kind, error });
    await answerClick(client, respond as never, result, userId, source, failed);
  });
}

async function answerClick(
  client: WebClient,
  respond: (message: Record<string, unknown>) => Promise<unknown>,
  result: ActionResult,
  userId: string,
  source: ActionSource & { triggerId: string; responseUrl?: string },
  failed: (error: unknown) => void,
): Promise<void> {
  switch (result.kind) {
    case 'form':
      await client.views.open({ trigger_id: source.triggerId, view: formModal(result.form, { channel: source.home ? undefined : source.channelId }) }).catch(async (error: unknown) => {
        failed(error);
        await tellPrivately(client, { userId, channelId: source.channelId }, { text: 'Het formulier kon niet openen. Er is niets opgeslagen; probeer het opnieuw.' }).catch(failed);
      });
      return;
    case 'tell':
      // A click on a message answers through its response_url (ephemeral, works wherever the
      // message is); the Home tab and modals have none, so the helper (ephemeral or DM) decides.
      if (source.responseUrl) await respond({ response_type: 'ephemeral', replace_original: false, ...withBlocks(result.message) }).catch(failed);
      else await tellPrivately(client, { userId, channelId: source.home ? undefined : source.channelId }, result.message).catch(failed);
      return;
    case 'replace':
      // A message the bot posted in a channel is changed in place; an ephemeral one through its response_url.
      if (source.channelId && source.messageTs) await client.chat.update({ channel: source.channelId, ts: source.messageTs, ...withBlocks(result.message) }).catch(failed);
      else await respond({ replace_original: true, ...withBlocks(result.message) }).catch(failed);
      return;
    case 'share':
      await respond({ response_type: 'in_channel', replace_original: false, ...withBlocks(result.message) }).catch(failed);
      return;
    case 'nothing':
      return;
  }
}

/** Registers every feature's forms and buttons on the (single-listener) app. */
export function registerFormsAndActions(app: Listeners, deps: Deps, features: Feature[]): void {
  for (const feature of features) {
    for (const form of feature.forms ?? []) registerForm(app, deps, form);
    for (const action of feature.actions ?? []) registerAction(app, deps, action);
  }
}
