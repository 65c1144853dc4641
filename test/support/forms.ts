import { ADMIN, viewOf, viewSubmission, type StateValue, type TestBot } from './bot';

/** Gives a user a role directly in the database (tests of forms, not of /opvang rechten). */
export function grantRole(bot: TestBot, userId: string, role: 'admin' | 'editor' | 'viewer'): void {
  bot.deps.db
    .prepare(`INSERT INTO user_roles (slack_user_id, role, granted_by, granted_at) VALUES (?, ?, ?, '2022-05-01T00:00:00Z')
              ON CONFLICT (slack_user_id) DO UPDATE SET role = excluded.role`)
    .run(userId, role, ADMIN);
}

/** The block id in `view` for a field name (block ids may carry a ":suffix"). */
export function blockIdOf(view: any, field: string): string {
  const block = (view.blocks as any[]).find((b) => b.block_id === field || String(b.block_id ?? '').startsWith(`${field}:`));
  if (!block) throw new Error(`no block for ${field} in ${(view.blocks as any[]).map((b) => b.block_id).join(', ')}`);
  return block.block_id as string;
}

/**
 * A view_submission of `view` (as Slack stored it: `viewOf()` of the fake's answer) with values per
 * field name: the view's id, hash and blocks, and every input block in state as Slack sends it.
 */
export function submit(view: any, user: string, values: Record<string, StateValue>, options: { viewId?: string; hash?: string } = {}) {
  const fields = Object.fromEntries(Object.entries(values).map(([field, value]) => [blockIdOf(view, field), value]));
  return viewSubmission(view.callback_id, user, fields, { privateMetadata: view.private_metadata, view, ...options });
}

/** Runs a command that opens a modal and returns the modal the bot opened. */
export async function openedModal(bot: TestBot, command: string, user = ADMIN): Promise<any> {
  const before = bot.fake.callsTo('views.open').length;
  const res = await bot.command(command, user);
  if (res.status !== 200) throw new Error(`command failed: ${res.status}`);
  return viewOf(await bot.fake.waitForCall('views.open', before + 1));
}
