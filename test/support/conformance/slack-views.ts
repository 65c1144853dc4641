/**
 * Views as Slack stores them, for the fake Web API: views.open and views.push give each view a
 * fresh id, every open, update or publish a new hash, and every block without a block_id a
 * Slack-generated one (docs.slack.dev/reference/block-kit/blocks: "If not specified, a block_id
 * will be generated"). The test helpers build submissions from these stored views, so a
 * submission carries the block ids Slack would send.
 * (docs.slack.dev/reference/methods/views.open, …/views.update, …/views.publish)
 */
export interface StoredView {
  id: string;
  hash: string;
  type: 'modal' | 'home';
  blocks: any[];
  callback_id?: string;
  private_metadata: string;
  [key: string]: unknown;
}

export class SlackViewStore {
  private readonly views = new Map<string, StoredView>();
  private readonly homes = new Map<string, string>();
  private counter = 0;

  private next(): number {
    return ++this.counter;
  }

  /** Slack's generated block ids are short random strings; ours are deterministic and never look like ours. */
  withBlockIds(blocks: unknown): any[] {
    if (!Array.isArray(blocks)) return [];
    return blocks.map((block) => (block && typeof block === 'object' && !('block_id' in block) ? { ...block, block_id: `sl${this.next().toString(36)}` } : block));
  }

  private store(id: string, view: Record<string, any>): StoredView {
    const stored: StoredView = {
      ...view,
      id,
      hash: `${Date.now()}.h${this.next().toString(36)}`,
      type: view.type,
      blocks: this.withBlockIds(view.blocks),
      private_metadata: view.private_metadata ?? '',
      state: { values: {} },
    };
    this.views.set(id, stored);
    return stored;
  }

  /** views.open / views.push: a new view with a new id. */
  open(view: Record<string, any>): StoredView {
    return this.store(`V${String(this.next()).padStart(6, '0')}`, view);
  }

  /**
   * views.update: replaces the view in place (same id, new hash). A `hash` that is not the current
   * one is refused with `hash_conflict`, as Slack does; an unknown id with `not_found`.
   */
  update(viewId: string | undefined, hash: string | undefined, view: Record<string, any>): StoredView | { error: 'not_found' | 'hash_conflict' } {
    const current = viewId ? this.views.get(viewId) : undefined;
    if (!current) {
      // A view the fake never opened (a test that made its own payload): stored under that id now.
      return this.store(viewId ?? `V${String(this.next()).padStart(6, '0')}`, view);
    }
    if (hash !== undefined && hash !== current.hash) return { error: 'hash_conflict' };
    return this.store(current.id, view);
  }

  /** views.publish: each user's Home tab keeps its view id. */
  publish(userId: string, view: Record<string, any>): StoredView {
    const id = this.homes.get(userId) ?? `VH${String(this.next()).padStart(6, '0')}`;
    this.homes.set(userId, id);
    return this.store(id, view);
  }

  get(id: string): StoredView | undefined {
    return this.views.get(id);
  }

  home(userId: string): StoredView | undefined {
    const id = this.homes.get(userId);
    return id ? this.views.get(id) : undefined;
  }
}
