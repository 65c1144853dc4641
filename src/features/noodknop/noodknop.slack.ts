import type { Button } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../deps';
import { button } from '../../blockkit/blocks';
import { NOODKNOP_HOME_OPEN } from '../../blockkit/ids';
import { type CommandReply, type Feature, type ScheduledJob } from '../feature';
import { dueReminders, expiringRequests, pendingExpiryNotices, unresolvedRequests } from './noodknop.store';
import { announceOf, broadcastDelivered, broadcastRefused, ensureBroadcast, expireAndAnnounce, issueExpiryNotices, remindAndAnnounce } from './announce.write';
import { deliverNow } from '../../outbox/signal';
import { activeOffers } from './noodknop.query';
import { listMessage } from './noodknop.view';
import { noodknopActions, noodknopForms, openRequest } from './noodknop.forms';
import { textMessage, type Message } from '../../blockkit/message';

function renderList(deps: Deps): Message {
  return listMessage(unresolvedRequests(deps.db).map((request) => ({ request, offers: activeOffers(deps.db, request.id) })));
}

/**
 * The escalation job: expires uncovered requests past their deadline (broadcast shows verlopen,
 * thread and requester are told) and issues due reminders in the thread, each in one transaction
 * with the messages it causes (announce.write.ts); the outbox delivers them. What is due lives in
 * noodknop_reminders, so a restart neither repeats nor skips one; reminders that fell due together
 * while the bot was down go out as one message. It also gives a broadcast to a request stored
 * before the outbox existed whose broadcast never went out.
 */
export async function runNoodknopEscalation(deps: Deps, _client?: WebClient): Promise<void> {
  const now = deps.clock.now();
  const { db } = deps;
  const announce = announceOf(deps.config);
  if (!announce) return;

  for (const request of unresolvedRequests(db)) {
    if (request.state !== 'verlopen' && ensureBroadcast(db, request, announce, now)) deps.logger.event('info', 'noodknop.broadcast_enqueued', { request: request.id, late: true });
  }
  for (const candidate of expiringRequests(db, now)) {
    if (expireAndAnnounce(db, candidate.id, announce, now)) deps.logger.event('info', 'noodknop.expired', { request: candidate.id });
  }
  // Notices of requests that expired before the outbox existed and were never sent.
  for (const pending of pendingExpiryNotices(db)) issueExpiryNotices(db, pending.requestId, pending.kinds, announce, now);
  for (const due of dueReminders(db, now)) {
    if (remindAndAnnounce(db, due.requestId, due.kinds, announce, now)) deps.logger.event('info', 'noodknop.reminded', { request: due.requestId, kinds: due.kinds });
  }
  await deliverNow(db);
}

const noodknopJob: ScheduledJob = {
  name: 'noodknop.escalation',
  cron: () => '* * * * *',
  run: runNoodknopEscalation,
  runAtStart: true,
};

export const noodknopFeature: Feature = {
  name: 'noodknop',
  subcommands: [
    {
      name: 'noodknop',
      usage: 'noodknop [lijst]',
      summary: 'Noodknop: vraag het team om binnen 24 uur opvang voor een groep (met `lijst`: de open oproepen).',
      run: (input, deps): CommandReply => {
        const args = input.args.trim().toLowerCase();
        if (args === 'lijst' || args === 'list') return { kind: 'message', message: renderList(deps) };
        if (args !== '') return { kind: 'message', message: textMessage('Gebruik `/opvang noodknop` voor een nieuwe oproep of `/opvang noodknop lijst` voor de open oproepen.') };
        return openRequest({ deps, userId: input.userId });
      },
    },
  ],
  homeButtons: (): Button[] => [button('Noodknop', NOODKNOP_HOME_OPEN, undefined, 'danger')],
  jobs: [noodknopJob],
  forms: noodknopForms,
  actions: noodknopActions,
  onOutboxSent: (db, row) => {
    if (row.kind === 'noodknop_broadcast') broadcastDelivered(db, row);
  },
  onOutboxFailed: (db, row, at) => {
    if (row.kind === 'noodknop_broadcast') broadcastRefused(db, row, at);
  },
};
