import { formatDate, formatDateTime } from '../../format/nl';
import { context, fitLines, header, section } from '../../blockkit/blocks';
import { escapeMrkdwn, personRef } from '../../blockkit/escape';
import type { Message } from '../../blockkit/message';
import { changeLine } from '../capacity/capacity.view';
import type { AuditRow } from './history';

const ACTION_LABELS: Record<string, string> = {
  'location.update': 'locatie bijgewerkt',
  'location.confirm': 'cijfers bevestigd',
  'location.create': 'locatie toegevoegd',
  'location.import': 'locatie geïmporteerd',
  'national.create': 'landelijke cijfers ingevoerd',
  'national.update': 'landelijke cijfers vervangen',
  'target.create': 'doel toegevoegd',
  'target.update': 'doel gewijzigd',
  'quota.create': 'taakstelling ingevoerd',
  'quota.update': 'taakstelling gewijzigd',
  'role.grant': 'rol gegeven',
  'role.revoke': 'rechten ingetrokken',
  'duty_period.create': 'CNO-dienstperiode toegevoegd',
  'thresholds.update': 'drempels gewijzigd',
  'overdue.not_mine': '"niet mijn locatie" gemeld voor',
};

const isDay = (value: unknown): value is string => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);

function subject(row: AuditRow): string {
  const record = row.after ?? row.before ?? {};
  if (row.entity === 'location') return row.locationName ? `*${escapeMrkdwn(row.locationName)}*` : `locatie ${escapeMrkdwn(row.entityId ?? '?')}`;
  if (row.entity === 'user_role' && row.entityId) return personRef(row.entityId);
  if (row.entity === 'national_figures') {
    const day = isDay(record.asOf) ? record.asOf : row.entityId;
    return isDay(day) ? `peildatum ${formatDate(day)}` : '';
  }
  if (row.entity === 'target' && typeof record.label === 'string') return `*${escapeMrkdwn(record.label)}*`;
  if (row.entity === 'thresholds') return '';
  return row.entityId ? escapeMrkdwn(row.entityId) : '';
}

/** What a new record holds, in short: only its figures. */
function created(after: Record<string, unknown> | undefined): string {
  if (!after) return '';
  const figures = Object.fromEntries(Object.entries(after).filter(([k]) => ['places', 'occupied', 'number', 'quota', 'housed'].includes(k)));
  return Object.keys(figures).length > 0 ? `: ${changeLine(undefined, figures)}` : '';
}

function auditLine(row: AuditRow): string {
  const what = ACTION_LABELS[row.action] ?? escapeMrkdwn(row.action);
  const before = row.before ?? undefined;
  const after = row.after ?? undefined;
  let change = '';
  if (row.action.endsWith('.create') || (row.action === 'location.import' && !before)) change = created(after);
  else if (before || after) change = `: ${changeLine(before, after)}`;
  const about = subject(row);
  return `• ${formatDateTime(new Date(row.at))} · ${personRef(row.actor)} · ${what}${about ? ` ${about}` : ''}${change}`;
}

/** /opvang historie [locatie] */
export function historyMessage(title: string, rows: AuditRow[]): Message {
  const text = rows.length === 0 ? 'Nog geen wijzigingen vastgelegd.' : fitLines(rows.map(auditLine), (n) => `…en ${n} wijzigingen meer`);
  return {
    // `text` is mrkdwn (the notification); the header is plain text and shows the title as typed.
    text: escapeMrkdwn(title),
    blocks: [header(title), section(text), context('Nieuwste eerst · `/opvang historie &lt;locatie&gt;` voor één locatie · `/opvang export` voor alles als CSV')],
  };
}
