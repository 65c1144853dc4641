import { OVERDUE_CONFIRM, OVERDUE_NOT_MINE, OVERDUE_UPDATE } from '../../blockkit/ids';
import { escapeMrkdwn, personRef } from '../../blockkit/escape';
import { textMessage } from '../../blockkit/message';
import type { Deps } from '../../deps';
import { firedToday } from '../../domain/schedule';
import { formatDateTime } from '../../format/nl';
import { requireRole } from '../access/require-role';
import { locationUpdate } from '../capacity/capacity.forms';
import type { ActionContext, ActionResult, Feature } from '../feature';
import { openFormFromAction } from '../form-runner';
import { parseButtonValue } from './overdue';
import { askOverdue, confirmOverdue, disownOverdue, overdueSettings, type ClickResult, type OverdueSettings } from './overdue.write';

/**
 * Figures that ask for themselves (issue 15 §1): the job that asks owners about overdue figures
 * (OVERDUE_CRON, and at start: a bot that was down catches up on today's run), and the three
 * buttons on its messages.
 */

const settingsOf = (deps: Deps): OverdueSettings => overdueSettings(deps.config);

/**
 * The scheduled job. It acts only when the schedule has fired today (Amsterdam) and its time has
 * passed, so the run at start of a bot that was down at 09:00 catches up, and a start at 03:00 or
 * on a Sunday waits for the schedule; what was asked is in overdue_prompts, so no run repeats one.
 */
async function runOverdueJob(deps: Deps): Promise<void> {
  const now = deps.clock.now();
  if (!firedToday(now, deps.config.overdue.cron)) return;
  const run = askOverdue(deps.db, settingsOf(deps), now);
  if (run.messages > 0) deps.logger.event('info', 'overdue.asked', { ...run });
}

const tell = (text: string): ActionResult => ({ kind: 'tell', message: textMessage(text) });

function answer(result: ClickResult, what: 'confirm' | 'not_mine'): ActionResult {
  switch (result.status) {
    // The message itself says what happened (updated through the outbox).
    case 'done':
      return { kind: 'nothing' };
    case 'gone':
      return tell('Deze locatie bestaat niet meer. Er is niets opgeslagen.');
    case 'moved':
      return tell(
        `*${escapeMrkdwn(result.location.name)}* is intussen bijgewerkt door ${personRef(result.location.updatedBy)} (${formatDateTime(new Date(result.location.updatedAt))}); de cijfers zijn weer actueel. Er is niets extra opgeslagen.`,
      );
    case 'already':
      return tell('Dat had je al doorgegeven; de beheerders weten het.');
    case 'not_asked':
      return tell(
        what === 'not_mine' && result.ownerId
          ? `Deze vraag ging naar ${personRef(result.ownerId)}; alleen die kan de locatie doorgeven. Is de eigenaar niet goed? Pas die aan met *Bijwerken*.`
          : 'Deze vraag staat niet (meer) open. Er is niets opgeslagen.',
      );
  }
}

function clicked(ctx: ActionContext): { id: number; version: number } | undefined {
  return parseButtonValue(ctx.value);
}

export const overdueFeature: Feature = {
  name: 'overdue',
  actions: [
    {
      // "Klopt nog": a write, so the editor role at the moment of the click.
      id: OVERDUE_CONFIRM,
      run: (ctx) => {
        const refusal = requireRole(ctx.deps, ctx.userId, 'editor', OVERDUE_CONFIRM);
        if (refusal) return tell(refusal);
        const click = clicked(ctx);
        if (!click) return tell('Deze knop klopt niet (meer). Er is niets opgeslagen.');
        return answer(confirmOverdue(ctx.deps.db, { ...click, actor: ctx.userId }, settingsOf(ctx.deps), ctx.deps.clock.now()), 'confirm');
      },
    },
    {
      // "Bijwerken": the update form with the location's figures, as /opvang bijwerken opens it.
      id: OVERDUE_UPDATE,
      run: (ctx) => {
        const id = /^\d{1,12}$/.test(ctx.value ?? '') ? Number(ctx.value) : undefined;
        return openFormFromAction(locationUpdate, { deps: ctx.deps, userId: ctx.userId }, id === undefined ? {} : { id });
      },
    },
    {
      // "Niet mijn locatie": only the person asked; stores nothing but the hand-over, so no editor role needed.
      id: OVERDUE_NOT_MINE,
      run: (ctx) => {
        const click = clicked(ctx);
        if (!click) return tell('Deze knop klopt niet (meer). Er is niets opgeslagen.');
        return answer(disownOverdue(ctx.deps.db, { ...click, actor: ctx.userId }, settingsOf(ctx.deps), ctx.deps.clock.now()), 'not_mine');
      },
    },
  ],
  jobs: [{ name: 'overdue', cron: (deps) => deps.config.overdue.cron, run: runOverdueJob, runAtStart: true }],
};
