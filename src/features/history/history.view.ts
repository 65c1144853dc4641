import { formatCount, formatDate, formatDateTime } from '../../format/nl';
import { context, fitLines, header, section } from '../../blockkit/blocks';
import { escapeMrkdwn, personRef } from '../../blockkit/escape';
import type { Message } from '../../blockkit/message';
import { changeLine, knownFields } from '../capacity/capacity.view';
import type { AuditRow } from './history';
import { NATIONAL_POPULATION_LABELS, type NationalPopulation } from '../../domain/vocabulary';

/** Every kind of line the audit log holds, in words; one not listed reads as "wijziging". */
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
  'duty_period.create': 'CNO-dienst toegevoegd',
  'roster.period.create': 'CNO-dienst toegevoegd',
  'roster.period.update': 'CNO-dienst gewijzigd',
  'roster.period.delete': 'CNO-dienst verwijderd',
  'roster.period.import': 'CNO-rooster geïmporteerd',
  'shift.create': 'dienst toegevoegd',
  'shift.pattern': 'diensten gemaakt',
  'shift.claim': 'dienst genomen',
  'shift.hand_back': 'dienst teruggegeven',
  'cno_stay.outflow': 'uitstroom vastgelegd',
  'noodknop.request': 'noodknop ingedrukt',
  'noodknop.offer': 'plekken aangeboden',
  'noodknop.offer_change': 'aanbod gewijzigd',
  'noodknop.offer_withdraw': 'aanbod ingetrokken',
  'noodknop.state': 'oproep gewijzigd',
  'noodknop.place': 'personen geplaatst',
  'noodknop.placed': 'plaatsing bevestigd',
  'noodknop.cancel': 'oproep geannuleerd',
  'noodknop.expired': 'oproep verlopen',
  'noodknop.reminder': 'herinnering gestuurd',
  'digest.post': 'ochtendoverzicht gepost',
  'digest.post_now': 'ochtendoverzicht nu gepost',
  'chart.uploaded': 'grafiek geplaatst',
  'outbox.failed': 'bericht niet verstuurd',
  'outbox.retry': 'bericht opnieuw verstuurd',
  'thresholds.update': 'drempels gewijzigd',
  'overdue.not_mine': '"niet mijn locatie" gemeld voor',
};

const isDay = (value: unknown): value is string => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);

function subject(row: AuditRow): string {
  const record = row.after ?? row.before ?? {};
  if (row.entity === 'location') return row.locationName ? `*${escapeMrkdwn(row.locationName)}*` : `locatie ${escapeMrkdwn(row.entityId ?? '?')}`;
  if (row.entity === 'user_role' && row.entityId) return personRef(row.entityId);
  if (row.entity === 'national_figures') {
    // Lines written before migration 0009 carry no population: those figures all counted Ukrainians (see the migration).
    const day = isDay(record.asOf) ? record.asOf : row.entityId?.slice(0, 10);
    const population = NATIONAL_POPULATION_LABELS[(record.population as NationalPopulation | undefined) ?? 'oekrainers_gemeenten'] ?? '';
    return isDay(day) ? `${population}, peildatum ${formatDate(day)}` : '';
  }
  if (row.entity === 'target' && typeof record.label === 'string') return `*${escapeMrkdwn(record.label)}*`;
  if (row.entity === 'noodknop_request' && row.entityId) return `#${escapeMrkdwn(row.entityId)}`;
  // Other records by their id only where a person knows them by it (a municipality's quota: "Zwolle 2022-II").
  return row.entity === 'housing_quota' && row.entityId ? escapeMrkdwn(row.entityId) : '';
}

/** What a new record holds, in short: only its figures. */
function created(after: Record<string, unknown> | undefined): string {
  if (!after) return '';
  const figures = Object.fromEntries(Object.entries(after).filter(([k]) => ['places', 'occupied', 'number', 'quota', 'housed'].includes(k)));
  return Object.keys(figures).length > 0 ? `: ${changeLine(undefined, figures)}` : '';
}

function auditLine(row: AuditRow): string {
  const what = ACTION_LABELS[row.action] ?? 'wijziging';
  // Only what has a Dutch name is shown: the log also keeps technical details (file ids, channels).
  const before = row.before ? knownFields(row.before) : undefined;
  const after = row.after ? knownFields(row.after) : undefined;
  let change = '';
  if (row.action.endsWith('.create') || (row.action === 'location.import' && !before)) change = created(after);
  else if ((before && Object.keys(before).length > 0) || (after && Object.keys(after).length > 0)) change = `: ${changeLine(before, after)}`;
  const about = subject(row);
  return `• ${formatDateTime(new Date(row.at))} · ${personRef(row.actor)} · ${what}${about ? ` ${about}` : ''}${change}`;
}

/** /opvang historie [locatie] */
export function historyMessage(title: string, rows: AuditRow[]): Message {
  const text = rows.length === 0 ? 'Nog geen wijzigingen vastgelegd.' : fitLines(rows.map(auditLine), (n) => `…en ${formatCount(n, 'wijziging', 'wijzigingen')} meer`);
  return {
    // `text` is mrkdwn (the notification); the header is plain text and shows the title as typed.
    text: escapeMrkdwn(title),
    blocks: [header(title), section(text), context('Nieuwste eerst · `/opvang historie &lt;locatie&gt;` voor één locatie · `/opvang export` voor alles als CSV')],
  };
}
