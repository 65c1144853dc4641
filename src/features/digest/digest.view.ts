import type { KnownBlock } from '@slack/types';
import { STAGE_LABELS, TARGET_GROUP_LABELS } from '../../domain/vocabulary';
import { formatChange, formatDate, formatDateTime, formatDays, formatNumber, formatPercent, formatShortDate, formatTime } from '../../format/nl';
import { context, divider, fitLines, header, section } from '../../blockkit/blocks';
import { escapeMrkdwn } from '../../blockkit/escape';
import { cnoText, differenceText, groupHeadline, nationalText, pipelineText, staleText, targetLine } from '../stand/stand.view';
import type { Digest, DigestDelivery, GroupProgress, LocationChange, Pace } from './digest';
import type { Message } from '../../blockkit/message';

const nf = formatNumber;

function paceLine(pace: Pace, growth: number, paceDays: number): string | undefined {
  const measured = `${formatChange(growth)} plekken in ${formatDays(paceDays)}`;
  switch (pace.kind) {
    case 'reached':
    case 'no_date':
    case 'passed':
      return undefined;
    case 'unknown':
      return '      Tempo: nog te weinig geschiedenis om te meten.';
    case 'stalled':
      return `      :warning: Tempo: geen groei (${measured}); nodig is ${nf(pace.neededPerDay)} per dag.`;
    case 'on_track':
      return `      :white_check_mark: Op koers: bij dit tempo (${measured}) gehaald rond ${formatDate(pace.expectedOn)}.`;
    case 'late':
      return `      :warning: Bij dit tempo (${measured}) ${formatDays(pace.lateDays)} te laat; nodig is ${nf(pace.neededPerDay)} per dag.`;
  }
}

function groupProgressText(group: GroupProgress): string {
  const lines = [groupHeadline(group)];
  for (const t of group.targets) {
    lines.push(targetLine(t));
    const pace = paceLine(t.pace, group.growth, group.paceDays);
    if (pace) lines.push(pace);
  }
  return fitLines(lines, (n) => `…en ${n} regels meer`);
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
      `*Sinds gisteren*: ${changes.length} ${changes.length === 1 ? 'locatie' : 'locaties'} gewijzigd · ${formatChange(places)} plekken, ${formatChange(occupied)} bezet`,
      ...changes.map(changeLine),
    ],
    (n) => `…en ${n} meer: \`/opvang stand &lt;gemeente&gt;\``,
  );
}

function quotaText(d: Digest): string {
  const housing = d.housing;
  if (!housing) return `*Statushouders* (taakstelling ${d.halfYear})\nNog geen taakstelling ingevoerd voor ${d.halfYear}.`;
  return fitLines(
    [
      `*Statushouders* (taakstelling ${d.halfYear}): ${nf(housing.housed)} van ${nf(housing.required)} gehuisvest · regio ${differenceText(housing.difference)}`,
      ...housing.municipalities.map(
        (m) =>
          `• ${escapeMrkdwn(m.municipality)}: ${nf(m.housed)} van ${nf(m.required)}${m.carryOver !== 0 ? ` (taakstelling ${nf(m.quota)}, ${m.carryOver > 0 ? 'achterstand' : 'voorsprong'} vorig halfjaar ${nf(Math.abs(m.carryOver))})` : ''} · ${m.difference < 0 ? ':warning: ' : ''}${differenceText(m.difference)}`,
      ),
    ],
    (n) => `…en ${n} gemeenten meer`,
  );
}

function cnoDigestText(d: Digest): string {
  const lines = [cnoText(d.stand)];
  if (d.shifts.total === 0) lines.push('Bezetting: geen diensten in het rooster voor de komende 48 uur.');
  else if (d.shifts.open.length === 0) lines.push(`Bezetting: alle ${nf(d.shifts.total)} diensten in de komende 48 uur zijn ingevuld.`);
  else {
    lines.push(`:warning: Bezetting: ${nf(d.shifts.open.length)} van ${nf(d.shifts.total)} diensten in de komende 48 uur nog open:`);
    for (const s of d.shifts.open) {
      lines.push(
        `  • ${formatDateTime(new Date(s.startsAt))}–${formatTime(new Date(s.endsAt))} ${escapeMrkdwn(s.role)} (${escapeMrkdwn(s.organisation)})${s.location ? `, ${escapeMrkdwn(s.location)}` : ''}`,
      );
    }
  }
  const due = d.stays.filter((s) => s.days >= d.maxStayDays - 2);
  if (due.length > 0) {
    lines.push(`${d.maxStayDays}-dagenregel: ${nf(due.reduce((s, x) => s + x.persons, 0))} personen (bijna) ${d.maxStayDays} dagen in de CNO:`);
    for (const s of due) {
      lines.push(`  • ${escapeMrkdwn(s.location)}: ${nf(s.persons)} sinds ${formatShortDate(s.arrivedOn)} (${formatDays(s.days)})${s.days >= d.maxStayDays ? ' :warning: uitstroom nodig' : ''}`);
    }
  }
  return fitLines(lines, (n) => `…en ${n} regels meer: \`/opvang rooster\``);
}

function noodknopText(d: Digest): string {
  if (d.noodknop.length === 0) return '*Noodknop*\nGeen openstaande verzoeken.';
  return fitLines(
    [
      `*Noodknop*: ${d.noodknop.length} ${d.noodknop.length === 1 ? 'openstaand verzoek' : 'openstaande verzoeken'}`,
      ...d.noodknop.map(
        (r) =>
          `• #${r.id}: ${nf(r.persons)} ${r.persons === 1 ? 'persoon' : 'personen'}${r.origin ? ` uit ${escapeMrkdwn(r.origin)}` : ''}, nodig vóór ${formatDateTime(new Date(r.neededBy))} · ${
            r.state === 'gedekt' ? 'gedekt, wacht op plaatsing' : r.offeredPlaces > 0 ? `open, ${nf(r.offeredPlaces)} plekken aangeboden` : ':rotating_light: open, nog geen aanbod'
          }`,
      ),
    ],
    (n) => `…en ${n} meer`,
  );
}

function digestText(d: Digest): string {
  const n = d.stand.national;
  const national = n ? `landelijk ${formatPercent(n.rate)} bezet` : 'geen landelijke cijfers';
  const first = d.groups.find((g) => g.targets.length > 0);
  const target = first?.targets[0];
  const region = first && target ? `; ${TARGET_GROUP_LABELS[first.targetGroup]} ${nf(first.places)} van ${nf(target.number)}` : '';
  return `Ochtendoverzicht opvang ${d.stand.regionName} ${formatDate(d.today)}: ${national}${region}`;
}

/** The digest's blocks: about fifteen, each section summarised to fit Slack's limits. */
function digestBlocks(d: Digest): KnownBlock[] {
  const blocks: KnownBlock[] = [
    header(`Ochtendoverzicht opvang ${d.stand.regionName} · ${formatDate(d.today)}`),
    section(nationalText(d.stand.national)),
    divider(),
    section(`*Regio ${d.stand.regionName} tegen de doelen* (operationele locaties)`),
  ];
  if (d.groups.length === 0) blocks.push(section('Nog geen locaties of doelen ingevoerd.'));
  for (const group of d.groups) blocks.push(section(groupProgressText(group)));
  blocks.push(
    divider(),
    section(changesText(d.changes)),
    section(pipelineText(d.stand.pipeline)),
    section(quotaText(d)),
    section(cnoDigestText(d)),
    section(noodknopText(d)),
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
  if (!channel) return 'DIGEST_CHANNEL is niet ingesteld: het overzicht wordt nergens gepost.';
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
      return `:warning: Posten in ${where} is mislukt (${escapeMrkdwn(delivery.lastError ?? 'onbekende fout')}, ${tries}); de bot probeert het niet meer vanzelf.`;
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
