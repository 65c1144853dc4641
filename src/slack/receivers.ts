import { HTTPReceiver, SocketModeReceiver, type App, type ReceiverEvent } from '@slack/bolt';

/**
 * Wraps App.processEvent so every request is acknowledged, also one no listener claimed (an
 * unknown action id, a stale button from an older version, a hostile payload). Bolt would leave
 * those waiting three seconds and then answer 404, and Slack would show the user an error.
 */
export function ackingApp(app: App, beforeAck: () => Promise<void> = () => Promise.resolve()): App {
  const processEvent = async (event: ReceiverEvent): Promise<void> => {
    let acked = false;
    const tracked: ReceiverEvent = {
      ...event,
      ack: async (response) => {
        acked = true;
        // A handler stores, then acks: the ack waits until what it stored survives a power loss too.
        await beforeAck();
        return event.ack(response);
      },
    };
    try {
      await app.processEvent(tracked);
    } finally {
      if (!acked) await event.ack().catch(() => undefined);
    }
  };
  return { processEvent } as unknown as App;
}

/** HTTP mode: Bolt's receiver with every request acknowledged. */
export class AckingHTTPReceiver extends HTTPReceiver {
  /** Awaited before every ack (the durability barrier). */
  beforeAck?: () => Promise<void>;
  override init(app: App): void {
    super.init(ackingApp(app, () => this.beforeAck?.() ?? Promise.resolve()));
  }
}

/** Socket Mode: Bolt's receiver with every request acknowledged. */
export class AckingSocketModeReceiver extends SocketModeReceiver {
  beforeAck?: () => Promise<void>;
  override init(app: App): void {
    super.init(ackingApp(app, () => this.beforeAck?.() ?? Promise.resolve()));
  }
}
