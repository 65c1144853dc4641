import { addWorkingDays } from '../../domain/dates';
import { toLocalDay } from '../../format/nl';
import type { Role } from '../../domain/vocabulary';
import { hasRole } from '../access/access';
import { ownerOf, type LocationRecord } from '../capacity/capacity';

/**
 * Figures that ask for themselves (pure): which overdue locations get a first question, a
 * reminder or a place on the admins' list today, and what state a location shows in a message.
 *
 * An **overdue period** is the time a location's figures stay out of date after one write: it is
 * identified by the location's `updated_at` (the write it is overdue from). Any later write — an
 * update, "Klopt nog", the update form sent back unchanged — gives the location a new
 * `updated_at`: that period is over, and if the figures go out of date again that is a new one.
 * Within one period its owner is asked once, reminded once two working days later (unless they
 * said "Niet mijn locatie"), and two working days after that the location goes on the admins' list
 * once. Working days: domain/dates.ts (Monday to Friday; public holidays count).
 */

/** Working days from the first question to the reminder, and from the reminder to the admins' list. */
const REMINDER_AFTER_WORKING_DAYS = 2;
const ADMINS_AFTER_WORKING_DAYS = 2;

/** A location's overdue period: the location and the `updated_at` it is overdue from. */
export interface OverduePeriod {
  locationId: number;
  from: string;
}

export function periodOf(location: Pick<LocationRecord, 'id' | 'updatedAt'>): OverduePeriod {
  return { locationId: location.id, from: location.updatedAt };
}

/** The day the reminder is due for a question asked at `promptedAt`. */
export function reminderDay(promptedAt: string): string {
  return addWorkingDays(toLocalDay(new Date(promptedAt)), REMINDER_AFTER_WORKING_DAYS);
}

/**
 * The day a location still overdue goes on the admins' list: two working days after its
 * reminder; without a reminder (its owner said "Niet mijn locatie") two working days after the day
 * the reminder would have been. Undefined while the reminder is still to come.
 */
export function adminsListDay(prompt: Pick<PromptRow, 'promptedAt' | 'remindedAt' | 'disownedAt'>): string | undefined {
  if (prompt.remindedAt) return addWorkingDays(toLocalDay(new Date(prompt.remindedAt)), ADMINS_AFTER_WORKING_DAYS);
  if (prompt.disownedAt) return addWorkingDays(reminderDay(prompt.promptedAt), ADMINS_AFTER_WORKING_DAYS);
  return undefined;
}

/** A row of overdue_prompts: one location, one period. */
export interface PromptRow {
  locationId: number;
  periodFrom: string;
  /** Who was asked (null: the admins, for a location nobody in particular answers for). */
  ownerId: string | null;
  promptedAt: string;
  remindedAt: string | null;
  escalatedAt: string | null;
  confirmedAt: string | null;
  confirmedBy: string | null;
  disownedAt: string | null;
  disownedBy: string | null;
}

/** The job's three kinds of message. */
export type OverdueMessageKind = 'prompt' | 'reminder' | 'admins';

/** Who is asked about a group of locations: a member, or the admins ('admins'). */
export type Addressee = string | 'admins';

/** A member's role now (no stored role: viewer, "lezer"). */
export type RoleLookup = (userId: string) => Role;

/**
 * Someone who answers for a location but cannot act on the question: "Klopt nog" and "Bijwerken"
 * need the editor role (checked at the click), so a lezer would get buttons that only refuse.
 * `owner`: set as the location's owner (false: the member who last updated it, see ownerOf).
 */
export interface PassedOver {
  userId: string;
  role: Role;
  owner: boolean;
}

/** Whether a member can answer the question (editor or admin now). */
const canAct = (roleOf: RoleLookup, userId: string): boolean => hasRole(roleOf(userId), 'editor');

/**
 * Who is asked about a location now: the member who answers for it (ownerOf) when they hold the
 * editor role; otherwise the admins, the same as for a location without one, with who was passed
 * over and why, so the admins can fix the role or the owner.
 */
export function askedAbout(location: Pick<LocationRecord, 'ownerId' | 'updatedBy'>, roleOf: RoleLookup): { addressee: Addressee; passedOver?: PassedOver } {
  const member = ownerOf(location);
  if (member === null) return { addressee: 'admins' };
  const role = roleOf(member);
  if (hasRole(role, 'editor')) return { addressee: member };
  return { addressee: 'admins', passedOver: { userId: member, role, owner: location.ownerId === member } };
}

/**
 * Who answers for a location in a period but cannot act now, as the admins' messages name them:
 * for a question to the admins, the member who was passed over (askedAbout); for one to an owner,
 * that owner if they have lost the editor role since. Read at render time, so a message rendered
 * again after a click says how it stands then.
 */
export function passedOverNow(location: Pick<LocationRecord, 'ownerId' | 'updatedBy'>, prompt: Pick<PromptRow, 'ownerId'>, roleOf: RoleLookup): PassedOver | undefined {
  if (prompt.ownerId === null) return askedAbout(location, roleOf).passedOver;
  const role = roleOf(prompt.ownerId);
  return hasRole(role, 'editor') ? undefined : { userId: prompt.ownerId, role, owner: location.ownerId === prompt.ownerId };
}

/** What the job does today. */
export interface OverduePlan {
  /** First questions, per addressee (the locations' owners now). */
  prompts: Map<Addressee, LocationRecord[]>;
  /** Reminders, per addressee of the first question. */
  reminders: Map<Addressee, { location: LocationRecord; prompt: PromptRow }[]>;
  /**
   * The admins' list: still overdue after the reminder's two working days, or, when the owner asked
   * has lost the editor role since, on the reminder's day instead of a reminder they cannot use.
   */
  escalations: { location: LocationRecord; prompt: PromptRow }[];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Decides today's questions, reminders and admins' list from the locations overdue now and the
 * prompts of their current periods. A location without a prompt in its current period is asked;
 * one asked two working days ago (or more: a bot that was down catches up) is reminded, unless
 * its owner handed it to the admins; two working days after the reminder it goes on the admins'
 * list (so never on the same day as its reminder, also after a bot that was down). Each step once
 * per period.
 */
export function planOverdue(overdue: LocationRecord[], prompts: PromptRow[], today: string, roleOf: RoleLookup): OverduePlan {
  const byPeriod = new Map(prompts.map((p) => [`${p.locationId}|${p.periodFrom}`, p]));
  const plan: OverduePlan = { prompts: new Map(), reminders: new Map(), escalations: [] };
  for (const location of overdue) {
    const prompt = byPeriod.get(`${location.id}|${location.updatedAt}`);
    if (!prompt) {
      push(plan.prompts, askedAbout(location, roleOf).addressee, location);
      continue;
    }
    const reminderDue = !prompt.remindedAt && !prompt.disownedAt && !prompt.escalatedAt && today >= reminderDay(prompt.promptedAt);
    if (reminderDue && prompt.ownerId !== null && !canAct(roleOf, prompt.ownerId)) {
      // The owner asked has lost the editor role since: a reminder would only bring refusals.
      plan.escalations.push({ location, prompt });
      continue;
    }
    if (reminderDue) push(plan.reminders, prompt.ownerId ?? 'admins', { location, prompt });
    const listDay = adminsListDay(prompt);
    if (!prompt.escalatedAt && listDay && today >= listDay) plan.escalations.push({ location, prompt });
  }
  return plan;
}

/** How a location in a message stands now. */
export type ItemState =
  | { kind: 'open' }
  | { kind: 'confirmed'; by: string; at: string }
  /** Someone wrote it since (an update, or a confirmation from elsewhere). */
  | { kind: 'updated'; by: string; at: string }
  | { kind: 'disowned'; by: string };

export function itemState(location: Pick<LocationRecord, 'updatedAt' | 'updatedBy'>, prompt: PromptRow): ItemState {
  if (prompt.confirmedAt && prompt.confirmedBy) return { kind: 'confirmed', by: prompt.confirmedBy, at: prompt.confirmedAt };
  if (location.updatedAt !== prompt.periodFrom) return { kind: 'updated', by: location.updatedBy, at: location.updatedAt };
  if (prompt.disownedAt && prompt.disownedBy) return { kind: 'disowned', by: prompt.disownedBy };
  return { kind: 'open' };
}

/** The value of a location's buttons: the location and the version the message showed. */
export function buttonValue(location: Pick<LocationRecord, 'id' | 'version'>): string {
  return `${location.id}:${location.version}`;
}

export function parseButtonValue(value: string | undefined): { id: number; version: number } | undefined {
  const match = /^(\d{1,12}):(\d{1,12})$/.exec(value ?? '');
  return match ? { id: Number(match[1]), version: Number(match[2]) } : undefined;
}
