import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from '../logger';

/** What a request is about, for the log: who, which kind, which command/action/view/event. */
function describeRequest(body: Record<string, any>): { user?: string; kind: string; action?: string } {
  if (typeof body.command === 'string') {
    const sub = String(body.text ?? '').trim().split(/\s+/)[0] || 'stand';
    return { user: body.user_id, kind: 'command', action: `${body.command} ${sub}` };
  }
  if (body.type === 'block_actions') return { user: body.user?.id, kind: 'action', action: (body.actions ?? []).map((a: { action_id?: string }) => a.action_id).join(',') };
  if (body.type === 'view_submission' || body.type === 'view_closed') return { user: body.user?.id, kind: body.type, action: body.view?.callback_id };
  if (body.type === 'block_suggestion') return { user: body.user?.id, kind: 'options', action: body.action_id };
  if (body.event) return { user: body.event.user, kind: 'event', action: body.event.type };
  return { kind: String(body.type ?? 'unknown') };
}

/** One structured log line per Slack request, with the user, what they did and how long it took. */
export function requestLog(logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    const started = performance.now();
    let failed = false;
    try {
      await next();
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      logger.event(failed ? 'error' : 'info', 'slack.request', { ...describeRequest(body as Record<string, any>), ms: Math.round(performance.now() - started), failed });
    }
  };
}
