import type { AllMiddlewareArgs, AnyMiddlewareArgs } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps';
import { noticeView, option } from '../blockkit/modal';
import { auditedSince, auditWatermark } from '../store/audit';
import { tellPrivately } from '../webapi/tell-privately';
import { isSlackUserId } from './identity';
import { adminIds } from '../features/access/access.store';
import { whoCanHelp } from '../features/access/access';

/**
 * What the user is told when a handler threw. Every write is one transaction, so an exception
 * inside it stored nothing; one after it (Slack refused the confirmation) leaves the write stored,
 * and the user is told that instead (auditedSince tells the two apart).
 */
export const FAILURE_TEXT = {
  nothingStored: 'Er ging iets mis; er is niets opgeslagen. Probeer het zo nog eens.',
  stored: 'Je wijziging is opgeslagen, maar daarna ging er iets mis, zodat je de bevestiging niet zag. Kijk met `/opvang historie` wat er staat.',
  /** One option in the picker (an options load cannot carry a message: docs.slack.dev/reference/interaction-payloads/block-suggestion). */
  search: 'Zoeken lukte niet; typ opnieuw of probeer het zo nog eens',
} as const;

/**
 * The next step after "probeer het zo nog eens": the admins by name (mentions), read from the
 * roles table, or from OPVANG_ADMINS when the database is what fails.
 */
function whoToWarn(deps: Pick<Deps, 'db' | 'config'>): string {
  let admins: string[];
  try {
    admins = adminIds(deps.db);
  } catch {
    admins = deps.config.admins;
  }
  return admins.length > 0 ? ` Blijft het misgaan, waarschuw dan ${whoCanHelp(admins)} (beheerder).` : ' Blijft het misgaan, waarschuw dan wie de bot beheert.';
}

/** What a person is told after a failure: stored or not, and when not, whom to warn. */
export function failureText(deps: Pick<Deps, 'db' | 'config'>, stored: boolean): string {
  return stored ? FAILURE_TEXT.stored : `${FAILURE_TEXT.nothingStored}${whoToWarn(deps)}`;
}

export type ListenerKind = 'action' | 'view' | 'options' | 'event';
type Args = AnyMiddlewareArgs & AllMiddlewareArgs;
type Ack = (response?: unknown) => Promise<void>;

/** What a request is about: who acted and where (for the answer), read defensively. */
function requestOf(kind: ListenerKind, body: Record<string, any>): { userId?: string; channelId?: string; view?: Record<string, any> } {
  if (kind === 'event') {
    const event = (body.event ?? {}) as Record<string, any>;
    // An ephemeral in a DM is the DM; elsewhere (app_home_opened) there is no channel to answer in.
    return { userId: event.user, channelId: event.channel_type === 'im' ? event.channel : undefined };
  }
  const channelId = body.channel?.id ?? body.container?.channel_id;
  return { userId: body.user?.id, channelId: typeof channelId === 'string' ? channelId : undefined, view: body.view };
}

/** The ids of the submitted view's input blocks, in order: the only keys Slack takes for field errors. */
function inputBlockIds(view: Record<string, any> | undefined): string[] {
  if (!view) return [];
  if (Array.isArray(view.blocks) && view.blocks.length > 0) {
    return view.blocks.filter((b: any) => b?.type === 'input' && typeof b.block_id === 'string').map((b: any) => b.block_id as string);
  }
  return Object.keys(view.state?.values ?? {});
}

function viewTitle(view: Record<string, any> | undefined): string {
  const text = view?.title?.text;
  return typeof text === 'string' && text.trim() ? text : 'Opvangbot';
}

/**
 * The answer to a view submission whose handler threw before it answered. A modal must never
 * close as if saved when nothing was: the error goes under the form's first input block
 * (`response_action: 'errors'` may only name input blocks,
 * docs.slack.dev/reference/interaction-payloads/view-interactions-payload), or the view is
 * replaced by a notice when it has none (`response_action: 'update'`,
 * docs.slack.dev/surfaces/modals). When the write was stored after all, the
 * notice says so.
 */
function failedSubmissionAnswer(view: Record<string, any> | undefined, stored: boolean, text: string): { response_action: 'errors'; errors: Record<string, string> } | { response_action: 'update'; view: ModalView } {
  const first = inputBlockIds(view)[0];
  if (!stored && first) return { response_action: 'errors', errors: { [first]: text } };
  return { response_action: 'update', view: noticeView('opvang_failure', viewTitle(view), `${stored ? ':white_check_mark:' : ':warning:'} ${text}`) };
}

/**
 * Wraps a listener (a feature's chain, as the single-listener dispatcher runs it) so an exception
 * in it is never silent for the user: this is the one place that decides what a person sees when
 * a command's click, form, options load or event handler fails. Commands have their own in
 * slash-command.ts (the reply is the ack). The error is logged; answering never throws.
 */
export function guardListener<A extends Args>(kind: ListenerKind, deps: Deps, listener: (args: A) => Promise<void>): (args: A) => Promise<void> {
  return async (args) => {
    const body = args.body as unknown as Record<string, any>;
    const request = requestOf(kind, body);
    let watermark: number | undefined;
    try {
      watermark = auditWatermark(deps.db);
    } catch {
      // A database that cannot answer this cannot store anything either.
    }
    const original = (args as { ack?: Ack }).ack;
    let acked = false;
    const ack: Ack | undefined = original
      ? async (response) => {
          acked = true;
          await original(response);
        }
      : undefined;
    try {
      await listener(ack ? ({ ...args, ack } as A) : args);
    } catch (error) {
      const userId = isSlackUserId(request.userId) ? request.userId : undefined;
      let stored = false;
      try {
        stored = watermark !== undefined && userId !== undefined && auditedSince(deps.db, watermark, userId);
      } catch {
        // As above: no answer from the database, nothing stored.
      }
      deps.logger.event('error', 'listener.failed', { kind, id: listenerId(kind, body), user: userId, acked, stored, error });
      await answerFailure(kind, { ack: acked ? undefined : ack, client: args.client, userId, channelId: request.channelId, view: request.view, stored, text: failureText(deps, stored) }).catch((answerError: unknown) =>
        deps.logger.event('error', 'listener.failure_unanswered', { kind, user: userId, error: answerError }),
      );
    }
  };
}

async function answerFailure(
  kind: ListenerKind,
  f: { ack?: Ack; client: WebClient; userId?: string; channelId?: string; view?: Record<string, any>; stored: boolean; text: string },
): Promise<void> {
  if (kind === 'options') {
    // The picker shows the error as its only choice; picking it selects nothing the forms accept.
    if (f.ack) await f.ack({ options: [option(FAILURE_TEXT.search, 'error')] });
    return;
  }
  if (kind === 'view' && f.ack) {
    await f.ack(failedSubmissionAnswer(f.view, f.stored, f.text));
    return;
  }
  // A click is acknowledged first (within Slack's 3 seconds); then the person is told privately.
  if (f.ack) await f.ack();
  if (!f.userId) return;
  await tellPrivately(f.client, { userId: f.userId, channelId: f.channelId }, { text: `:warning: ${f.text}` });
}

function listenerId(kind: ListenerKind, body: Record<string, any>): string | undefined {
  const id = kind === 'action' ? body.actions?.[0]?.action_id : kind === 'view' ? body.view?.callback_id : kind === 'options' ? body.action_id : body.event?.type;
  return typeof id === 'string' ? id.slice(0, 100) : undefined;
}
