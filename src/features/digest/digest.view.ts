import type { KnownBlock } from '@slack/types';
import { refusalInDutch } from '../../domain/slack-refusals';
import { STAGE_LABELS, TARGET_GROUP_LABELS } from '../../domain/vocabulary';
import { formatChange, formatCount, formatDate, formatDay, formatDays, formatNumber, formatShortDate, formatTime } from '../../format/nl';
import { context, divider, fitLines, header, section, andMore } from '../../blockkit/blocks';
import { escapeMrkdwn } from '../../blockkit/escape';
import { actionBlocks, cnoText, differenceText, groupHeadline, housingHeadline, nationalSummary, nationalText, pipelineText, staleText, targetLine, urgentText } from '../stand/stand.view';
import type { TargetProgress } from '../stand/stand';
import { carryOverText, halfYearLabel } from '../capacity/capacity';
import { outflowDueDay } from '../stays/stays';
import type { Digest, DigestDelivery, GroupProgress, LocationChange, Pace } from './digest';
import type { Message } from '../../blockkit/message';

const nf = formatNumber;

/**
 * What the pace means for a dated target, in words a person can act on: when it is reached at this
 * pace, or that its date is not reachable and how many places are still needed (and per day).
 */
function paceLine(t: TargetProgress, pace: Pace, growth: number, paceDays: number, today: string): string | undefined {
  const measured = `afgelopen ${formatDays(paceDays)}: ${formatChange(growth)} ${Math.abs(growth) === 1 ? 'plek' : 'plekken'}`;
  const due = t.dueOn ? formatDay(t.dueOn, today) : '';
  const needed = `nog ${formatCount(t.remaining, 'plek', 'plekken')} nodig`;
  switch (pace.kind) {
    case 'reached':
    case 'no_date':
    case 'passed':
      return undefined;
    case 'unknown':
      return '      Tempo: nog te weinig geschiedenis om te meten.';
    case 'stalled':
      return `      :warning: *${due} niet haalbaar zonder groei: ${needed}*, ${nf(pace.neededPerDay)} per dag (${measured}).`;
    case 'on_track':
      return `      :white_check_mark: Op koers: bij dit tempo gehaald rond ${formatDay(pace.expectedOn, today)} (${measured}).`;
    case 'late':
      return `      :warning: *${due} niet haalbaar bij dit tempo: ${needed}*, ${nf(pace.neededPerDay)} per dag (${measured}).`;
  }
}

function groupProgressText(group: GroupProgress, today: string): string {
  const lines = [groupHeadline(group)];
  for (const t of group.targets) {
    lines.push(targetLine(t));
    const pace = paceLine(t, t.pace, group.growth, group.paceDays, today);
    if (pace) lines.push(pace);
  }
  return fitLines(lines, (n) => `…en ${formatCount(n, 'regel', 'regels')} meer`);
}

function figures(places: number, occupied: number): string {
  return `${nf(places)} plekken, ${nf(occupied)} bezet`;
}

function changeLine(c: LocationChange): string {
  const where = `${escapeMrkdwn(c.name)} (${escapeMrkdwn(c.municipality)})`;
  if (c.isNew) {
    const shown = c.now.stage === 'operationeel' || c.now.places > 0 ? `, ${figures(c.now.places, c.now.occupied)}` : '';
    return `• ${where}: nieuw, _${STAGE_LABELS[c.now.stage]}_${shown}`;
  }
  const parts: string[] = [];
  if (c.stageChanged) parts.push(`${STAGE_LABELS[c.before!.stage]} → _${STAGE_LABELS[c.now.stage]}_`);
  if (c.placesChange !== 0) parts.push(`plekken ${nf(c.before!.places)} → ${nf(c.now.places)} (${formatChange(c.placesChange)})`);
  if (c.occupiedChange !== 0) parts.push(`bezet ${nf(c.before!.occupied)} → ${nf(c.now.occupied)} (${formatChange(c.occupiedChange)})`);
  return `• ${where}: ${parts.join(', ')}`;
}

export function changesText(changes: LocationChange[]): string {
  if (changes.length === 0) return '*Sinds gisteren*\nGeen wijzigingen in plekken, bezetting of fase.';
  const places = changes.reduce((s, c) => s + c.placesChange, 0);
  const occupied = changes.reduce((s, c) => s + c.occupiedChange, 0);
  return fitLines(
    [
      `*Sinds gisteren*: ${formatCount(changes.length, 'locatie', 'locaties')} gewijzigd · ${formatChange(places)} ${Math.abs(places) === 1 ? 'plek' : 'plekken'}, ${formatChange(occupied)} bezet`,
      ...changes.map(changeLine),
    ],
    (n) => `…en ${formatCount(n, 'locatie', 'locaties')} meer: \`/opvang stand &lt;gemeente&gt;\``,
  );
}

function quotaText(d: Digest): string {
  const housing = d.housing;
  if (!housing) return `*Statushouders taakstelling ${halfYearLabel(d.halfYear)}*\nNog geen taakstelling ingevoerd (\`/opvang taakstelling\`).`;
  return fitLines(
    [
      housingHeadline(housing),
      ...housing.municipalities.map(
        (m) =>
          `• ${escapeMrkdwn(m.municipality)}: ${nf(m.housed)} van ${nf(m.required)}${m.carryOver !== 0 ? ` (taakstelling ${nf(m.quota)}, ${carryOverText(m.carryOver)})` : ''} · ${m.difference < 0 ? ':warning: ' : ''}${differenceText(m.difference)}`,
      ),
    ],
    andMore('gemeente', 'gemeenten'),
  );
}

function cnoDigestText(d: Digest): string {
  const lines = [cnoText(d.stand)];
  // The open shifts themselves are under "Nu actie nodig" (counts per day, with the button).
  if (d.shifts.total === 0) lines.push('Bemensing: geen diensten in het rooster voor de komende 48 uur.');
  else if (d.shifts.open.length === 0) lines.push(`Bemensing: alle ${formatCount(d.shifts.total, 'dienst', 'diensten')} in de komende 48 uur zijn ingevuld.`);
  else lines.push(`Bemensing: ${nf(d.shifts.open.length)} van ${formatCount(d.shifts.total, 'dienst', 'diensten')} in de komende 48 uur nog open.`);
  const dueDay = outflowDueDay(d.maxStayDays);
  const due = d.stays.filter((s) => s.days >= dueDay);
  if (due.length > 0) {
    lines.push(`${d.maxStayDays}-dagenregel: ${formatCount(due.reduce((s, x) => s + x.persons, 0), 'persoon', 'personen')} ${dueDay} dagen of langer in de CNO:`);
    for (const s of due) {
      const next = s.outflowDestination ? ` · uitstroom naar ${escapeMrkdwn(s.outflowDestination)}` : s.days >= d.maxStayDays ? ' · :warning: uitstroom nodig' : ' · nog geen uitstroombestemming';
      lines.push(`  • ${escapeMrkdwn(s.location)}: ${formatCount(s.persons, 'persoon', 'personen')} sinds ${formatShortDate(s.arrivedOn)} (${formatDays(s.days)})${next}`);
    }
  }
  return fitLines(lines, (n) => `…en ${formatCount(n, 'regel', 'regels')} meer: \`/opvang rooster\``);
}

function digestText(d: Digest): string {
  const national = nationalSummary(d.stand.national, false);
  const first = d.groups.find((g) => g.targets.length > 0);
  const target = first?.targets[0];
  const region = first && target ? `; ${TARGET_GROUP_LABELS[first.targetGroup]} ${nf(first.places)} van ${nf(target.number)}` : '';
  const urgent = urgentText(d.stand);
  return `${urgent ? `${urgent} · ` : ''}Ochtendoverzicht opvang ${d.stand.regionName} ${formatDate(d.today)}: ${national}${region}`;
}

/** The digest's blocks: what needs action first ("Nu actie nodig", when anything does), then about fifteen sections, each summarised to fit Slack's limits. */
function digestBlocks(d: Digest): KnownBlock[] {
  const blocks: KnownBlock[] = [
    ...actionBlocks(d.stand),
    header(`Ochtendoverzicht opvang ${d.stand.regionName} · ${formatDate(d.today)}`),
    section(nationalText(d.stand.national)),
    divider(),
    section(`*Regio ${d.stand.regionName} tegen de doelen* (operationele locaties)`),
  ];
  if (d.groups.length === 0) blocks.push(section('Nog geen locaties of doelen ingevoerd.'));
  for (const group of d.groups) blocks.push(section(groupProgressText(group, d.today)));
  blocks.push(
    divider(),
    section(changesText(d.changes)),
    section(pipelineText(d.stand.pipeline)),
    section(quotaText(d)),
    section(cnoDigestText(d)),
    section(staleText(d.stand) ?? `*Actualiteit*\nAlle locaties zijn de afgelopen ${formatDays(d.stand.overdueDays)} bijgewerkt.`),
  );
  return blocks;
}

/** The message posted in the digest channel. */
export function digestMessage(d: Digest): Message {
  return {
    text: digestText(d),
    blocks: [...digestBlocks(d), context('Grafiek van de laatste 30 dagen in de draad · `/opvang stand` voor de actuele stand')],
  };
}

/** What today's run looks like, for the preview. */
export function runStatusText(delivery: DigestDelivery | undefined, channel: string | undefined, due: boolean, scheduledAt: string | undefined): string {
  if (!channel) return 'Er is geen kanaal voor het ochtendoverzicht ingesteld: het wordt nergens gepost. Wie de bot heeft geïnstalleerd, stelt het kanaal in.';
  const where = `<#${channel}>`;
  if (!delivery) {
    if (!scheduledAt) return `Vandaag staat er geen overzicht op het schema voor ${where}.`;
    return due ? `Vandaag nog niet gepost in ${where}; dat gebeurt binnen een kwartier.` : `Wordt vandaag om ${scheduledAt} gepost in ${where}.`;
  }
  const tries = `${delivery.attempts} ${delivery.attempts === 1 ? 'poging' : 'pogingen'}`;
  switch (delivery.state) {
    case 'sent':
      return `Vandaag al gepost in ${where} om ${formatTime(new Date(delivery.sentAt ?? delivery.createdAt))}.`;
    case 'failed':
      return `:warning: Posten in ${where} is mislukt: ${refusalInDutch(delivery.lastError)} (Slack: \`${escapeMrkdwn(delivery.lastError ?? 'onbekend')}\`, ${tries}). De bot probeert het niet meer vanzelf.`;
    case 'pending':
    case 'sending':
      return delivery.attempts === 0 || !delivery.lastError
        ? `Wordt nu gepost in ${where}.`
        : `:hourglass: Slack nam het overzicht nog niet aan (${escapeMrkdwn(delivery.lastError)}, ${tries}). De bot probeert het opnieuw en kijkt eerst of het er al staat: het komt één keer in ${where}.`;
  }
}

/** /opvang digest: today's digest privately, with what happens to it today. */
export function previewMessage(d: Digest, status: string, forAdmins?: string): Message {
  const blocks = digestBlocks(d);
  // Stays within 50 blocks: the digest has at most about twenty.
  blocks.push(context(`Voorbeeld, alleen jij ziet dit. ${status} Beheerders posten het nu met \`/opvang digest nu\`.`));
  // Admins also see what the bot could not deliver (issue 11: failed messages are visible here).
  if (forAdmins) blocks.push(section(forAdmins));
  return { text: `Voorbeeld: ${digestText(d)}`, blocks };
}
