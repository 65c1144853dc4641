import { NATIONAL_POPULATION_LABELS, STAGE_LABELS, TARGET_GROUP_LABELS, type NationalPopulation } from '../../domain/vocabulary';
import {
  formatChange,
  formatCount,
  formatDate,
  formatDay,
  formatDays,
  formatMoment,
  formatNumber,
  formatPercent,
  formatShortDate,
  progressBar,
  addDays,
  daysBetween,
  toLocalDay,
} from '../../format/nl';
import type { KnownBlock, SectionBlock } from '@slack/types';
import { actions, button, context, divider, fitLines, header, section, andMore } from '../../blockkit/blocks';
import { escapeMrkdwn, personRef } from '../../blockkit/escape';
import { HOME_LOCATION_UPDATE, NOODKNOP_CANCEL_OPEN, NOODKNOP_OFFER_OPEN, NOODKNOP_PLACE_OPEN, SHIFT_LIST_OPEN, STAND_SHARE, STAY_OUTFLOW_OPEN } from '../../blockkit/ids';
import { ACTION_SHIFT_HOURS, type ActionItem, type GroupStand, type HousingStand, type NationalStand, type PipelineStage, type Stand, type TargetProgress } from './stand';
import { type DutyPeriod } from '../roster/roster';
import type { StaySummary } from '../stays/stays';
import type { Message } from '../../blockkit/message';
import { halfYearLabel, type LocationRecord } from '../capacity/capacity';
import { ourDutyLine } from '../roster/roster.view';
import { thresholdFooterText } from '../capacity/thresholds.view';
import { dismissLeftoverButton, followUpButton } from '../noodknop/noodknop.view';

function approx(n: number, estimate: boolean): string {
  return `${estimate ? 'ca. ' : ''}${formatNumber(n)}`;
}

/** "Landelijk: Oekraïners (noodopvang gemeenten)": every national heading says who the figures count. */
function nationalHeading(population: NationalPopulation): string {
  return `Landelijk: ${NATIONAL_POPULATION_LABELS[population]}`;
}

/** One population's national figures, and the change since the figures before them when they are comparable. */
function nationalPopulationText(national: NationalStand): string {
  const lines = [
    `*${nationalHeading(national.population)}*`,
    `${formatNumber(national.places)} plekken · ${formatNumber(national.occupied)} bezet · *${formatPercent(national.rate)}* bezettingsgraad`,
    `Peildatum ${formatDate(national.asOf)}${national.source ? ` · bron: ${escapeMrkdwn(national.source)}` : ''}`,
  ];
  if (national.previous) {
    const p = national.previous;
    lines.push(`Sinds ${formatDate(p.asOf)}: ${formatChange(p.placesChange)} plekken, ${formatChange(p.occupiedChange)} bezet`);
  } else if (national.previousOtherSource) {
    lines.push(`De cijfers van ${formatDate(national.previousOtherSource.asOf)} komen uit een andere bron: geen verschil berekend.`);
  }
  if (national.stale) lines.push(`:warning: Verouderd: ${formatDays(national.ageDays)} oud`);
  return lines.join('\n');
}

/** The national figures, one paragraph per population (never compared with each other). */
export function nationalText(national: NationalStand[]): string {
  if (national.length === 0) return '*Landelijk*\nNog geen landelijke cijfers ingevoerd (`/opvang landelijk`).';
  return national.map(nationalPopulationText).join('\n\n');
}

/** The national figure in a notification's one line: "landelijk (Oekraïners, noodopvang gemeenten) 84,5% bezet". */
export function nationalSummary(national: NationalStand[], withFigures: boolean): string {
  const n = national[0];
  if (!n) return 'geen landelijke cijfers';
  const figures = withFigures ? `${formatNumber(n.places)} plekken, ${formatNumber(n.occupied)} bezet (${formatPercent(n.rate)})` : `${formatPercent(n.rate)} bezet`;
  return `landelijk ${NATIONAL_POPULATION_LABELS[n.population]}: ${figures}`;
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
  return fitLines([groupHeadline(group), ...group.targets.map(targetLine)], andMore('doel', 'doelen'));
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
      `${capitalise(STAGE_LABELS[stage.stage])}: ${formatCount(count, 'locatie', 'locaties')}, ${approx(stage.expectedPlaces, stage.approximate)} plekken verwacht${unknown}`,
    );
    for (const l of stage.locations.slice(0, 5)) {
      const figure = l.expectedPlaces === null ? 'aantal onbekend' : `${approx(l.expectedPlaces, l.expectedIsEstimate)} plekken`;
      lines.push(`  • ${escapeMrkdwn(l.name)} (${escapeMrkdwn(l.municipality)}): ${figure}${l.opensOn ? `, open vanaf ${formatDate(l.opensOn)}` : ''}`);
    }
    if (count > 5) lines.push(`  • …en ${formatCount(count - 5, 'locatie', 'locaties')} meer: \`/opvang stand &lt;gemeente&gt;\``);
  }
  return fitLines(lines, andMore('regel', 'regels'));
}

function regionsOf(period: DutyPeriod): string {
  return period.regions.map((r) => r.name).join(' + ');
}

export function cnoText(stand: Stand): string {
  const lines = ['*CNO-dienst*'];
  lines.push(
    stand.dutyToday.length === 0
      ? 'Vandaag heeft geen regio CNO-dienst volgens het rooster.'
      : `Vandaag (t/m ${formatShortDate(addDays(stand.dutyToday[0]!.endsOn, -1))}): ${stand.dutyToday.map(regionsOf).join(', ')}`,
  );
  lines.push(ourDutyLine(stand.regionName, stand.ourDuty));
  const stays = stand.cnoStays && cnoStayLine(stand.cnoStays);
  if (stays) lines.push(stays);
  return lines.join('\n');
}

/** The 14-day rule in one line: guests in CNO, and how many are due (day 12 or later); undefined when nobody is there. */
function cnoStayLine(s: StaySummary): string | undefined {
  if (s.persons === 0) return undefined;
  const rule = `${s.maxStayDays}-dagenregel`;
  if (s.due === 0) return `In CNO-opvang: ${formatCount(s.persons, 'persoon', 'personen')}; niemand al ${s.dueDay} dagen of langer (${rule}).`;
  const without = s.dueWithoutDestination > 0 ? `; ${formatNumber(s.dueWithoutDestination)} nog zonder uitstroombestemming` : '';
  return `In CNO-opvang: ${formatCount(s.persons, 'persoon', 'personen')}, van wie ${formatNumber(s.due)} al ${s.dueDay} dagen of langer (${rule})${without}.`;
}

export function staleText(stand: Stand): string | undefined {
  if (stand.stale.length === 0) return undefined;
  const lines = stand.stale.map(
    (l) => `• ${escapeMrkdwn(l.name)} (${escapeMrkdwn(l.municipality)}): ${formatDays(l.ageDays)} oud, laatst bijgewerkt door ${personRef(l.updatedBy)}`,
  );
  return fitLines(
    [`:warning: *Verouderde cijfers* (ouder dan ${formatDays(stand.overdueDays)}): ${formatCount(stand.stale.length, 'locatie', 'locaties')}`, ...lines],
    (n) => `…en ${formatCount(n, 'locatie', 'locaties')} meer`,
  );
}

/** A quota balance in words: "achterstand 50" (difference < 0), "voorsprong 5" or "op schema". */
export function differenceText(difference: number): string {
  if (difference < 0) return `achterstand ${formatNumber(-difference)}`;
  if (difference > 0) return `voorsprong ${formatNumber(difference)}`;
  return 'op schema';
}

/**
 * The quota's headline: how many municipalities entered figures, then the region's balance, which
 * holds only when all of them did; until then it is the sum of those that did, and says so.
 */
export function housingHeadline(housing: HousingStand): string {
  const title = `*Statushouders taakstelling ${halfYearLabel(housing.halfYear)}*`;
  const entered = `${formatNumber(housing.entered)} van ${formatCount(housing.municipalityCount, 'gemeente', 'gemeenten')} ingevoerd`;
  const figures = `${formatNumber(housing.housed)} van ${formatNumber(housing.required)} gehuisvest`;
  if (housing.entered >= housing.municipalityCount) return `${title}: ${entered} · regio ${figures} · *${differenceText(housing.difference)}*`;
  const missing = housing.municipalityCount - housing.entered;
  const those = housing.entered === 1 ? 'deze gemeente' : `deze ${formatNumber(housing.entered)} gemeenten`;
  return `${title}: ${entered} · ${those}: ${figures}, ${differenceText(housing.difference)} · stand van de regio onbekend zolang ${formatCount(missing, 'gemeente', 'gemeenten')} ${missing === 1 ? 'ontbreekt' : 'ontbreken'} (\`/opvang taakstelling\`)`;
}

/** Statushouders: the half-year's quota against housed, per municipality (at most 11 lines). */
function housingText(housing: HousingStand): string {
  const lines = [
    housingHeadline(housing),
    ...housing.municipalities.map((m) => `  • ${escapeMrkdwn(m.municipality)}: ${formatNumber(m.housed)} van ${formatNumber(m.required)} · ${differenceText(m.difference)}`),
  ];
  return fitLines(lines, andMore('gemeente', 'gemeenten'));
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// ---- "Nu actie nodig" ---------------------------------------------------------------------------

/** At most this many noodknop requests get their own line; the rest are counted. */
const MAX_REQUEST_ITEMS = 5;

/** A noodknop request that needs action: what is missing by when, and the button for the next step. */
function requestSection(item: Extract<ActionItem, { kind: 'noodknop' }>): SectionBlock {
  const r = item.request;
  const offered = `${formatNumber(r.offeredPlaces)} van ${formatCount(r.persons, 'plek', 'plekken')} aangeboden`;
  const by = `oproep van ${personRef(r.requestedBy)}`;
  switch (r.state) {
    case 'open':
      return section(
        `:rotating_light: *Noodknop #${r.id}: nog ${formatCount(item.missing, 'plek', 'plekken')} nodig vóór ${formatMoment(new Date(r.neededBy))}*\n${r.offeredPlaces > 0 ? offered : 'Nog geen aanbod'} · ${by}`,
        button('Plekken aanbieden', NOODKNOP_OFFER_OPEN, String(r.id), 'primary'),
      );
    case 'verlopen':
      return section(
        `:warning: *Noodknop #${r.id} verlopen: nog ${formatCount(item.missing, 'persoon', 'personen')} zonder plek*\n${offered} · ${by}`,
        r.offeredPlaces > 0 ? button('Plaatsing bevestigen', NOODKNOP_PLACE_OPEN, String(r.id)) : button('Oproep annuleren', NOODKNOP_CANCEL_OPEN, String(r.id)),
      );
    case 'gedekt':
      return section(`:white_check_mark: *Noodknop #${r.id} gedekt: plaatsing nog bevestigen*\n${offered} · ${by}`, button('Plaatsing bevestigen', NOODKNOP_PLACE_OPEN, String(r.id)));
  }
}

/**
 * People a partial placement left without a place: "Noodknop #1: 2 personen nog zonder plek (10
 * van 12 geplaatst)", with the new noodknop for them and, for the requester or an admin (checked
 * at the click), "Geen nieuwe noodknop nodig". Two buttons: a section and an actions block.
 */
function leftoverBlocks(item: Extract<ActionItem, { kind: 'leftover' }>): KnownBlock[] {
  const r = item.request;
  return [
    section(
      `:warning: *Noodknop #${r.id}: ${formatCount(item.left, 'persoon', 'personen')} nog zonder plek (${formatNumber(r.placed)} van ${formatNumber(r.persons)} geplaatst)*\nGeplaatst op ${formatMoment(new Date(r.closedAt))} · oproep van ${personRef(r.requestedBy)}`,
    ),
    actions(`noodknop_leftover_${r.id}`, [followUpButton(r.id, item.left), dismissLeftoverButton(r.id, item.left)]),
  ];
}

/** One thing to do, as a line and the button that does it. */
function actionSection(item: Exclude<ActionItem, { kind: 'leftover' }>): SectionBlock {
  switch (item.kind) {
    case 'noodknop':
      return requestSection(item);
    case 'shifts':
      return section(
        `:busts_in_silhouette: *Bemensing: ${formatCount(item.total, 'open dienst', 'open diensten')} in de komende ${ACTION_SHIFT_HOURS} uur*\n${item.perDay.map((d) => `${formatShortDate(d.day)}: ${formatNumber(d.open)}`).join(' · ')}`,
        button('Dienst nemen', SHIFT_LIST_OPEN),
      );
    case 'stays':
      return section(
        `:hourglass_flowing_sand: *Uitstroom vastleggen: ${formatCount(item.persons, 'persoon', 'personen')} ${item.dueDay} dagen of langer in de CNO*\nZonder uitstroombestemming${item.groups > 1 ? ` (${formatCount(item.groups, 'groep', 'groepen')})` : ''}; na ${item.maxStayDays} dagen gaan zij door naar een duurzame opvanglocatie.`,
        button('Uitstroom vastleggen', STAY_OUTFLOW_OPEN),
      );
    case 'stale':
      return section(
        `:warning: *Cijfers bijwerken: ${formatCount(item.locations, 'locatie', 'locaties')} langer dan ${formatDays(item.overdueDays)} niet bijgewerkt*\nHet oudst: ${escapeMrkdwn(item.oldest.name)} (${escapeMrkdwn(item.oldest.municipality)}), ${formatDays(item.oldest.ageDays)} oud.`,
        button('Cijfers bijwerken', HOME_LOCATION_UPDATE, String(item.oldest.id)),
      );
  }
}

/**
 * "Nu actie nodig": the first thing in the stand, the App Home and the digest when anything needs
 * doing (people without a place first), each line with its button. Nothing to do: no blocks at
 * all, not an empty section.
 */
export function actionBlocks(stand: Stand): KnownBlock[] {
  if (stand.actions.length === 0) return [];
  const requests = stand.actions.filter((a) => a.kind === 'noodknop' || a.kind === 'leftover');
  const others = stand.actions.filter((a) => a.kind !== 'noodknop' && a.kind !== 'leftover');
  const blocks: KnownBlock[] = [header('Nu actie nodig')];
  for (const item of requests.slice(0, MAX_REQUEST_ITEMS)) blocks.push(...(item.kind === 'leftover' ? leftoverBlocks(item) : [actionSection(item)]));
  if (requests.length > MAX_REQUEST_ITEMS) blocks.push(context(`…en ${formatCount(requests.length - MAX_REQUEST_ITEMS, 'oproep', 'oproepen')} meer: \`/opvang noodknop lijst\``));
  for (const item of others) blocks.push(actionSection(item));
  blocks.push(divider());
  return blocks;
}

/** The most urgent thing in words, for a notification ("Nu actie nodig: noodknop #1, nog 10 plekken nodig vóór …"). */
export function urgentText(stand: Stand): string | undefined {
  const first = stand.actions[0];
  if (!first) return undefined;
  switch (first.kind) {
    case 'noodknop':
      return first.request.state === 'gedekt'
        ? `Nu actie nodig: noodknop #${first.request.id} gedekt, plaatsing nog bevestigen`
        : `Nu actie nodig: noodknop #${first.request.id}, nog ${formatCount(first.missing, 'plek', 'plekken')} nodig vóór ${formatMoment(new Date(first.request.neededBy))}`;
    case 'leftover':
      return `Nu actie nodig: noodknop #${first.request.id}, ${formatCount(first.left, 'persoon', 'personen')} nog zonder plek`;
    case 'shifts':
      return `Nu actie nodig: ${formatCount(first.total, 'open dienst', 'open diensten')} in de komende ${ACTION_SHIFT_HOURS} uur`;
    case 'stays':
      return `Nu actie nodig: uitstroom vastleggen voor ${formatCount(first.persons, 'persoon', 'personen')}`;
    case 'stale':
      return `Nu actie nodig: cijfers van ${formatCount(first.locations, 'locatie', 'locaties')} bijwerken`;
  }
}

/** The stand without "Nu actie nodig": its header, the figures, pipeline, CNO and out-of-date locations. */
export function standBody(stand: Stand): KnownBlock[] {
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

/** The stand's blocks, shared by the message and the App Home: what needs action first, then the body. */
function standBlocks(stand: Stand): KnownBlock[] {
  return [...actionBlocks(stand), ...standBody(stand)];
}

function standText(stand: Stand): string {
  const national = nationalSummary(stand.national, true);
  const urgent = urgentText(stand);
  return `${urgent ? `${urgent} · ` : ''}Stand opvang ${stand.regionName} ${formatDate(stand.today)}: ${national}`;
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
        : `${formatCount(locations.length, 'locatie', 'locaties')} · operationeel ${formatNumber(places)} plekken, ${formatNumber(occupied)} bezet`,
    ),
  ];
  for (const l of locations.slice(0, MAX_LOCATION_BLOCKS)) blocks.push(section(locationText(l, today, overdueDays)));
  if (locations.length > MAX_LOCATION_BLOCKS) {
    blocks.push(context(`…en ${formatCount(locations.length - MAX_LOCATION_BLOCKS, 'locatie', 'locaties')} meer; \`/opvang export\` geeft alles als CSV.`));
  }
  blocks.push(
    sharedBy
      ? context(`Gedeeld door ${personRef(sharedBy)}`)
      : actions('stand_actions', [button('Delen in kanaal', STAND_SHARE, `gemeente:${municipality}`)]),
  );
  return { text: `Stand ${municipality}: ${formatCount(locations.length, 'locatie', 'locaties')}`, blocks };
}

function locationText(l: LocationRecord, today: string, overdueDays: number): string {
  const age = daysBetween(toLocalDay(new Date(l.updatedAt)), today);
  const parts = [
    `*${escapeMrkdwn(l.name)}* · ${TARGET_GROUP_LABELS[l.targetGroup]} · _${STAGE_LABELS[l.stage]}_`,
    l.stage === 'operationeel' || l.places > 0
      ? `${formatNumber(l.places)} plekken, ${formatNumber(l.occupied)} bezet, ${formatNumber(Math.max(0, l.places - l.occupied))} vrij${l.occupied > l.places ? ' :warning: overbezet' : ''}`
      : undefined,
    l.expectedPlaces !== null ? `Verwacht: ${approx(l.expectedPlaces, l.expectedIsEstimate)} plekken${l.opensOn ? ` vanaf ${formatDate(l.opensOn)}` : ''}` : undefined,
    l.contact ? `Contact: ${escapeMrkdwn(l.contact)}` : undefined,
    l.note ? `Notitie: ${escapeMrkdwn(l.note)}` : undefined,
    `Bijgewerkt ${formatDay(toLocalDay(new Date(l.updatedAt)), today)} door ${personRef(l.updatedBy)}${age > overdueDays ? ` · :warning: verouderd (${formatDays(age)})` : ''}`,
  ];
  return parts.filter(Boolean).join('\n');
}
