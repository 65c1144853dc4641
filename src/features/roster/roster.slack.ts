import type { Deps } from '../../deps';
import { toLocalDay } from '../../format/nl';
import { escapeMrkdwn } from '../../blockkit/escape';
import { holdsRole, requireRole } from '../access/require-role';
import { type CommandReply, type Feature, type ScheduledJob } from '../feature';
import { openForm } from '../form-runner';
import { referenceData } from '../../store/reference';
import type { Role } from '../../domain/vocabulary';
import { ourDuty } from './roster';
import { dutyReads, listPeriods } from './roster.store';
import { postStaffingGaps, sendShiftReminders, warnLongStays } from './roster.jobs';
import { dutyImport, openOutflow, period, renderShifts, rosterActions, rosterForms, shift, shiftPattern } from './roster.forms';
import { rosterMessage } from './roster.view';
import { textMessage, type Message } from '../../blockkit/message';

const reply = (text: string): CommandReply => ({ kind: 'message', message: textMessage(text) });

/** /opvang rooster: today's duty, the coming periods and our next duty with a countdown. */
function renderRoster(deps: Deps, userId: string): Message {
  const today = toLocalDay(deps.clock.now());
  const duty = dutyReads(deps.db);
  const region = deps.config.region;
  const isAdmin = holdsRole(deps.db, userId, 'admin');
  return rosterMessage({
    today,
    regionName: referenceData(deps.db).regionName(region) ?? region,
    dutyToday: duty.dutyOn(today),
    coming: listPeriods(deps.db, today),
    ourDuty: ourDuty(duty.nextDutyOf(region, today), today, duty.lastRosterDay()),
    isAdmin,
    editable: isAdmin ? listPeriods(deps.db) : [],
  });
}

const USAGE =
  '`/opvang rooster`: CNO-dienst van de regio’s · `/opvang rooster diensten`: bemensing komende 7 dagen · beheerders: `rooster periode`, `rooster import`, `rooster dienst`, `rooster patroon` · `/opvang rooster uitstroom`: uitstroombestemming vastleggen';

function guarded(deps: Deps, userId: string, role: Role, open: () => CommandReply): CommandReply {
  const refusal = requireRole(deps, userId, role);
  return refusal ? reply(refusal) : open();
}

function runRoster(args: string, userId: string, deps: Deps): CommandReply {
  const word = args.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  const ctx = { deps, userId };
  switch (word) {
    case '':
      return { kind: 'message', message: renderRoster(deps, userId) };
    case 'diensten':
      return { kind: 'message', message: renderShifts(deps, userId) };
    case 'periode':
      return openForm(period, ctx);
    case 'import':
      return openForm(dutyImport, ctx);
    case 'dienst':
      return openForm(shift, ctx);
    case 'patroon':
      return openForm(shiftPattern, ctx);
    case 'uitstroom':
      return guarded(deps, userId, 'editor', () => {
        const opened = openOutflow(ctx);
        return opened.kind === 'form' ? opened : reply(opened.kind === 'tell' ? opened.message.text : '');
      });
    default:
      return reply(`Onbekend: \`rooster ${escapeMrkdwn(word)}\`. ${USAGE}`);
  }
}

const rosterJobs: ScheduledJob[] = [
  { name: 'roster.reminders', cron: () => '*/5 * * * *', run: sendShiftReminders, runAtStart: true },
  { name: 'roster.gaps', cron: () => '0 7 * * *', run: postStaffingGaps, runAtStart: true },
  { name: 'roster.stays', cron: () => '0 8-20 * * *', run: warnLongStays, runAtStart: true },
];

export const rosterFeature: Feature = {
  name: 'roster',
  subcommands: [
    {
      name: 'rooster',
      usage: 'rooster [diensten|uitstroom]',
      summary: 'CNO-dienst van de regio’s en onze volgende dienst; met `diensten` de bemensing van de komende 7 dagen en open diensten.',
      run: (input, deps) => runRoster(input.args, input.userId, deps),
    },
  ],
  jobs: rosterJobs,
  forms: rosterForms,
  actions: rosterActions,
};
