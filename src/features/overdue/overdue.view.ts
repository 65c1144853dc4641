import type { KnownBlock } from '@slack/types';
import { actions, button, context, fitLines, section } from '../../blockkit/blocks';
import { escapeMrkdwn, personRef } from '../../blockkit/escape';
import { OVERDUE_CONFIRM, OVERDUE_NOT_MINE, OVERDUE_UPDATE } from '../../blockkit/ids';
import type { Message } from '../../blockkit/message';
import { ROLE_LABELS, STAGE_LABELS, TARGET_GROUP_LABELS } from '../../domain/vocabulary';
import { daysBetween, formatDateTime, formatDays, formatNumber, toLocalDay } from '../../format/nl';
import type { LocationRecord } from '../capacity/capacity';
import { buttonValue, type ItemState, type OverdueMessageKind, type PassedOver, type PromptRow } from './overdue';

/** A location as a message about overdue figures shows it. */
export interface OverdueItem {
  location: LocationRecord;
  prompt: PromptRow;
  state: ItemState;
  /** In the admins' messages: who answers for it but cannot act (a lezer), so it came to them. */
  passedOver?: PassedOver;
}

/** "eigenaar <@U…> is lezer": why a location with someone to answer for it came to the admins. */
function passedOverText(p: PassedOver): string {
  return p.owner ? `eigenaar ${personRef(p.userId)} is ${ROLE_LABELS[p.role]}` : `geen eigenaar; ${personRef(p.userId)} werkte ze het laatst bij en is ${ROLE_LABELS[p.role]}`;
}

/** How the admins fix it: the role or the owner. */
const FIX_OWNER = 'Geef de eigenaar de rol bewerker met `/opvang rechten`, of stel met *Bijwerken* een andere eigenaar in.';

/**
 * Locations shown with their own buttons: two blocks each, so a message stays well inside
 * Slack's 50 blocks (docs.slack.dev/reference/block-kit/blocks). More are named in one list.
 */
const MAX_WITH_BUTTONS = 15;

function figures(l: LocationRecord): string {
  const free = Math.max(0, l.places - l.occupied);
  return `${formatNumber(l.places)} plekken, ${formatNumber(l.occupied)} bezet, ${formatNumber(free)} vrij`;
}

/**
 * Whether a location still waits for an answer in this message: handed to the admins is an
 * answer for its owner, not for the admins' list.
 */
function isOpen(item: OverdueItem, kind: OverdueMessageKind): boolean {
  return item.state.kind === 'open' || (kind === 'admins' && item.state.kind === 'disowned');
}

function itemText(item: OverdueItem, kind: OverdueMessageKind, today: string): string {
  const l = item.location;
  const name = `*${escapeMrkdwn(l.name)}* (${escapeMrkdwn(l.municipality)}) · ${TARGET_GROUP_LABELS[l.targetGroup]} · _${STAGE_LABELS[l.stage]}_`;
  const age = daysBetween(toLocalDay(new Date(l.updatedAt)), today);
  const lines = [name, figures(l)];
  const state = item.state;
  if (isOpen(item, kind)) {
    lines.push(`Laatst bijgewerkt ${formatDateTime(new Date(l.updatedAt))} door ${personRef(l.updatedBy)} (${formatDays(age)} geleden)`);
    if (kind === 'admins') {
      const owner = item.passedOver ? passedOverText(item.passedOver) : item.prompt.ownerId ? `eigenaar ${personRef(item.prompt.ownerId)}` : 'geen eigenaar';
      lines.push(`${owner}; gevraagd ${formatDateTime(new Date(item.prompt.promptedAt))}${item.prompt.remindedAt ? `, herinnerd ${formatDateTime(new Date(item.prompt.remindedAt))}` : ''}`);
    } else if (item.passedOver) {
      lines.push(`:warning: Naar de beheerders: ${passedOverText(item.passedOver)}.`);
    }
    if (item.prompt.disownedBy) lines.push(`↪ ${personRef(item.prompt.disownedBy)}: niet mijn locatie`);
  } else if (state.kind === 'confirmed') {
    lines[0] = `:white_check_mark: ${name}`;
    lines.push(`Klopt nog: bevestigd door ${personRef(state.by)} op ${formatDateTime(new Date(state.at))}. Weer actueel.`);
  } else if (state.kind === 'updated') {
    lines[0] = `:white_check_mark: ${name}`;
    lines.push(`Bijgewerkt door ${personRef(state.by)} op ${formatDateTime(new Date(state.at))}. Weer actueel.`);
  } else if (state.kind === 'disowned') {
    lines[0] = `:leftwards_arrow_with_hook: ${name}`;
    lines.push(`Doorgegeven aan de beheerders: ${personRef(state.by)} is niet de eigenaar.`);
  }
  return lines.join('\n');
}

function itemButtons(item: OverdueItem, kind: OverdueMessageKind): KnownBlock | undefined {
  if (!isOpen(item, kind)) return undefined;
  const l = item.location;
  const buttons = [button('Klopt nog', OVERDUE_CONFIRM, buttonValue(l), 'primary'), button('Bijwerken', OVERDUE_UPDATE, String(l.id))];
  // Only someone asked as the owner can hand it on; the admins set the owner themselves.
  if (kind !== 'admins' && item.prompt.ownerId && !item.prompt.disownedAt) buttons.push(button('Niet mijn locatie', OVERDUE_NOT_MINE, buttonValue(l)));
  return actions(`overdue:${l.id}`, buttons);
}

function heading(kind: OverdueMessageKind, items: OverdueItem[], overdueDays: number, toAdmins: boolean): string {
  const many = items.length !== 1;
  const passedOver = items.some((i) => i.passedOver && isOpen(i, kind));
  const age = `ouder dan ${formatDays(overdueDays)}`;
  switch (kind) {
    case 'prompt':
      return [
        `:hourglass_flowing_sand: *${many ? `Kloppen de cijfers van ${items.length} locaties nog?` : 'Kloppen deze cijfers nog?'}*`,
        `De cijfers hieronder zijn ${age}. Klopt alles nog, dan is *Klopt nog* genoeg: één klik. Anders *Bijwerken*.`,
        toAdmins
          ? passedOver
            ? `Je krijgt dit als beheerder: er is geen eigenaar die de cijfers kan bijwerken (per locatie staat waarom). ${FIX_OWNER}`
            : 'Je krijgt dit als beheerder: niemand is eigenaar en niemand heeft ze in Slack bijgewerkt. Stel met *Bijwerken* een eigenaar in.'
          : 'Je krijgt dit als eigenaar (of omdat je ze het laatst bijwerkte). Niet van jou? Kies *Niet mijn locatie*: de beheerders horen het.',
      ].join('\n');
    case 'reminder':
      return [`:bell: *Herinnering: ${many ? `kloppen de cijfers van ${items.length} locaties nog?` : 'kloppen deze cijfers nog?'}*`, `Twee werkdagen geleden vroeg ik het al. De cijfers zijn nog steeds ${age}.`].join('\n');
    case 'admins':
      return [
        `:warning: *Nog steeds verouderd na een herinnering: ${items.length} ${many ? 'locaties' : 'locatie'}*`,
        'De eigenaar is gevraagd en herinnerd (of gaf de locatie aan jullie door). Bevestig de cijfers, werk ze bij, of stel met *Bijwerken* de juiste eigenaar in.',
        ...(passedOver ? [`Een eigenaar die lezer is, kan de vraag niet beantwoorden. ${FIX_OWNER}`] : []),
      ].join('\n');
  }
}

/**
 * A direct message about overdue figures: the first question, the reminder, or the admins' list.
 * Each location with its figures and, while it is still open, **Klopt nog**, **Bijwerken** and
 * (for its owner) **Niet mijn locatie**; rendered again after a click, so the message says what
 * happened (through the outbox's update).
 */
export function overdueMessage(kind: OverdueMessageKind, items: OverdueItem[], options: { overdueDays: number; today: string; toAdmins: boolean }): Message {
  const blocks: KnownBlock[] = [section(heading(kind, items, options.overdueDays, options.toAdmins))];
  for (const item of items.slice(0, MAX_WITH_BUTTONS)) {
    blocks.push(section(itemText(item, kind, options.today)));
    const buttons = itemButtons(item, kind);
    if (buttons) blocks.push(buttons);
  }
  const rest = items.slice(MAX_WITH_BUTTONS);
  if (rest.length > 0) {
    const lines = rest.map((i) => `• ${escapeMrkdwn(i.location.name)} (${escapeMrkdwn(i.location.municipality)})${isOpen(i, kind) ? '' : ' :white_check_mark:'}`);
    blocks.push(section(fitLines([`*En ${rest.length} ${rest.length === 1 ? 'locatie' : 'locaties'} meer*, bij te werken met \`/opvang bijwerken &lt;naam&gt;\`:`, ...lines], (n) => `…en ${n} meer`)));
  }
  const open = items.filter((i) => isOpen(i, kind)).length;
  blocks.push(context(open === 0 ? 'Alles is weer actueel. Dank je!' : `Nog ${open} van ${items.length} open · \`/opvang stand\` toont alle verouderde cijfers`));
  const names = items.slice(0, 3).map((i) => i.location.name).join(', ');
  const text = {
    prompt: `Kloppen de cijfers nog? ${names}${items.length > 3 ? ` en ${items.length - 3} meer` : ''}`,
    reminder: `Herinnering: kloppen de cijfers nog? ${names}${items.length > 3 ? ` en ${items.length - 3} meer` : ''}`,
    admins: `Nog steeds verouderd: ${names}${items.length > 3 ? ` en ${items.length - 3} meer` : ''}`,
  }[kind];
  return { text, blocks };
}

/** To each admin when an owner says "Niet mijn locatie": who, which, and the form to set the owner. */
export function notMineMessage(location: LocationRecord, by: string): Message {
  const text = `${personRef(by)} meldt: *${escapeMrkdwn(location.name)}* (${escapeMrkdwn(location.municipality)}) is niet mijn locatie. Wie houdt de cijfers bij? Kies de eigenaar met *Bijwerken* → Eigenaar.`;
  return {
    text: `Niet mijn locatie: ${location.name} (${location.municipality})`,
    blocks: [section(`:leftwards_arrow_with_hook: ${text}`), actions(`overdue:${location.id}`, [button('Bijwerken', OVERDUE_UPDATE, String(location.id))])],
  };
}
