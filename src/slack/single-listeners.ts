import type { AllMiddlewareArgs, AnyMiddlewareArgs, App, Middleware } from '@slack/bolt';
import type { Deps } from '../deps';
import { guardListener, guardMiddleware } from './listener-errors';

type Constraint = string | RegExp | Record<string, string | RegExp | undefined>;
type Listener = Middleware<AnyMiddlewareArgs>;
interface Route {
  constraint: Constraint;
  listeners: Listener[];
}

const KINDS = ['action', 'view', 'options'] as const;
type Kind = (typeof KINDS)[number];

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
  return Object.entries(constraint).every(([key, want]) => test(want, fields[key]));
}

async function runChain(listeners: Listener[], args: AnyMiddlewareArgs & AllMiddlewareArgs): Promise<void> {
  const step = async (index: number): Promise<void> => {
    const listener = listeners[index];
    if (listener) await listener({ ...args, next: () => step(index + 1) });
  };
  await step(0);
}

/**
 * Bolt runs the matcher chain of every registered listener for every request; with the ~40
 * actions, views and option loaders of our features that was the largest CPU cost of a request.
 * The features register on this facade instead, and Bolt sees one listener per kind that looks up
 * the feature's handler. Only the default `view_submission` type is routed for views, as Bolt's
 * own `app.view(id)` does.
 *
 * Every feature listener runs inside `guardListener` (listener-errors.ts), also the events the
 * facade passes on to Bolt: an exception anywhere gives the user a Dutch answer instead of a modal
 * that closes as if saved or a click that does nothing.
 */
export function withSingleListeners(app: App, deps: Deps): App {
  const routes: Record<Kind, Route[]> = { action: [], view: [], options: [] };
  const facade = Object.create(app) as App;
  for (const kind of KINDS) {
    (facade as unknown as Record<Kind, (constraint: Constraint, ...listeners: Listener[]) => void>)[kind] = (constraint, ...listeners) => {
      routes[kind].push({ constraint, listeners });
    };
  }
  // Events keep Bolt's own routing (few kinds, one listener each), with each listener guarded.
  (facade as unknown as { event: (eventType: unknown, ...listeners: Listener[]) => void }).event = (eventType, ...listeners) =>
    (app as unknown as { event: (eventType: unknown, ...listeners: Listener[]) => void }).event(eventType, ...listeners.map((l) => guardMiddleware('event', deps, l)));
  const dispatch = (kind: Kind) =>
    guardListener(kind, deps, async (args: AnyMiddlewareArgs & AllMiddlewareArgs) => {
      const fields = fieldsOf(kind, args.body as Record<string, any>);
      const route = routes[kind].find((r) => matches(r.constraint, fields, kind));
      if (route) await runChain(route.listeners, args);
    });
  app.action(/(?:)/, dispatch('action') as never);
  app.view({ callback_id: /(?:)/, type: 'view_submission' }, dispatch('view') as never);
  app.options(/(?:)/, dispatch('options') as never);
  return facade;
}
