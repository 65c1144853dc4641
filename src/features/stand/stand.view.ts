import type { KnownBlock } from '@slack/types';
import { STAGE_LABELS, TARGET_GROUP_LABELS } from '../../domain/vocabulary';
import {
  formatChange,
  formatDate,
  formatDays,
  formatNumber,
  formatPercent,
  formatShortDate,
  progressBar,
  addDays,
  daysBetween,
  toLocalDay,
} from '../../format/nl';
import { actions, button, context, divider, fitLines, header, section } from '../../blockkit/blocks';
import { escapeMrkdwn, personRef } from '../../blockkit/escape';
import { STAND_SHARE } from '../../blockkit/ids';
import type { GroupStand, HousingStand, NationalStand, PipelineStage, Stand, TargetProgress } from './stand';
import { type DutyPeriod } from '../roster/roster';
import { LONG_STAY_DAYS, type StaySummary } from '../stays/stays';
import type { Message } from '../../blockkit/message';
import type { LocationRecord } from '../capacity/capacity';
import { ourDutyLine } from '../roster/roster.view';
import { thresholdFooterText } from '../capacity/thresholds.view';

function approx(n: number, estimate: boolean): string {
  return `${estimate ? 'ca. ' : ''}${formatNumber(n)}`;
}

export function nationalText(national: NationalStand | undefined): string {
  if (!national) return '*Landelijk*\nNog geen landelijke cijfers ingevoerd (`/opvang landelijk`).';
  const lines = [
    '*Landelijk* (noodopvangplekken)',
    `${formatNumber(national.places)} plekken · ${formatNumber(national.occupied)} bezet · *${formatPercent(national.rate)}* bezettingsgraad`,
    `Peildatum ${formatDate(national.asOf)}${national.source ? ` · bron: ${escapeMrkdwn(national.source)}` : ''}`,
  ];
  if (national.previous) {
    const p = national.previous;
    lines.push(`Sinds ${formatDate(p.asOf)}: ${formatChange(p.placesChange)} plekken, ${formatChange(p.occupiedChange)} bezet`);
  }
  if (national.stale) lines.push(`:warning: Verouderd: ${formatDays(national.ageDays)} oud`);
  return lines.join('\n');
}

export function targetLine(t: TargetProgress): string {
  const due = t.dueOn ? ` vóór ${formatDate(t.dueOn)}` : '';
  const priority = t.priority === 'laag' ? ' _(lage prioriteit)_' : t.priority === 'hoog' ? ' _(hoge prioriteit)_' : '';
  let when = '';
  if (t.reached) when = ' · :white_check_mark: behaald';
  else if (t.daysLeft !== null) when = t.daysLeft >= 0 ? ` · nog ${formatDays(t.daysLeft)}` : ` · :warning: streefdatum ${formatDays(-t.daysLeft)} verstreken`;
  return `\`${progressBar(t.fraction)}\` ${formatNumber(t.realised)} van ${formatNumber(t.number)} (${formatPercent(t.fraction)})${t.reached ? '' : ` · nog ${formatNumber(t.remaining)} te gaan`}${when}\n      ${escapeMrkdwn(t.label)}${due}${priority}`;
}

/** A target group's first line: its operational places, occupancy and number of locations. */
export function groupHeadline(group: Pick<GroupStand, 'targetGroup' | 'places' | 'occupied' | 'locations'>): string {
  return `*${TARGET_GROUP_LABELS[group.targetGroup]}*: ${formatNumber(group.places)} plekken, ${formatNumber(group.occupied)} bezet${
    group.locations === 0 ? ' · nog geen operationele locaties' : ` · ${formatNumber(group.locations)} ${group.locations === 1 ? 'locatie' : 'locaties'}`
  }`;
}

function groupText(group: GroupStand): string {
  return fitLines([groupHeadline(group), ...group.targets.map(targetLine)], (n) => `…en ${n} doelen meer`);
}

export function pipelineText(pipeline: PipelineStage[]): string {
  const lines: string[] = ['*Pijplijn*'];
  for (const stage of pipeline) {
    const count = stage.locations.length;
    if (count === 0) {
      lines.push(`${capitalise(STAGE_LABELS[stage.stage])}: geen locaties`);
      continue;
    }
    const unknown = stage.withoutFigure > 0 ? ` (${stage.withoutFigure} zonder aantal)` : '';
    lines.push(
      `${capitalise(STAGE_LABELS[stage.stage])}: ${count} ${count === 1 ? 'locatie' : 'locaties'}, ${approx(stage.expectedPlaces, stage.approximate)} plekken verwacht${unknown}`,
    );
    for (const l of stage.locations.slice(0, 5)) {
      const figure = l.expectedPlaces === null ? 'aantal onbekend' : `${approx(l.expectedPlaces, l.expectedIsEstimate)} plekken`;
      lines.push(`  • ${escapeMrkdwn(l.name)} (${escapeMrkdwn(l.municipality)}): ${figure}${l.opensOn ? `, open vanaf ${formatDate(l.opensOn)}` : ''}`);
    }
    if (count > 5) lines.push(`  • …en ${count - 5} meer: \`/opvang stand &lt;gemeente&gt;\``);
  }
  return fitLines(lines, (n) => `…en ${n} regels meer`);
}

function regionsOf(period: DutyPeriod): string {
  return period.regions.map((r) => r.name).join(' + ');
}

export function cnoText(stand: Stand): string {
  const lines = ['*CNO-dienst*'];
  lines.push(
    stand.dutyToday.length === 0
      ? 'Vandaag heeft geen regio dienst volgens het rooster.'
      : `Vandaag (tot ${formatShortDate(addDays(stand.dutyToday[0]!.endsOn, -1))}): ${stand.dutyToday.map(regionsOf).join(', ')}`,
  );
  lines.push(ourDutyLine(stand.regionName, stand.ourDuty));
  const stays = stand.cnoStays && cnoStayLine(stand.cnoStays);
  if (stays) lines.push(stays);
  return lines.join('\n');
}

/** The 14-day rule in one line: guests in CNO and how many have been there 10 days or more; undefined when nobody is. */
function cnoStayLine(s: StaySummary): string | undefined {
  if (s.persons === 0) return undefined;
  const without = s.longStayWithoutDestination > 0 ? ` (:warning: ${formatNumber(s.longStayWithoutDestination)} zonder uitstroombestemming)` : '';
  return `In CNO-opvang: ${formatNumber(s.persons)} ${s.persons === 1 ? 'persoon' : 'personen'}, van wie ${formatNumber(s.longStay)} al ${LONG_STAY_DAYS} dagen of langer${without}.`;
}

export function staleText(stand: Stand): string | undefined {
  if (stand.stale.length === 0) return undefined;
  const lines = stand.stale.map(
    (l) => `• ${escapeMrkdwn(l.name)} (${escapeMrkdwn(l.municipality)}): ${formatDays(l.ageDays)} oud, laatst door ${personRef(l.updatedBy)}`,
  );
  return fitLines(
    [`:warning: *Verouderde cijfers* (ouder dan ${formatDays(stand.overdueDays)}): ${stand.stale.length} ${stand.stale.length === 1 ? 'locatie' : 'locaties'}`, ...lines],
    (n) => `…en ${n} meer`,
  );
}

/** A quota balance in words: "achterstand 50" (difference < 0), "voorsprong 5" or "op schema". */
export function differenceText(difference: number): string {
  if (difference < 0) return `achterstand ${formatNumber(-difference)}`;
  if (difference > 0) return `voorsprong ${formatNumber(difference)}`;
  return 'op schema';
}

/** Statushouders: the half-year's quota against housed, per municipality (at most 11 lines). */
function housingText(housing: HousingStand): string {
  const lines = [
    `*Statushouders taakstelling ${housing.halfYear}*: ${formatNumber(housing.housed)} van ${formatNumber(housing.required)} gehuisvest · *${differenceText(housing.difference)}*`,
    ...housing.municipalities.map((m) => `  • ${escapeMrkdwn(m.municipality)}: ${formatNumber(m.housed)} van ${formatNumber(m.required)} · ${differenceText(m.difference)}`),
  ];
  return fitLines(lines, (n) => `…en ${n} gemeenten meer`);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The stand's body blocks, shared by the message and the App Home. */
export function standBlocks(stand: Stand): KnownBlock[] {
  const blocks: KnownBlock[] = [
    header(`Stand opvang ${stand.regionName} · ${formatDate(stand.today)}`),
    section(nationalText(stand.national)),
    divider(),
    section(`*Regio ${stand.regionName}* (operationele locaties)`),
  ];
  if (stand.groups.length === 0) blocks.push(section('Nog geen locaties of doelen ingevoerd.'));
  // Five target groups at most: well inside the block limit.
  for (const group of stand.groups) blocks.push(section(groupText(group)));
  if (stand.housing) blocks.push(section(housingText(stand.housing)));
  blocks.push(divider(), section(pipelineText(stand.pipeline)), section(cnoText(stand)));
  const stale = staleText(stand);
  if (stale) blocks.push(section(stale));
  const thresholds = stand.thresholds && thresholdFooterText(stand.thresholds);
  if (thresholds) blocks.push(context(thresholds));
  return blocks;
}

function standText(stand: Stand): string {
  const n = stand.national;
  const national = n ? `landelijk ${formatNumber(n.places)} plekken, ${formatNumber(n.occupied)} bezet (${formatPercent(n.rate)})` : 'geen landelijke cijfers';
  return `Stand opvang ${stand.regionName} ${formatDate(stand.today)}: ${national}`;
}

/** /opvang stand as a private message with a button to share it in the channel. */
export function standMessage(stand: Stand, sharedBy?: string): Message {
  const blocks = standBlocks(stand);
  if (sharedBy) blocks.push(context(`Gedeeld door ${personRef(sharedBy)} · \`/opvang stand\``));
  else blocks.push(actions('stand_actions', [button('Delen in kanaal', STAND_SHARE, 'region')]), context('Alleen jij ziet dit. `/opvang help` voor alle opdrachten.'));
  return { text: standText(stand), blocks };
}

const MAX_LOCATION_BLOCKS = 40;

/** /opvang stand <gemeente>: the municipality's locations. */
export function municipalityMessage(municipality: string, locations: LocationRecord[], today: string, overdueDays: number, sharedBy?: string): Message {
  const operational = locations.filter((l) => l.stage === 'operationeel');
  const places = operational.reduce((s, l) => s + l.places, 0);
  const occupied = operational.reduce((s, l) => s + l.occupied, 0);
  const blocks: KnownBlock[] = [
    header(`${municipality} · ${formatDate(today)}`),
    section(
      locations.length === 0
        ? `Nog geen locaties in ${escapeMrkdwn(municipality)}. Voeg er een toe met \`/opvang locatie\`.`
        : `${locations.length} ${locations.length === 1 ? 'locatie' : 'locaties'} · operationeel ${formatNumber(places)} plekken, ${formatNumber(occupied)} bezet`,
    ),
  ];
  for (const l of locations.slice(0, MAX_LOCATION_BLOCKS)) blocks.push(section(locationText(l, today, overdueDays)));
  if (locations.length > MAX_LOCATION_BLOCKS) {
    blocks.push(context(`…en ${locations.length - MAX_LOCATION_BLOCKS} locaties meer; \`/opvang export\` geeft alles als CSV.`));
  }
  blocks.push(
    sharedBy
      ? context(`Gedeeld door ${personRef(sharedBy)}`)
      : actions('stand_actions', [button('Delen in kanaal', STAND_SHARE, `gemeente:${municipality}`)]),
  );
  return { text: `Stand ${municipality}: ${locations.length} locaties`, blocks };
}

function locationText(l: LocationRecord, today: string, overdueDays: number): string {
  const age = daysBetween(toLocalDay(new Date(l.updatedAt)), today);
  const parts = [
    `*${escapeMrkdwn(l.name)}* · ${TARGET_GROUP_LABELS[l.targetGroup]} · _${STAGE_LABELS[l.stage]}_`,
    l.stage === 'operationeel' || l.places > 0
      ? `${formatNumber(l.places)} plekken, ${formatNumber(l.occupied)} bezet, ${formatNumber(Math.max(0, l.places - l.occupied))} beschikbaar${l.occupied > l.places ? ' :warning: overbezet' : ''}`
      : undefined,
    l.expectedPlaces !== null ? `Verwacht: ${approx(l.expectedPlaces, l.expectedIsEstimate)} plekken${l.opensOn ? ` vanaf ${formatDate(l.opensOn)}` : ''}` : undefined,
    l.contact ? `Contact: ${escapeMrkdwn(l.contact)}` : undefined,
    l.note ? `Notitie: ${escapeMrkdwn(l.note)}` : undefined,
    `Bijgewerkt ${formatDate(new Date(l.updatedAt))} door ${personRef(l.updatedBy)}${age > overdueDays ? ` · :warning: verouderd (${formatDays(age)})` : ''}`,
  ];
  return parts.filter(Boolean).join('\n');
}
