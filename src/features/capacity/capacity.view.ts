import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { PRIORITIES, STAGES, STAGE_LABELS, TARGET_GROUPS, TARGET_GROUP_LABELS, ROLE_LABELS } from '../../domain/vocabulary';
import { formatChange, formatDate, formatDateTime, formatNumber } from '../../format/nl';
import { context, fitLines, section, actions, button } from '../../blockkit/blocks';
import { escapeMrkdwn, truncate, personRef } from '../../blockkit/escape';
import {
  IMPORT_VALID_ONLY,
  LOCATION_CREATE_VIEW,
  LOCATION_PICKER,
  LOCATION_UPDATE_VIEW,
  NATIONAL_VIEW,
  QUOTA_VIEW,
  TARGET_PICKER,
  TARGET_VIEW,
} from '../../blockkit/ids';
import { LIMITS } from '../../blockkit/limits';
import { checkboxes, datePicker, externalSelect, input, modal, numberField, option, staticSelect, textInput } from '../../blockkit/modal';
import type { FormValues } from '../../domain/forms';
import { OVERBEZETTING, quotaStatus, type NationalFigure, type QuotaRow, type TargetRow, type LocationRecord, type LocationRef, type Municipality } from './capacity';
import type { ImportCheck } from './import';
import { textMessage, type Message } from '../../blockkit/message';

/** What a form carries in private_metadata: the record and version it showed, and where to confirm. */
export interface FormMeta {
  id?: number;
  version?: number;
  channel?: string;
}

function encodeMeta(meta: FormMeta): string {
  return JSON.stringify(meta);
}

export function decodeMeta(raw: string | undefined): FormMeta {
  try {
    const parsed = JSON.parse(raw ?? '') as FormMeta;
    return parsed && typeof parsed === 'object' ? parsed : {};
  } catch {
    return {};
  }
}

/**
 * Slack keeps what a person typed in an input when a view is updated with the same block_id. When
 * a form must show other values (another location picked, or the current figures after a
 * conflict), the block ids get a suffix of the record and version so the fresh values show.
 * Field names stay the part before the colon.
 */
function keyed(block: InputBlock, suffix: string | undefined): InputBlock {
  return suffix ? { ...block, block_id: `${block.block_id}:${suffix}` } : block;
}

/** readFields with the suffix removed: { places: "12", … }. */
export function withoutSuffix(fields: FormValues): FormValues {
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key.split(':')[0]!, value]));
}

/** Field errors keyed by the block ids of the submitted view. */
export function errorsForView(errors: Record<string, string>, blockIds: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) {
    const blockId = blockIds.find((id) => id === field || id.startsWith(`${field}:`)) ?? field;
    out[blockId] = message;
  }
  return out;
}

const stageOptions = () => STAGES.map((s) => option(capitalise(STAGE_LABELS[s]), s));
const groupOptions = () => TARGET_GROUPS.map((g) => option(TARGET_GROUP_LABELS[g], g));
const overbezettingBox = (ticked: boolean) =>
  checkboxes([option('Overbezetting: bezet mag meer zijn dan plekken', OVERBEZETTING)], ticked ? [OVERBEZETTING] : []);

export function locationOption(l: LocationRef): PlainTextOption {
  return option(truncate(`${l.name} (${l.municipality})`, LIMITS.optionText), String(l.id));
}

/** /opvang bijwerken: picker on top, then the figures of the chosen location. */
export function locationUpdateModal(location: LocationRecord | undefined, meta: { channel?: string }, notice?: string): ModalView {
  const blocks: KnownBlock[] = [];
  if (notice) blocks.push(section(notice));
  blocks.push(
    input(LOCATION_PICKER, 'Locatie', externalSelect('Zoek op naam of gemeente…', 0, location && locationOption(location)), {
      dispatchAction: true,
      hint: 'Typ een deel van de naam; de cijfers verschijnen zodra je kiest.',
    }),
  );
  if (!location) {
    blocks.push(section('Kies eerst een locatie; daarna verschijnen haar cijfers om bij te werken.'));
    return modal(LOCATION_UPDATE_VIEW, 'Locatie bijwerken', blocks, { privateMetadata: encodeMeta(meta) });
  }
  const suffix = `${location.id}-${location.version}`;
  blocks.push(
    context(
      `${escapeMrkdwn(location.municipality)} · ${TARGET_GROUP_LABELS[location.targetGroup]} · laatst bijgewerkt ${formatDateTime(new Date(location.updatedAt))} door ${personRef(location.updatedBy)}`,
    ),
    keyed(input('places', 'Plekken', numberField(location.places, 'bijv. 120'), { hint: 'Hele getallen; 1.200 mag ook.' }), suffix),
    keyed(input('occupied', 'Bezet', numberField(location.occupied, 'bijv. 80')), suffix),
    keyed(input('overbezetting', 'Overbezetting', overbezettingBox(location.occupied > location.places), { optional: true }), suffix),
    keyed(input('stage', 'Fase', staticSelect(stageOptions(), location.stage)), suffix),
    keyed(input('expectedPlaces', 'Verwachte plekken', numberField(location.expectedPlaces), { optional: true, hint: 'Wat de locatie in de pijplijn naar verwachting toevoegt.' }), suffix),
    keyed(input('opensOn', 'Verwachte openingsdatum', datePicker(location.opensOn), { optional: true }), suffix),
    keyed(input('note', 'Notitie', textInput(location.note, { multiline: true, maxLength: 500 }), { optional: true }), suffix),
  );
  return modal(LOCATION_UPDATE_VIEW, 'Locatie bijwerken', blocks, { privateMetadata: encodeMeta({ ...meta, id: location.id, version: location.version }) });
}

/** The explanation on top of a reloaded form when someone else was faster. */
export function conflictNotice(current: LocationRecord): string {
  return `:warning: *Niet opgeslagen:* ${personRef(current.updatedBy)} heeft ${escapeMrkdwn(current.name)} op ${formatDateTime(new Date(current.updatedAt))} gewijzigd nadat jij dit formulier opende. Hieronder staan nu de actuele cijfers; pas ze zo nodig opnieuw aan en sla op.`;
}

/** A modal that only says something (refusal after the form was opened). */
export function noticeModal(callbackId: string, title: string, text: string): ModalView {
  const view = modal(callbackId, title, [section(text)], { close: 'Sluiten' });
  delete (view as { submit?: unknown }).submit;
  return view;
}

/** /opvang locatie: a new location. */
export function locationCreateModal(municipalities: Municipality[], meta: { channel?: string }): ModalView {
  return modal(
    LOCATION_CREATE_VIEW,
    'Locatie toevoegen',
    [
      input('name', 'Naam', textInput(undefined, { maxLength: 100, placeholder: 'bijv. Sporthal De Kroon' })),
      input('municipality', 'Gemeente', staticSelect(municipalities.map((m) => option(m.name, String(m.id))), undefined, 'Kies een gemeente')),
      input('targetGroup', 'Doelgroep', staticSelect(groupOptions())),
      input('stage', 'Fase', staticSelect(stageOptions(), 'in_overweging')),
      input('places', 'Plekken', numberField(0)),
      input('occupied', 'Bezet', numberField(0)),
      input('overbezetting', 'Overbezetting', overbezettingBox(false), { optional: true }),
      input('opensOn', 'Openingsdatum', datePicker(), { optional: true }),
      input('contact', 'Contact', textInput(undefined, { maxLength: 200, placeholder: 'Naam, telefoon of e-mail' }), { optional: true }),
      input('note', 'Notitie', textInput(undefined, { multiline: true, maxLength: 500 }), { optional: true }),
    ],
    { privateMetadata: encodeMeta(meta) },
  );
}

/** /opvang landelijk */
export function nationalModal(today: string, latest: NationalFigure | undefined, meta: { channel?: string }): ModalView {
  const blocks: KnownBlock[] = [];
  if (latest) {
    blocks.push(context(`Laatst ingevoerd: ${formatDate(latest.asOf)}: ${formatNumber(latest.places)} plekken, ${formatNumber(latest.occupied)} bezet. Dezelfde peildatum opnieuw vervangt die cijfers.`));
  }
  blocks.push(
    input('asOf', 'Peildatum', datePicker(today)),
    input('places', 'Plekken (landelijk)', numberField(undefined, 'bijv. 46.091')),
    input('occupied', 'Bezet (landelijk)', numberField(undefined, 'bijv. 38.949')),
    input('overbezetting', 'Overbezetting', overbezettingBox(false), { optional: true }),
    input('source', 'Bron', textInput(latest?.source, { maxLength: 200 }), { optional: true }),
  );
  return modal(NATIONAL_VIEW, 'Landelijke cijfers', blocks, { privateMetadata: encodeMeta(meta) });
}

/** /opvang doelen: pick "new" or an existing target, then its fields. */
export function targetModal(targets: TargetRow[], chosen: TargetRow | undefined, meta: { channel?: string }): ModalView {
  const pickOptions = [option('Nieuw doel', 'new'), ...targets.map((t) => option(truncate(`${t.label} (${formatNumber(t.number)})`, LIMITS.optionText), String(t.id)))];
  const suffix = `t${chosen?.id ?? 'new'}`;
  return modal(
    TARGET_VIEW,
    chosen ? 'Doel wijzigen' : 'Doel toevoegen',
    [
      input(TARGET_PICKER, 'Doel', staticSelect(pickOptions, chosen ? String(chosen.id) : 'new'), { dispatchAction: true }),
      keyed(input('targetGroup', 'Doelgroep', staticSelect(groupOptions(), chosen?.targetGroup)), suffix),
      keyed(input('number', 'Streefaantal', numberField(chosen?.number, 'bijv. 2.400')), suffix),
      keyed(input('dueOn', 'Streefdatum', datePicker(chosen?.dueOn), { optional: true }), suffix),
      keyed(input('label', 'Omschrijving', textInput(chosen?.label, { maxLength: 150, placeholder: 'bijv. 2.400 plekken per juli' })), suffix),
      keyed(input('priority', 'Prioriteit', staticSelect(PRIORITIES.map((p) => option(capitalise(p), p)), chosen?.priority ?? 'normaal')), suffix),
    ],
    { privateMetadata: encodeMeta({ ...meta, id: chosen?.id }) },
  );
}

/** /opvang taakstelling */
export function quotaModal(municipalities: Municipality[], halfYear: string, meta: { channel?: string }): ModalView {
  return modal(
    QUOTA_VIEW,
    'Taakstelling',
    [
      context('Statushouders: taakstelling per gemeente per halfjaar. Bestaat die al, dan worden de cijfers vervangen.'),
      input('municipality', 'Gemeente', staticSelect(municipalities.map((m) => option(m.name, String(m.id))), undefined, 'Kies een gemeente')),
      input('halfYear', 'Halfjaar', textInput(halfYear, { maxLength: 8, placeholder: '2022-II' }), { hint: 'Zoals 2022-I (jan–jun) of 2022-II (jul–dec).' }),
      input('quota', 'Taakstelling (aantal)', numberField()),
      input('housed', 'Gehuisvest tot nu toe', numberField(0)),
      input('carryOver', 'Overloop vorig halfjaar', numberField(0), { optional: true, hint: 'Achterstand uit het vorige halfjaar positief, voorsprong negatief (bijv. -5).' }),
    ],
    { privateMetadata: encodeMeta(meta) },
  );
}

// --- messages --------------------------------------------------------------------------------

const figureKeys: Record<string, string> = {
  places: 'plekken',
  occupied: 'bezet',
  stage: 'fase',
  expectedPlaces: 'verwacht',
  opensOn: 'opening',
  note: 'notitie',
  contact: 'contact',
  name: 'naam',
};

/** Dutch names for every key the audit log stores, for the history. */
const auditKeys: Record<string, string> = {
  ...figureKeys,
  expectedIsEstimate: 'schatting',
  closesOn: 'sluiting',
  municipality: 'gemeente',
  targetGroup: 'doelgroep',
  number: 'streefaantal',
  dueOn: 'streefdatum',
  label: 'omschrijving',
  priority: 'prioriteit',
  asOf: 'peildatum',
  source: 'bron',
  halfYear: 'halfjaar',
  quota: 'taakstelling',
  housed: 'gehuisvest',
  carryOver: 'overloop',
  role: 'rol',
};

function show(key: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '–';
  if (key === 'stage' && typeof value === 'string') return STAGE_LABELS[value as keyof typeof STAGE_LABELS] ?? escapeMrkdwn(value);
  if (key === 'targetGroup' && typeof value === 'string') return TARGET_GROUP_LABELS[value as keyof typeof TARGET_GROUP_LABELS] ?? escapeMrkdwn(value);
  if (key === 'role' && typeof value === 'string') return ROLE_LABELS[value as keyof typeof ROLE_LABELS] ?? escapeMrkdwn(value);
  if (key === 'carryOver' && typeof value === 'number') return formatChange(value);
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'ja' : 'nee';
  return escapeMrkdwn(truncate(String(value), 80));
}

/** "plekken 100 → 120, bezet 80 → 95" for the changed keys. */
export function changeLine(before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined): string {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].filter((k) => (before ?? {})[k] !== (after ?? {})[k] || !before);
  if (keys.length === 0) return 'geen wijziging';
  return keys.map((k) => `${auditKeys[k] ?? escapeMrkdwn(k)} ${before ? `${show(k, before[k])} → ` : ''}${show(k, after?.[k])}`).join(', ');
}

export function locationUpdatedMessage(before: LocationRecord, after: LocationRecord): Message {
  const changed = (Object.keys(figureKeys) as (keyof LocationRecord)[]).filter((k) => before[k] !== after[k]);
  const line = changeLine(Object.fromEntries(changed.map((k) => [k, before[k]])), Object.fromEntries(changed.map((k) => [k, after[k]])));
  const free = Math.max(0, after.places - after.occupied);
  const text = `:white_check_mark: *${escapeMrkdwn(after.name)}* (${escapeMrkdwn(after.municipality)}) bijgewerkt: ${line}. Nu ${formatNumber(after.places)} plekken, ${formatNumber(after.occupied)} bezet, ${formatNumber(free)} beschikbaar${after.occupied > after.places ? ' :warning: overbezet' : ''}.`;
  return { text, blocks: [section(text), context('`/opvang stand` toont de nieuwe stand · `/opvang historie` de wijzigingen')] };
}

export function locationCreatedMessage(l: LocationRecord): Message {
  const text = `:white_check_mark: Locatie *${escapeMrkdwn(l.name)}* toegevoegd in ${escapeMrkdwn(l.municipality)}: ${TARGET_GROUP_LABELS[l.targetGroup]}, ${STAGE_LABELS[l.stage]}, ${formatNumber(l.places)} plekken, ${formatNumber(l.occupied)} bezet.`;
  return { text, blocks: [section(text), context('Bijwerken kan met `/opvang bijwerken`.')] };
}

export function nationalSavedMessage(before: NationalFigure | undefined, after: NationalFigure): Message {
  const rate = after.places > 0 ? ` (${((after.occupied / after.places) * 100).toFixed(1).replace('.', ',')}%)` : '';
  const text = before
    ? `:white_check_mark: Landelijke cijfers van ${formatDate(after.asOf)} *vervangen*: plekken ${formatNumber(before.places)} → ${formatNumber(after.places)}, bezet ${formatNumber(before.occupied)} → ${formatNumber(after.occupied)}${rate}. De oude waarden staan in de historie.`
    : `:white_check_mark: Landelijke cijfers van ${formatDate(after.asOf)} opgeslagen: ${formatNumber(after.places)} plekken, ${formatNumber(after.occupied)} bezet${rate}.`;
  return textMessage(text);
}

export function targetSavedMessage(status: 'created' | 'updated', t: TargetRow): Message {
  return textMessage(
    `:white_check_mark: Doel ${status === 'created' ? 'toegevoegd' : 'gewijzigd'}: *${escapeMrkdwn(t.label)}*: ${formatNumber(t.number)} (${TARGET_GROUP_LABELS[t.targetGroup]})${t.dueOn ? ` vóór ${formatDate(t.dueOn)}` : ''}, prioriteit ${t.priority}.`,
  );
}

export function quotaText(q: Pick<QuotaRow, 'quota' | 'housed' | 'carryOver'>): string {
  const { required, difference } = quotaStatus(q);
  const state = difference < 0 ? `achterstand ${formatNumber(-difference)}` : difference > 0 ? `voorsprong ${formatNumber(difference)}` : 'precies op schema';
  return `${formatNumber(q.housed)} van ${formatNumber(required)} gehuisvest${q.carryOver !== 0 ? ` (taakstelling ${formatNumber(q.quota)}, overloop ${formatChange(q.carryOver)})` : ''} · ${state}`;
}

export function quotaSavedMessage(before: QuotaRow | undefined, after: QuotaRow): Message {
  const was = before ? ` (was: ${quotaText(before)})` : '';
  return textMessage(`:white_check_mark: Taakstelling ${escapeMrkdwn(after.municipality)} ${after.halfYear}: ${quotaText(after)}${was}.`);
}

/** The report on a checked import file, with a button for "only the valid rows" when there are both. */
export function importReportMessage(fileName: string, check: ImportCheck, stored: { added: number; updated: number; unchanged: number } | undefined, buttonValue?: string): Message {
  const name = escapeMrkdwn(fileName);
  if (check.fatal) return textMessage(`:x: *${name}* niet ingelezen: ${escapeMrkdwn(check.fatal)} Er is niets opgeslagen.`);
  const blocks: KnownBlock[] = [];
  const head = stored
    ? `:white_check_mark: *${name}*: ${stored.added} ${stored.added === 1 ? 'locatie' : 'locaties'} toegevoegd, ${stored.updated} bijgewerkt, ${stored.unchanged} ongewijzigd.`
    : `:x: *${name}*: ${check.problems.length} ${check.problems.length === 1 ? 'regel klopt' : 'regels kloppen'} niet; er is niets opgeslagen. ${check.rows.length} ${check.rows.length === 1 ? 'regel is' : 'regels zijn'} in orde.`;
  blocks.push(section(head));
  if (check.problems.length > 0) {
    const lines = check.problems.map((p) => `• Regel ${p.line}: ${escapeMrkdwn(p.reason)}`);
    blocks.push(section(fitLines([stored ? '*Overgeslagen regels*' : '*Fouten*', ...lines], (n) => `…en ${n} fouten meer`)));
  }
  if (!stored && check.rows.length > 0 && buttonValue) {
    blocks.push(actions('capacity_import_actions', [button(`Alleen de ${check.rows.length} geldige regels opslaan`, IMPORT_VALID_ONLY, buttonValue, 'primary')]));
    blocks.push(context('Of verbeter het bestand en stuur het opnieuw.'));
  }
  const text = stored
    ? `Import ${name}: ${stored.added} toegevoegd, ${stored.updated} bijgewerkt, ${stored.unchanged} ongewijzigd`
    : `Import ${name}: ${check.problems.length} fouten, niets opgeslagen`;
  return { text, blocks };
}

/** Plain text for the command line importer (no mrkdwn). */
export function importReportText(fileName: string, check: ImportCheck, stored: { added: number; updated: number; unchanged: number } | undefined): string {
  if (check.fatal) return `${fileName}: niet ingelezen: ${check.fatal} Er is niets opgeslagen.`;
  const lines = check.problems.map((p) => `  regel ${p.line}: ${p.reason}`);
  const head = stored
    ? `${fileName}: ${stored.added} toegevoegd, ${stored.updated} bijgewerkt, ${stored.unchanged} ongewijzigd${check.problems.length ? `; ${check.problems.length} regels overgeslagen:` : '.'}`
    : `${fileName}: ${check.problems.length} regels kloppen niet; er is niets opgeslagen (${check.rows.length} regels in orde; --alleen-geldige slaat alleen die op):`;
  return [head, ...lines].join('\n');
}

/** A row whose location changed (or was added) while the file was being read: nothing stored. */
export function importConflictLine(conflict: { line: number; name: string; municipality: string }): string {
  return `regel ${conflict.line} (${conflict.name}, ${conflict.municipality}): die locatie is gewijzigd of toegevoegd terwijl het bestand werd ingelezen; er is niets opgeslagen. Stuur het bestand opnieuw (bij een export: exporteer opnieuw en neem je wijzigingen daarin over).`;
}

export function importConflictMessage(fileName: string, conflict: { line: number; name: string; municipality: string }): Message {
  return textMessage(`:x: *${escapeMrkdwn(fileName)}* niet ingelezen: ${escapeMrkdwn(importConflictLine(conflict))}`);
}

export function matchProblemMessage(wanted: string, kind: 'many' | 'none', candidates: LocationRef[]): Message {
  const typed = escapeMrkdwn(wanted);
  const list = candidates.map((l) => `• \`/opvang bijwerken ${escapeMrkdwn(l.name)} (${escapeMrkdwn(l.municipality)})\``);
  const text =
    kind === 'many'
      ? `Er zijn meerdere locaties met de naam "${typed}". Kies er een:\n${list.join('\n')}`
      : `Geen locatie gevonden met de naam "${typed}".${candidates.length ? ` Bedoelde je:\n${list.join('\n')}` : ' Gebruik `/opvang bijwerken` zonder naam om te zoeken, of `/opvang locatie` om er een toe te voegen.'}`;
  return textMessage(fitLines(text.split('\n'), (n) => `…en ${n} meer`));
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
