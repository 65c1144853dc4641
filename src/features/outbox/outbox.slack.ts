import type { Deps } from '../../deps';
import { enqueuePost, findOutboxRow, isLegacyRow, listOutbox, retryFailedRow, type OutboxRow } from '../../outbox/outbox.store';
import type { Db } from '../../store/database';
import { escapeMrkdwn } from '../../blockkit/escape';
import { parseWholeNumber } from '../../domain/numbers';
import { textMessage } from '../../blockkit/message';
import { recordAudit } from '../../store/audit';
import { requireRole } from '../access/require-role';
import { listRoles } from '../access/rights.store';
import type { CommandReply, Feature } from '../feature';
import { failureNotice, kindLabel, outboxListMessage } from './outbox.view';

/**
 * What happens when an outbox row fails for good (runs in the transaction that marks it failed):
 * an audit line, a private notice to every admin (itself through the outbox, keyed per failure
 * so it goes out once; a failing notice makes no further notices), and each feature's own
 * follow-up (the noodknop tells the requester that the broadcast could not be placed).
 */
export function outboxFailureHook(features: Feature[]): (db: Db, row: OutboxRow, at: Date) => void {
  return (db, row, at) => {
    recordAudit(db, {
      actor: 'opvangbot',
      action: 'outbox.failed',
      entity: 'outbox',
      entityId: row.key,
      after: { id: row.id, kind: row.kind, error: row.lastError, attempts: row.attempts },
      at,
    });
    if (row.kind !== 'admin_notice') {
      const notice = failureNotice(row);
      for (const admin of listRoles(db).filter((r) => r.role === 'admin')) {
        enqueuePost(db, { key: `outbox:${row.id}:failed:${at.toISOString()}:${admin.userId}`, kind: 'admin_notice', target: { user: admin.userId }, message: notice }, at);
      }
    }
    for (const feature of features) feature.onOutboxFailed?.(db, row, at);
  };
}

/** Lets each feature remember where its message landed, in the transaction that marks it sent. */
export function outboxSentHook(features: Feature[]): (db: Db, row: OutboxRow, at: Date) => void {
  return (db, row, at) => {
    for (const feature of features) feature.onOutboxSent?.(db, row, at);
  };
}

/** /opvang outbox [opnieuw <nummer>]: admins see what is stuck and retry a failed message. */
function runOutboxCommand(deps: Deps, userId: string, args: string): CommandReply {
  const refused = requireRole(deps, userId, 'admin', 'outbox');
  if (refused) return { kind: 'message', message: textMessage(refused) };
  const [word = '', idText = ''] = args.trim().toLowerCase().split(/\s+/);
  if (word === '') return { kind: 'message', message: outboxListMessage(listOutbox(deps.db, ['failed'], 15), listOutbox(deps.db, ['pending', 'sending'], 15)) };
  if (word !== 'opnieuw' && word !== 'retry') return { kind: 'message', message: textMessage('Gebruik `/opvang outbox` voor wat vastzit, of `/opvang outbox opnieuw &lt;nummer&gt;` om een mislukt bericht opnieuw te versturen.') };
  const id = parseWholeNumber(idText.replace(/^#/, ''), { max: Number.MAX_SAFE_INTEGER });
  const row = id.ok && id.value > 0 ? findOutboxRow(deps.db, id.value) : undefined;
  if (!row) return { kind: 'message', message: textMessage(`Er is geen bericht met nummer \`${escapeMrkdwn(idText || '?')}\`. \`/opvang outbox\` toont de nummers.`) };
  if (row.state !== 'failed') {
    return { kind: 'message', message: textMessage(`Bericht #${row.id} (${kindLabel(row.kind)}) is niet mislukt: het ${row.state === 'sent' ? 'is al verstuurd' : 'staat al klaar om te versturen'}. Er is niets veranderd.`) };
  }
  if (isLegacyRow(row)) {
    const hint = row.kind === 'digest' ? ' Het overzicht van vandaag post je alsnog met `/opvang digest nu`.' : '';
    return { kind: 'message', message: textMessage(`Bericht #${row.id} stamt van vóór de outbox; de bot kent de inhoud niet en kan het niet opnieuw versturen.${hint}`) };
  }
  const now = deps.clock.now();
  const retried = retryFailedRow(deps.db, row.id, now, () =>
    recordAudit(deps.db, { actor: userId, action: 'outbox.retry', entity: 'outbox', entityId: row.key, before: { state: 'failed', error: row.lastError }, after: { state: 'pending' }, at: now }),
  );
  if (!retried) return { kind: 'message', message: textMessage(`Bericht #${row.id} is intussen al opnieuw in behandeling. Er is niets veranderd.`) };
  deps.logger.event('info', 'outbox.retry_requested', { by: userId, key: row.key });
  return {
    kind: 'message',
    message: textMessage(
      `Bericht #${row.id} (${kindLabel(row.kind)}) staat weer klaar en gaat zo naar Slack. Staat het er misschien al, dan zoekt de bot het eerst op: het komt er niet twee keer in.`,
    ),
  };
}

export const outboxFeature: Feature = {
  name: 'outbox',
  subcommands: [
    {
      name: 'outbox',
      aliases: ['berichten'],
      usage: 'outbox [opnieuw nummer]',
      summary: 'Beheerders: berichten die (nog) niet in Slack staan, en een mislukt bericht opnieuw versturen.',
      run: (input, deps) => runOutboxCommand(deps, input.userId, input.args),
    },
  ],
};
