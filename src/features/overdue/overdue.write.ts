import { enqueuePost, enqueueUpdate } from '../../outbox/outbox.store';
import type { Config } from '../../config';
import type { Db } from '../../store/database';
import { overdueBefore } from '../../domain/freshness';
import { toLocalDay } from '../../format/nl';
import { roleOf } from '../access/access.store';
import { listRoles } from '../access/rights.store';
import type { LocationRecord } from '../capacity/capacity';
import { findRegionLocation, overdueLocations } from '../capacity/capacity.store';
import { confirmLocation, findLocation } from '../capacity/locations.store';
import { itemState, passedOverNow, periodOf, planOverdue, type Addressee, type OverdueMessageKind, type OverduePeriod, type RoleLookup } from './overdue';
import {
  findMessage,
  findPrompt,
  messagesListing,
  promptsFor,
  recordConfirmed,
  recordDisowned,
  recordEscalated,
  recordMessage,
  recordPrompt,
  recordReminded,
} from './overdue.store';
import { notMineMessage, overdueMessage, type OverdueItem } from './overdue.view';

/**
 * The overdue feature's writes, each one transaction with what it tells Slack (through the
 * outbox): the job's questions, reminders and the admins' list (overdue_prompts records each step,
 * so nothing is asked twice, also after a restart), and the clicks on them — "Klopt nog" confirms
 * the figures through capacity (a write of the location: fresh again in stand, Home and digest)
 * and "Niet mijn locatie" tells the admins; after either, every message that lists the location
 * is rendered again and updated in place.
 */

export interface OverdueSettings {
  region: string;
  overdueDays: number;
}

/** The settings every overdue write needs, from the configuration. */
export const overdueSettings = (config: Pick<Config, 'region' | 'overdue'>): OverdueSettings => ({ region: config.region, overdueDays: config.overdue.days });

/** Messages that listed a location are re-rendered when it changes; older ones are left alone. */
const RERENDER_DAYS = 30;

const admins = (db: Db) => listRoles(db).filter((r) => r.role === 'admin').map((r) => r.userId);

/** Roles as stored now: who can act on a question is decided when it is asked and when it is shown. */
const rolesIn = (db: Db): RoleLookup => (userId) => roleOf(db, userId);

/** A stored message as it should read now (its locations' current figures and states). */
function render(db: Db, key: string, settings: OverdueSettings, now: Date) {
  const message = findMessage(db, key);
  if (!message) return undefined;
  const items: OverdueItem[] = [];
  for (const period of message.periods) {
    const location = findLocation(db, period.locationId);
    const prompt = findPrompt(db, period);
    if (location && prompt) items.push({ location, prompt, state: itemState(location, prompt) });
  }
  const toAdmins = message.kind === 'admins' || items.every((i) => i.prompt.ownerId === null);
  // The admins hear why a location came to them although someone answers for it (a lezer).
  if (toAdmins) for (const item of items) item.passedOver = passedOverNow(item.location, item.prompt, rolesIn(db));
  return overdueMessage(message.kind, items, { overdueDays: settings.overdueDays, today: toLocalDay(now), toAdmins });
}

/** Records one message per recipient and enqueues it (a direct message through the outbox). */
function send(db: Db, kind: OverdueMessageKind, addressee: Addressee, periods: OverduePeriod[], settings: OverdueSettings, at: Date): number {
  const recipients = addressee === 'admins' ? admins(db) : [addressee];
  for (const recipient of recipients) {
    const key = `overdue:${kind}:${addressee}:${at.toISOString()}:${recipient}`;
    recordMessage(db, { key, kind, recipient, periods }, at);
    enqueuePost(db, { key, kind: `overdue_${kind}`, target: { user: recipient }, message: render(db, key, settings, at)! }, at);
  }
  return recipients.length;
}

export interface OverdueRun {
  asked: number;
  reminded: number;
  listed: number;
  messages: number;
}

/**
 * The job's work at `now`: the region's overdue locations (stand's rule, OVERDUE_DAYS) get their
 * first question, their reminder or their place on the admins' list as overdue.ts decides, one
 * direct message per owner (per admin for the admins), all in one transaction with the records.
 */
export function askOverdue(db: Db, settings: OverdueSettings, now: Date): OverdueRun {
  return db.transaction((): OverdueRun => {
    const overdue = overdueLocations(db, settings.region, overdueBefore(now, settings.overdueDays));
    const plan = planOverdue(overdue, promptsFor(db, overdue.map(periodOf)), toLocalDay(now), rolesIn(db));
    const run: OverdueRun = { asked: 0, reminded: 0, listed: 0, messages: 0 };
    for (const [addressee, locations] of plan.prompts) {
      for (const location of locations) recordPrompt(db, periodOf(location), addressee === 'admins' ? null : addressee, now);
      run.messages += send(db, 'prompt', addressee, locations.map(periodOf), settings, now);
      run.asked += locations.length;
    }
    for (const [addressee, due] of plan.reminders) {
      for (const { location } of due) recordReminded(db, periodOf(location), now);
      run.messages += send(db, 'reminder', addressee, due.map((d) => periodOf(d.location)), settings, now);
      run.reminded += due.length;
    }
    if (plan.escalations.length > 0) {
      for (const { location } of plan.escalations) recordEscalated(db, periodOf(location), now);
      run.messages += send(db, 'admins', 'admins', plan.escalations.map((e) => periodOf(e.location)), settings, now);
      run.listed = plan.escalations.length;
    }
    return run;
  })();
}

/** Every message of the last weeks that lists the location says how it stands now. */
/**
 * The questions (and admins' lists) that list a location, rendered again and updated in place:
 * after a click on them, and after the location was written elsewhere (the update form opened
 * from the question, or any other update), so they say "bijgewerkt" at once. Call inside the
 * write's transaction.
 */
export function refreshOverdueQuestions(db: Db, locationId: number, settings: OverdueSettings, now: Date): void {
  const since = new Date(now.getTime() - RERENDER_DAYS * 24 * 3600_000).toISOString();
  for (const key of messagesListing(db, locationId, since)) {
    const message = render(db, key, settings, now);
    if (message) enqueueUpdate(db, { kind: 'overdue_update', target: { key }, message }, now);
  }
}

export type ClickResult =
  | { status: 'done'; location: LocationRecord }
  /** Someone wrote the location since the message showed it: nothing stored. */
  | { status: 'moved'; location: LocationRecord }
  | { status: 'gone' }
  /** Niet mijn locatie: the clicker was not asked about it in its current period. */
  | { status: 'not_asked'; ownerId: string | null }
  | { status: 'already' };

/**
 * "Klopt nog": the figures confirmed unchanged — capacity's confirmLocation (a new updated_at,
 * a history line, the audit line 'location.confirm': who and when), so the location is fresh
 * again everywhere; the prompt records who confirmed, and the messages that list it are updated.
 * Only the version the message showed is confirmed (a conditional write: a double click, or an
 * update in between, confirms nothing).
 */
export function confirmOverdue(db: Db, click: { id: number; version: number; actor: string }, settings: OverdueSettings, now: Date): ClickResult {
  return db.transaction((): ClickResult => {
    const location = findRegionLocation(db, settings.region, click.id);
    if (!location) return { status: 'gone' };
    if (location.version !== click.version) {
      refreshOverdueQuestions(db, location.id, settings, now);
      return { status: 'moved', location };
    }
    const confirmed = confirmLocation(db, location.id, click.actor, now)!;
    recordConfirmed(db, periodOf(location), click.actor, now);
    refreshOverdueQuestions(db, location.id, settings, now);
    return { status: 'done', location: confirmed };
  })();
}

/**
 * "Niet mijn locatie": the owner asked hands the location to the admins — each admin gets a direct
 * message with the form to set the right owner, the owner gets no reminder, and the messages that
 * list it say so. Only the person asked, about the version the message showed.
 */
export function disownOverdue(db: Db, click: { id: number; version: number; actor: string }, settings: OverdueSettings, now: Date): ClickResult {
  return db.transaction((): ClickResult => {
    const location = findRegionLocation(db, settings.region, click.id);
    if (!location) return { status: 'gone' };
    if (location.version !== click.version) return { status: 'moved', location };
    const period = periodOf(location);
    const prompt = findPrompt(db, period);
    if (!prompt || prompt.ownerId !== click.actor) return { status: 'not_asked', ownerId: prompt?.ownerId ?? null };
    if (!recordDisowned(db, period, click.actor, now)) return { status: 'already' };
    for (const admin of admins(db)) {
      enqueuePost(db, { key: `overdue:not_mine:${location.id}:${period.from}:${admin}`, kind: 'overdue_not_mine', target: { user: admin }, message: notMineMessage(location, click.actor) }, now);
    }
    refreshOverdueQuestions(db, location.id, settings, now);
    return { status: 'done', location };
  })();
}
