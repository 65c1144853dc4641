import type { AllMiddlewareArgs, AnyMiddlewareArgs, App, Middleware, SlackActionMiddlewareArgs, SlackEventMiddlewareArgs, SlackOptionsMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../deps';
import type { Listeners } from '../features/feature';
import { guardListener } from './listener-errors';

/** What Bolt's action/view/options take: an id, a pattern, or an object of ids (all must match). */
type Constraint = string | RegExp | Partial<Record<'action_id' | 'block_id' | 'callback_id' | 'type', string | RegExp>>;

type Kind = 'action' | 'view' | 'options';

/** The ids a request of each kind is matched on; the first is what a plain string constraint means. */
function fieldsOf(kind: Kind, body: Record<string, any>): Record<string, string | undefined> {
  switch (kind) {
    case 'action': {
      const action = body.actions?.[0] ?? {};
      return { action_id: action.action_id, block_id: action.block_id, callback_id: body.view?.callback_id, type: body.type };
    }
    case 'view':
      return { callback_id: body.view?.callback_id, type: body.type };
    case 'options':
      return { action_id: body.action_id, block_id: body.block_id, callback_id: body.view?.callback_id, type: body.type };
  }
}

const primary: Record<Kind, string> = { action: 'action_id', view: 'callback_id', options: 'action_id' };

function matches(constraint: Constraint, fields: Record<string, string | undefined>, kind: Kind): boolean {
  const test = (want: string | RegExp | undefined, value: string | undefined) =>
    want === undefined || (value !== undefined && (typeof want === 'string' ? want === value : want.test(value)));
  if (typeof constraint === 'string' || constraint instanceof RegExp) return test(constraint, fields[primary[kind]]);
  return Object.entries(constraint).every(([key, want]: [string, string | RegExp | undefined]) => test(want, fields[key]));
}

async function runChain<Args extends AnyMiddlewareArgs>(listeners: Middleware<Args>[], args: Args & AllMiddlewareArgs): Promise<void> {
  const step = async (index: number): Promise<void> => {
    const listener = listeners[index];
    if (listener) await listener({ ...args, next: () => step(index + 1) });
  };
  await step(0);
}

/** The routes of one kind: what features registered, and the one Bolt listener that looks them up. */
function routesOf<Args extends AnyMiddlewareArgs>(kind: Kind) {
  const routes: { constraint: Constraint; listeners: Middleware<Args>[] }[] = [];
  return {
    register(constraint: Constraint, ...listeners: Middleware<Args>[]): void {
      routes.push({ constraint, listeners });
    },
    async dispatch(args: Args & AllMiddlewareArgs): Promise<void> {
      const fields = fieldsOf(kind, args.body as Record<string, any>);
      const route = routes.find((r) => matches(r.constraint, fields, kind));
      if (route) await runChain(route.listeners, args);
    },
  };
}

/**
 * Bolt runs the matcher chain of every registered listener for every request; with the ~40
 * actions, views and option loaders of our features that was the largest CPU cost of a request.
 * So the features register on this router (the same signatures as `app.action/view/options`),
 * and Bolt gets one listener per kind through its documented `app.action(/regex/, …)`, which
 * looks up the feature's handler. Only the default `view_submission` type is routed for views, as
 * Bolt's own `app.view(id)` does. Events go to Bolt as they are: there are two.
 *
 * Every feature listener runs inside `guardListener` (listener-errors.ts), also the events passed
 * on to Bolt: an exception anywhere gives the user a Dutch answer instead of a modal that closes
 * as if saved or a click that does nothing.
 */
export function singleListeners(app: App, deps: Deps): Listeners {
  const actions = routesOf<SlackActionMiddlewareArgs>('action');
  const views = routesOf<SlackViewMiddlewareArgs>('view');
  const options = routesOf<SlackOptionsMiddlewareArgs>('options');
  app.action(/(?:)/, guardListener('action', deps, actions.dispatch));
  app.view({ callback_id: /(?:)/, type: 'view_submission' }, guardListener('view', deps, views.dispatch));
  app.options(/(?:)/, guardListener('options', deps, options.dispatch));
  return {
    action: actions.register,
    view: views.register,
    options: options.register,
    event: (eventName: string, ...listeners: Middleware<SlackEventMiddlewareArgs>[]) => app.event(eventName, ...listeners.map((l) => guardListener('event', deps, l))),
  };
}
