import { actions, button, context, fitLines, section, andMore } from '../../blockkit/blocks';
import { escapeMrkdwn, personRef } from '../../blockkit/escape';
import { STAND_OPEN, THRESHOLDS_VIEW } from '../../blockkit/ids';
import type { Message } from '../../blockkit/message';
import { NATIONAL_POPULATION_LABELS, TARGET_GROUPS, TARGET_GROUP_LABELS, STAGE_LABELS, type TargetGroup } from '../../domain/vocabulary';
import { formatCount, formatDate, formatNumber, formatPercent } from '../../format/nl';
import type { FormDefinition, FormItem, Values } from '../../forms/form';
import type { LocationRecord, NationalFigure } from './capacity';
import {
  FREE_MARGIN_FRACTION,
  FREE_MARGIN_MIN_PLACES,
  OCCUPANCY_MARGIN_POINTS,
  freeRecoveryLevel,
  NATIONAL_THRESHOLD_LABEL,
  NATIONAL_THRESHOLD_POPULATION,
  occupancyRecoveryLevel,
  type Reading,
  type ThresholdEvent,
  type ThresholdSettings,
} from './thresholds';

// ── The form (/opvang drempels) ─────────────────────────────────────────────────────────────────

/** The field of a target group's minimum free places. */
export const minFreeField = (group: TargetGroup) => `minFree_${group}`;

const percentHint = 'Een heel getal van 1 t/m 100, zonder %-teken. Leeg: geen drempel.';

/** /opvang drempels: the region's thresholds, each optional (empty: none). */
export function thresholdsForm(settings: ThresholdSettings, channel: string | undefined): FormDefinition {
  const where = channel ? `in <#${channel}>` : 'in het meldingenkanaal (dat is bij de installatie niet ingesteld: er gaat nu niets uit)';
  const items: FormItem[] = [
    {
      kind: 'note',
      small: true,
      text: `Passeert een cijfer een drempel door een wijziging (formulier, import, plaatsing, landelijke cijfers), dan komt er één melding ${where}. Eén keer per keer dat het misgaat; *hersteld* pas als het cijfer met marge terug is: vrije plekken op het minimum plus ${formatPercent(FREE_MARGIN_FRACTION)} (minstens ${FREE_MARGIN_MIN_PLACES}), bezetting ${OCCUPANCY_MARGIN_POINTS} procentpunt onder het maximum. Laat een veld leeg voor geen drempel.`,
    },
    ...TARGET_GROUPS.map((group): FormItem => ({
      kind: 'number',
      name: minFreeField(group),
      label: `Minimaal vrije plekken: ${TARGET_GROUP_LABELS[group]}`,
      optional: true,
      placeholder: 'bijv. 100',
      hint: group === TARGET_GROUPS[0] ? 'Vrije plekken in de operationele locaties van de regio samen. Leeg: geen drempel.' : undefined,
      initial: settings.minFree[group] === undefined ? null : String(settings.minFree[group]),
    })),
    {
      kind: 'number',
      name: 'maxLocationOccupancy',
      label: 'Maximale bezetting per locatie (%)',
      optional: true,
      placeholder: 'bijv. 95',
      hint: `Een melding zodra één operationele locatie dit percentage bereikt. ${percentHint}`,
      min: 1,
      max: 100,
      outOfRange: 'Een percentage van 1 t/m 100.',
      initial: settings.maxLocationOccupancy === null ? null : String(settings.maxLocationOccupancy),
    },
    {
      kind: 'number',
      name: 'nationalOccupancy',
      label: 'Landelijke bezettingsgraad (%)',
      optional: true,
      placeholder: 'bijv. 90',
      hint: `Een melding zodra de landelijke bezettingsgraad van ${NATIONAL_POPULATION_LABELS[NATIONAL_THRESHOLD_POPULATION]} dit percentage bereikt. ${percentHint}`,
      min: 1,
      max: 100,
      outOfRange: 'Een percentage van 1 t/m 100.',
      initial: settings.nationalOccupancy === null ? null : String(settings.nationalOccupancy),
    },
  ];
  return { id: THRESHOLDS_VIEW, title: 'Drempels', items };
}

/** The settings a validated submission of thresholdsForm says. */
export function settingsFromValues(values: Values): ThresholdSettings {
  const minFree: ThresholdSettings['minFree'] = {};
  for (const group of TARGET_GROUPS) {
    const value = values.number(minFreeField(group));
    if (value !== null) minFree[group] = value;
  }
  return { minFree, maxLocationOccupancy: values.number('maxLocationOccupancy'), nationalOccupancy: values.number('nationalOccupancy') };
}

// ── Words ──────────────────────────────────────────────────────────────────────────────────────

const rate = (r: { places: number; occupied: number }) => formatPercent(r.occupied / r.places);

function readingText(reading: Reading | null): string {
  if (!reading) return '–';
  return 'free' in reading ? formatNumber(reading.free) : rate(reading);
}

/** One line per threshold that is set, for the form's confirmation and the stand's footer. */
function thresholdLines(settings: ThresholdSettings): string[] {
  const lines: string[] = [];
  for (const group of TARGET_GROUPS) {
    const value = settings.minFree[group];
    if (value !== undefined) lines.push(`minimaal ${formatCount(value, 'vrije plek', 'vrije plekken')} ${TARGET_GROUP_LABELS[group]}`);
  }
  if (settings.maxLocationOccupancy !== null) lines.push(`bezetting per locatie onder ${settings.maxLocationOccupancy}%`);
  if (settings.nationalOccupancy !== null) lines.push(`${NATIONAL_THRESHOLD_LABEL.toLowerCase()} onder ${settings.nationalOccupancy}%`);
  return lines;
}

/** The admin's confirmation: the thresholds now, and what they announced at once. */
export function thresholdsSavedMessage(settings: ThresholdSettings, events: ThresholdEvent[], channel: string | undefined): Message {
  const lines = thresholdLines(settings);
  const head = lines.length === 0 ? ':white_check_mark: Drempels opgeslagen: er zijn geen drempels; er komen geen meldingen.' : `:white_check_mark: Drempels opgeslagen: ${lines.join(' · ')}.`;
  if (events.length === 0) return { text: head, blocks: [section(head)] };
  const where = channel ? `gemeld in <#${channel}>` : 'niet gemeld: bij de installatie is geen meldingenkanaal ingesteld';
  const text = fitLines([head, '', `Meteen ${where}:`, ...events.map(eventLine)], (n) => `…en ${n} meer`);
  return { text: head, blocks: [section(text)] };
}

// ── The alert ──────────────────────────────────────────────────────────────────────────────────

/** The write that made figures cross: who, and what changed (for "who changed what"). */
export interface FigureChange {
  actor: string;
  action: 'update' | 'create' | 'import' | 'placement' | 'national' | 'thresholds';
  /** The noodknop request of a placement. */
  requestId?: number;
  locations: { before: LocationRecord | null; after: LocationRecord }[];
  national?: { before?: NationalFigure; after: NationalFigure };
}

function eventLine(e: ThresholdEvent): string {
  const label = escapeMrkdwn(e.label);
  // A threshold set or changed measures the figure as it is: "nu 80" rather than "80 → 80".
  const change = readingText(e.before) === readingText(e.after) ? `nu ${readingText(e.after)}` : `${readingText(e.before)} → ${readingText(e.after)}`;
  switch (e.kind) {
    case 'min_free':
      return e.transition === 'crossed'
        ? `• Vrije plekken *${label}* in de regio onder het minimum van ${formatNumber(e.threshold)}: ${change}.`
        : `• Vrije plekken *${label}* weer ${readingText(e.after)} (minimum ${formatNumber(e.threshold)}, hersteld vanaf ${formatNumber(freeRecoveryLevel(e.threshold))}).`;
    case 'max_location_occupancy':
      return e.transition === 'crossed'
        ? `• *${label}*: bezetting ${change}, maximum ${e.threshold}%.`
        : `• *${label}*: bezetting weer ${readingText(e.after)} (maximum ${e.threshold}%, hersteld vanaf ${occupancyRecoveryLevel(e.threshold)}%).`;
    case 'national_occupancy':
      return e.transition === 'crossed'
        ? `• *${NATIONAL_THRESHOLD_LABEL}* ${change}, drempel ${e.threshold}%.`
        : `• *${NATIONAL_THRESHOLD_LABEL}* weer ${readingText(e.after)} (drempel ${e.threshold}%, hersteld vanaf ${occupancyRecoveryLevel(e.threshold)}%).`;
  }
}

function figures(l: Pick<LocationRecord, 'stage' | 'places' | 'occupied'>): string {
  return `${formatNumber(l.places)} plekken, ${formatNumber(l.occupied)} bezet${l.stage === 'operationeel' ? '' : ` (${STAGE_LABELS[l.stage]})`}`;
}

function locationChangeLine(c: FigureChange['locations'][number]): string {
  const name = `${escapeMrkdwn(c.after.name)} (${escapeMrkdwn(c.after.municipality)})`;
  if (!c.before) return `${name}: nieuw, ${figures(c.after)}`;
  const parts: string[] = [];
  if (c.before.stage !== c.after.stage) parts.push(`fase ${STAGE_LABELS[c.before.stage]} → ${STAGE_LABELS[c.after.stage]}`);
  if (c.before.places !== c.after.places) parts.push(`plekken ${formatNumber(c.before.places)} → ${formatNumber(c.after.places)}`);
  if (c.before.occupied !== c.after.occupied) parts.push(`bezet ${formatNumber(c.before.occupied)} → ${formatNumber(c.after.occupied)}`);
  return `${name}: ${parts.length > 0 ? parts.join(', ') : 'gegevens gewijzigd'}`;
}

/** "who changed what": the actor and the changes that matter for these events (the rest counted). */
function changeText(change: FigureChange, events: ThresholdEvent[]): string {
  const who = personRef(change.actor);
  const lead = {
    update: `${who} werkte bij`,
    create: `${who} voegde toe`,
    import: `${who} importeerde een CSV-bestand (${formatNumber(change.locations.length)} ${change.locations.length === 1 ? 'locatie' : 'locaties'} gewijzigd)`,
    placement: `${who} bevestigde de plaatsing van noodknop-oproep #${change.requestId ?? '?'}`,
    national: `${who} voerde landelijke cijfers in`,
    thresholds: `${who} stelde de drempels in (\`/opvang drempels\`)`,
  }[change.action];
  const lines: string[] = [`*Wijziging:* ${lead}`];
  if (change.national) {
    const n = change.national;
    const was = n.before ? `${formatNumber(n.before.places)} plekken, ${formatNumber(n.before.occupied)} bezet → ` : '';
    lines.push(`• ${NATIONAL_POPULATION_LABELS[n.after.population]}, peildatum ${formatDate(n.after.asOf)}: ${was}${formatNumber(n.after.places)} plekken, ${formatNumber(n.after.occupied)} bezet`);
  }
  // The changes behind these events first: the locations that crossed, then those of the target groups that did.
  const crossedLocations = new Set(events.filter((e) => e.kind === 'max_location_occupancy').map((e) => Number(e.subject)));
  const crossedGroups = new Set(events.filter((e) => e.kind === 'min_free').map((e) => e.subject));
  const relevant = change.locations.filter((c) => crossedLocations.has(c.after.id) || crossedGroups.has(c.after.targetGroup));
  const shown = relevant.length > 0 ? relevant : change.locations;
  lines.push(...shown.map((c) => `• ${locationChangeLine(c)}`));
  return fitLines(lines, andMore('wijziging', 'wijzigingen'));
}

/**
 * The alert (or "hersteld" notice) for the events one write caused: what crossed, the figure
 * before and after, who changed what, and a button to the stand. One message per write, however
 * many thresholds it crossed.
 */
export function thresholdAlertMessage(events: ThresholdEvent[], change: FigureChange): Message {
  const crossed = events.filter((e) => e.transition === 'crossed');
  const recovered = events.filter((e) => e.transition === 'recovered');
  const blocks: Message['blocks'] = [];
  const texts: string[] = [];
  if (crossed.length > 0) {
    const head = `:rotating_light: *${crossed.length === 1 ? 'Drempel' : `${crossed.length} drempels`} overschreden*`;
    blocks.push(section(fitLines([head, ...crossed.map(eventLine)], (n) => `…en ${n} meer`)));
    texts.push(`Drempel overschreden: ${crossed.map((e) => e.label).join(', ')}`);
  }
  if (recovered.length > 0) {
    blocks.push(section(fitLines([':white_check_mark: *Hersteld*', ...recovered.map(eventLine)], (n) => `…en ${n} meer`)));
    texts.push(`Hersteld: ${recovered.map((e) => e.label).join(', ')}`);
  }
  blocks.push(context(changeText(change, events)));
  if (crossed.length > 0) blocks.push(actions('threshold_actions', [button('Stand bekijken', STAND_OPEN, 'region')]));
  return { text: texts.join(' · '), blocks };
}

// ── The stand's footer ─────────────────────────────────────────────────────────────────────────

/** What the footer says: every threshold that is set, with where the figure is now. */
export interface ThresholdFooter {
  settings: ThresholdSettings;
  free: Partial<Record<TargetGroup, number>>;
  /** Operational locations at or above the maximum now. */
  fullLocations: number;
  national?: { places: number; occupied: number };
}

export function thresholdFooterText(f: ThresholdFooter): string | undefined {
  const parts: string[] = [];
  for (const group of TARGET_GROUPS) {
    const minimum = f.settings.minFree[group];
    if (minimum === undefined) continue;
    const free = f.free[group] ?? 0;
    parts.push(`vrij ${TARGET_GROUP_LABELS[group]} min. ${formatNumber(minimum)} (nu ${formatNumber(free)}${free < minimum ? ' :rotating_light:' : ''})`);
  }
  if (f.settings.maxLocationOccupancy !== null) {
    const over = f.fullLocations;
    parts.push(`bezetting per locatie max. ${f.settings.maxLocationOccupancy}% (${over === 0 ? 'geen erboven' : `${formatNumber(over)} ${over === 1 ? 'locatie' : 'locaties'} erop of erboven :rotating_light:`})`);
  }
  if (f.settings.nationalOccupancy !== null) {
    const n = f.national && f.national.places > 0 ? f.national : undefined;
    const beyond = n && n.occupied * 100 >= f.settings.nationalOccupancy * n.places;
    parts.push(`landelijk ${NATIONAL_POPULATION_LABELS[NATIONAL_THRESHOLD_POPULATION]} max. ${f.settings.nationalOccupancy}%${n ? ` (nu ${rate(n)}${beyond ? ' :rotating_light:' : ''})` : ''}`);
  }
  return parts.length === 0 ? undefined : `Drempels voor meldingen: ${parts.join(' · ')} · \`/opvang drempels\``;
}
