import { App, type ReceiverEvent } from '@slack/bolt';

/**
 * Bolt's App with two additions, made where the receiver hands a request to the app
 * (`processEvent`, the seam a custom receiver calls: docs.slack.dev/tools/bolt-js/concepts/receiver),
 * so they hold for HTTP and Socket Mode alike:
 *
 * - **Every request is acknowledged**, also one no listener claimed (an unknown action id, a stale
 *   button from an older version, a type Bolt cannot route, a hostile payload). Bolt would leave it
 *   unanswered and Slack would show the user an error. Bolt offers nothing that does this at once:
 *   HTTPReceiver's documented `unhandledRequestHandler` fires only after
 *   `unhandledRequestTimeoutMillis`, one timeout for every request, which cannot go below the
 *   2,5 s that /opvang may take before its ack (slash-command.ts); SocketModeReceiver has no such
 *   handler at all; and global middleware (`app.use`) never sees a request Bolt cannot route, nor
 *   whether a listener called `ack()`. So this one subclass stays.
 * - **In-flight work is counted**: `idle()` resolves when every request that arrived has finished
 *   all its work (the ack, and what the listener does after it: Web API calls, writes). Tests
 *   wait for that instead of sleeping when they assert that nothing happened.
 */
export class AckingApp extends App {
  private readonly inFlight = new Set<Promise<void>>();
  /**
   * Awaited before every ack: a handler stores, then acks, and the ack waits until what it stored
   * survives a power loss too (the group-commit barrier, store/durability.ts).
   */
  beforeAck?: () => Promise<void>;

  override processEvent(event: ReceiverEvent): Promise<void> {
    const work = this.acknowledged(event);
    this.inFlight.add(work);
    const forget = () => {
      this.inFlight.delete(work);
    };
    work.then(forget, forget);
    return work;
  }

  private async acknowledged(event: ReceiverEvent): Promise<void> {
    let acked = false;
    const tracked: ReceiverEvent = {
      ...event,
      ack: async (response) => {
        acked = true;
        await this.beforeAck?.();
        return event.ack(response);
      },
    };
    try {
      await super.processEvent(tracked);
    } finally {
      if (!acked) await event.ack().catch(() => undefined);
    }
  }

  /** Resolves when no request is being processed: all work that requests started has finished. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }
}
