import { formatDateTime } from '../../format/nl';
import { refusalInDutch } from '../../domain/slack-refusals';
import { context, fitLines, header, section, andMore } from '../../blockkit/blocks';
import { escapeMrkdwn } from '../../blockkit/escape';
import type { Message } from '../../blockkit/message';
import type { KnownBlock } from '@slack/types';
import type { OutboxRow } from '../../outbox/outbox';

/** What each kind of outbox message is, in Dutch, for admins. */
const KIND_LABELS: Record<string, string> = {
  digest: 'ochtendoverzicht',
  digest_chart: 'grafiek bij het ochtendoverzicht',
  noodknop_broadcast: 'noodknop-oproep',
  noodknop_update: 'bijwerken van een noodknop-oproep',
  noodknop_thread: 'bericht in een noodknop-draad',
  noodknop_reminder: 'noodknop-herinnering',
  noodknop_expired: 'noodknop verlopen (draad)',
  noodknop_expired_dm: 'noodknop verlopen (privébericht)',
  noodknop_failed_dm: 'privébericht: oproep niet geplaatst',
  noodknop_reply_update: 'bijwerken van een aanbod in de draad',
  shift_reminder: 'dienstherinnering',
  shift_gaps: 'open diensten',
  shift_handed_back: 'teruggegeven dienst',
  stay_warning: '14-dagenwaarschuwing',
  import_report: 'importverslag',
  role_changed: 'rolwijziging',
  admin_notice: 'melding aan beheerders',
};

export const kindLabel = (kind: string) => KIND_LABELS[kind] ?? kind;

/** The message a thread reply belongs to, in words (its outbox key is not for people). */
function parentName(key: string): string {
  const noodknop = /^noodknop:(\d+):/.exec(key);
  if (noodknop) return `noodknop #${noodknop[1]}`;
  if (key.startsWith('digest:')) return 'het ochtendoverzicht';
  return 'een eerder bericht';
}

/** Where a row goes, as Slack shows it. */
function destination(row: Pick<OutboxRow, 'channelId' | 'userId' | 'parentKey'>): string {
  if (row.userId) return `<@${row.userId}> (privébericht)`;
  if (row.channelId && !row.channelId.startsWith('D')) return `<#${row.channelId}>`;
  if (row.parentKey) return `de draad van ${parentName(row.parentKey)}`;
  return row.channelId ? 'een privébericht' : 'onbekend';
}

const STATE_LABELS: Record<OutboxRow['state'], string> = { pending: 'wacht', sending: 'wordt verstuurd', sent: 'verstuurd', failed: 'MISLUKT' };

/** One line per row: id, what, where, state, attempts and the last error. */
function outboxLine(row: OutboxRow): string {
  const error = row.lastError ? ` · \`${escapeMrkdwn(row.lastError.slice(0, 120))}\`` : '';
  const next = row.state === 'pending' && row.attempts > 0 ? ` · volgende poging ${formatDateTime(new Date(row.nextAttemptAt))}` : '';
  return `• *#${row.id}* ${kindLabel(row.kind)} naar ${destination(row)} · *${STATE_LABELS[row.state]}* · ${row.attempts} ${row.attempts === 1 ? 'poging' : 'pogingen'}${next}${error}`;
}

/** `/opvang outbox`: what is stuck (failed) and what is still waiting. */
export function outboxListMessage(failed: OutboxRow[], waiting: OutboxRow[]): Message {
  if (failed.length === 0 && waiting.length === 0) {
    const text = 'Alle berichten van Opvangbot zijn verstuurd: er staat niets klaar en niets is mislukt.';
    return { text, blocks: [section(text)] };
  }
  const blocks: KnownBlock[] = [header('Berichten die nog niet in Slack staan')];
  if (failed.length > 0) {
    blocks.push(section(fitLines([`*Mislukt (${failed.length})*: Slack weigerde ze; de bot probeert het niet meer vanzelf.`, ...failed.map(outboxLine)], andMore('bericht', 'berichten'))));
  }
  if (waiting.length > 0) {
    blocks.push(section(fitLines([`*Wacht (${waiting.length})*: de bot probeert het opnieuw.`, ...waiting.map(outboxLine)], andMore('bericht', 'berichten'))));
  }
  blocks.push(context('Opnieuw proberen: `/opvang outbox opnieuw &lt;nummer&gt;`. Een bericht dat misschien al in Slack staat, zoekt de bot eerst op; het komt er nooit twee keer in.'));
  return { text: `${failed.length} mislukt, ${waiting.length} wachtend`, blocks };
}

/** The private notice to each admin when a message could not be delivered. */
export function failureNotice(row: OutboxRow): Message {
  const text = `:warning: Opvangbot kon een bericht niet versturen: *${kindLabel(row.kind)}* (#${row.id}) naar ${destination(row)}. Reden: ${refusalInDutch(row.lastError)} (Slack: \`${escapeMrkdwn(row.lastError ?? 'onbekend')}\`, na ${row.attempts} ${row.attempts === 1 ? 'poging' : 'pogingen'}); de bot probeert het niet meer vanzelf. Los de oorzaak op en probeer het opnieuw met \`/opvang outbox opnieuw ${row.id}\`. \`/opvang outbox\` toont alles wat vastzit.`;
  return { text: `Opvangbot kon een bericht niet versturen (${kindLabel(row.kind)})`, blocks: [section(text)] };
}

/** For admins under the digest preview: what did not go out. */
export function failedSummary(failed: OutboxRow[]): string | undefined {
  if (failed.length === 0) return undefined;
  return fitLines([`:warning: *Niet verstuurd (${failed.length})*: \`/opvang outbox\` toont details, \`/opvang outbox opnieuw &lt;nummer&gt;\` probeert opnieuw.`, ...failed.map(outboxLine)], andMore('bericht', 'berichten'));
}
