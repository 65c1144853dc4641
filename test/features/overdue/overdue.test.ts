import { afterEach, describe, expect, it } from 'vitest';
import { OVERDUE_CONFIRM, OVERDUE_NOT_MINE, OVERDUE_UPDATE } from '../../../src/blockkit/ids';
import { insertLocation, municipalitiesOf } from '../../../src/features/capacity/capacity.store';
import { findLocation } from '../../../src/features/capacity/locations.store';
import { glossaryProblems } from '../../../src/domain/glossary';
import { features } from '../../../src/features/registry';
import { ADMIN, buttonClick, selected, startBot, text, user, viewOf, visibleText, type TestBot } from '../../support/bot';
import type { StoredMessage } from '../../support/fake-slack-history';
import { grantRole, openedModal, submit } from '../../support/forms';
import { settleBot } from '../../support/outbox';

/**
 * Issue 15 §1, through the real bot: a location whose figures are 8 days old asks its owner, once
 * per overdue period, also across a restart; "Klopt nog" makes it fresh in the stand, the Home
 * tab and the digest and the message says so; "Bijwerken" opens the update form prefilled;
 * "Niet mijn locatie" tells the admins; the reminder comes two working days later and the admins'
 * list two working days after that.
 */
const OWNER = 'UOWNER1';
const OTHER = 'UOWNER2';
const job = features.flatMap((f) => f.jobs ?? []).find((j) => j.name === 'overdue')!;
let bot: TestBot;

afterEach(async () => {
  await bot?.close();
});

async function start(now: string, options: { dir?: string; fake?: TestBot['fake']; clock?: TestBot['clock'] } = {}): Promise<TestBot> {
  const started = await startBot({ now, env: { DIGEST_CHANNEL: 'C0DIGEST' }, ...options });
  grantRole(started, OWNER, 'editor');
  grantRole(started, OTHER, 'editor');
  grantRole(started, 'UEDITOR1', 'editor');
  return started;
}

/** Runs the overdue job at `moment` (Amsterdam) and lets the outbox deliver. */
async function runJobAt(moment: string): Promise<void> {
  bot.clock.set(moment);
  await job.run(bot.deps);
  await bot.idle();
  await settleBot(bot);
}

/**
 * The bot's direct messages to `userId` of one outbox kind (metadata), oldest first, as they were
 * at this moment (a copy: a later chat.update changes the fake's own).
 */
function dms(userId: string, kind: string): StoredMessage[] {
  return structuredClone(bot.fake.history.messagesIn(`D${userId}`).filter((m) => m.metadata?.event_type === `opvang_${kind}`));
}

function buttonIn(message: StoredMessage, actionId: string, locationName?: string): { value: string; blockId: string } {
  const blocks = message.blocks as any[];
  for (const [i, block] of blocks.entries()) {
    if (block.type !== 'actions') continue;
    if (locationName && !String(blocks[i - 1]?.text?.text ?? '').includes(locationName)) continue;
    const element = block.elements.find((e: any) => e.action_id === actionId);
    if (element) return { value: element.value, blockId: block.block_id };
  }
  throw new Error(`no ${actionId} button${locationName ? ` for ${locationName}` : ''}`);
}

async function click(message: StoredMessage, actionId: string, who: string, locationName?: string): Promise<void> {
  const { value, blockId } = buttonIn(message, actionId, locationName);
  await bot.interact(buttonClick(actionId, who, { value, blockId, channel: message.channel, messageTs: message.ts, responseUrl: bot.fake.responseUrl(`dm${message.ts}`) }));
  await bot.idle();
  await settleBot(bot);
}

/** The current text of a message in the fake's history (after chat.update). */
function current(message: StoredMessage): string {
  return visibleText(bot.fake.history.messagesIn(message.channel).find((m) => m.ts === message.ts) as never);
}

function addLocation(name: string, municipality: string, o: { owner?: string; by?: string; at: string; places?: number; occupied?: number }): number {
  const m = municipalitiesOf(bot.deps.db, 'VR04').find((x) => x.name === municipality)!;
  const result = insertLocation(
    bot.deps.db,
    { municipalityId: m.id, name, targetGroup: 'oekrainers', stage: 'operationeel', places: o.places ?? 75, occupied: o.occupied ?? 20, opensOn: null, contact: null, note: null, ownerId: o.owner ?? null },
    o.by ?? 'UEDITOR1',
    new Date(o.at),
  );
  if (result.status !== 'created') throw new Error('not created');
  return result.location.id;
}

describe('overdue figures ask their owner', () => {
  it('8 days old: one question to its owner, once, also across a restart; Klopt nog makes it fresh in stand, Home and digest', async () => {
    // Tuesday 17 May: an editor adds the location with its owner (the users_select "Eigenaar").
    bot = await start('2022-05-17T09:30:00+02:00');
    const form = await openedModal(bot, 'locatie', 'UEDITOR1');
    const zwolle = String(municipalitiesOf(bot.deps.db, 'VR04').find((m) => m.name === 'Zwolle')!.id);
    const values = { name: text('Hotel Zwolle'), municipality: selected(zwolle), targetGroup: selected('oekrainers'), stage: selected('operationeel'), places: text('300'), occupied: text('250'), owner: user(OWNER) };
    expect((await bot.interact(submit(form, 'UEDITOR1', values))).text).toBe('');
    const id = bot.deps.db.prepare("SELECT id FROM locations WHERE name = 'Hotel Zwolle'").pluck().get() as number;
    expect(findLocation(bot.deps.db, id)).toMatchObject({ ownerId: OWNER, updatedBy: 'UEDITOR1' });

    // Wednesday 25 May 09:00, 8 days later: before the schedule's time nothing happens.
    await runJobAt('2022-05-25T08:59:00+02:00');
    expect(dms(OWNER, 'overdue_prompt')).toEqual([]);
    await runJobAt('2022-05-25T09:00:00+02:00');
    const [prompt] = dms(OWNER, 'overdue_prompt');
    expect(dms(OWNER, 'overdue_prompt')).toHaveLength(1);
    const said = visibleText(prompt as never);
    expect(said).toContain('Kloppen deze cijfers nog?');
    expect(said).toContain('ouder dan 7 dagen');
    expect(said).toContain('*Hotel Zwolle* (Zwolle) · Oekraïners (GOO) · _operationeel_');
    expect(said).toContain('300 plekken, 250 bezet, 50 vrij');
    expect(said).toContain('Laatst bijgewerkt 17 mei 2022 09:30 door <@UEDITOR1> (8 dagen geleden)');
    expect(said).toContain('Klopt nog');
    expect(said).toContain('Niet mijn locatie');
    // Nobody else was asked (the baseline's location is a day old).
    expect(bot.fake.callsTo('conversations.open').map((c) => c.body.users)).toEqual([OWNER]);

    // The stand, the Home tab and the digest name it as out of date.
    expect(visibleText((await bot.command('stand')).json())).toContain('Verouderde cijfers');
    expect(visibleText((await bot.command('digest')).json())).toMatch(/Verouderde cijfers[^\n]*\n• Hotel Zwolle/);

    // Later runs the same day, and a restart on the same database, ask nothing again.
    await runJobAt('2022-05-25T16:00:00+02:00');
    const { dir, fake, clock } = bot;
    await bot.stop();
    bot = await start('2022-05-25T16:05:00+02:00', { dir, fake, clock });
    expect(job.runAtStart).toBe(true);
    await runJobAt('2022-05-25T16:05:00+02:00');
    expect(dms(OWNER, 'overdue_prompt')).toHaveLength(1);

    // Klopt nog: one click.
    await click(prompt!, OVERDUE_CONFIRM, OWNER);
    const confirmed = findLocation(bot.deps.db, id)!;
    expect(confirmed).toMatchObject({ places: 300, occupied: 250, updatedBy: OWNER, updatedAt: new Date('2022-05-25T16:05:00+02:00').toISOString() });
    const audit = bot.deps.db.prepare("SELECT actor, at FROM audit_log WHERE action = 'location.confirm' AND entity_id = ?").all(String(id));
    expect(audit).toEqual([{ actor: OWNER, at: new Date('2022-05-25T16:05:00+02:00').toISOString() }]);
    expect(visibleText((await bot.command('historie Hotel Zwolle')).json())).toContain('<@UOWNER1> · cijfers bevestigd *Hotel Zwolle*');
    // The message says so, through the outbox's update of that same message; its buttons are gone.
    expect(current(prompt!)).toContain('Klopt nog: bevestigd door <@UOWNER1> op 25 mei 2022 16:05. Weer actueel.');
    expect(current(prompt!)).toContain('Alles is weer actueel.');
    expect(JSON.stringify(bot.fake.history.messagesIn(prompt!.channel)[0]!.blocks)).not.toContain(OVERDUE_CONFIRM);
    // Fresh again everywhere.
    expect(visibleText((await bot.command('stand')).json())).not.toContain('Verouderde cijfers');
    expect(visibleText((await bot.command('digest')).json())).toContain('*Actualiteit*\nAlle locaties zijn de afgelopen 7 dagen bijgewerkt.');
    await bot.event({ type: 'app_home_opened', user: OWNER, channel: `D${OWNER}`, tab: 'home', event_ts: '1.1' });
    await bot.idle();
    expect(JSON.stringify(viewOf(bot.fake.last('views.publish')).blocks)).not.toContain('Verouderde cijfers');

    // A second click (or a click on a copy) confirms nothing more.
    await click(prompt!, OVERDUE_CONFIRM, OWNER);
    expect(bot.deps.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'location.confirm'").pluck().get()).toBe(1);
    expect(visibleText(bot.fake.last('response_url')!.body)).toContain('is intussen bijgewerkt door <@UOWNER1>');
  });

  it('Klopt nog needs the editor role at the click; Bijwerken opens the update form prefilled', async () => {
    bot = await start('2022-05-25T09:00:00+02:00');
    const id = addLocation('Sporthal Ommen', 'Ommen', { owner: OWNER, at: '2022-05-16T08:00:00Z', places: 80, occupied: 30 });
    await runJobAt('2022-05-25T09:00:00+02:00');
    const [prompt] = dms(OWNER, 'overdue_prompt');
    // The role taken away after the question was asked: the click is refused.
    grantRole(bot, OWNER, 'viewer');
    await click(prompt!, OVERDUE_CONFIRM, OWNER);
    expect(visibleText(bot.fake.last('response_url')!.body)).toContain('bewerker');
    expect(findLocation(bot.deps.db, id)!.version).toBe(1);

    grantRole(bot, OWNER, 'editor');
    const before = bot.fake.callsTo('views.open').length;
    await click(prompt!, OVERDUE_UPDATE, OWNER);
    const form = viewOf(await bot.fake.waitForCall('views.open', before + 1));
    expect(form.callback_id).toBe('capacity_location_update');
    expect(JSON.parse(form.private_metadata)).toMatchObject({ id, version: 1 });
    const initial = (field: string) => form.blocks.find((b: any) => String(b.block_id).split(':')[0] === field)?.element;
    expect(initial('places').initial_value).toBe('80');
    expect(initial('occupied').initial_value).toBe('30');
    expect(initial('owner').initial_user).toBe(OWNER);
    // Submitting it updates the location, and the question says it is fresh again.
    expect((await bot.interact(submit(form, OWNER, { occupied: text('35') }))).text).toBe('');
    await bot.idle();
    await settleBot(bot);
    expect(findLocation(bot.deps.db, id)).toMatchObject({ occupied: 35, updatedBy: OWNER });
    // The question itself says so at once (updated in place, no new message, no job run needed).
    const updated = dms(OWNER, 'overdue_prompt');
    expect(updated).toHaveLength(1);
    expect(visibleText(updated[0] as never)).toContain('Bijgewerkt door <@UOWNER1> op 25 mei 2022 09:00. Weer actueel.');
    expect(visibleText(updated[0] as never)).toContain('Alles is weer actueel. Dank je!');
    await job.run(bot.deps);
    await settleBot(bot);
    expect(dms(OWNER, 'overdue_prompt')).toHaveLength(1);
  });

  it('an owner who cannot act (a lezer) is not asked: the admins are, and hear why; once the role is raised, the next period asks the owner', async () => {
    // Monday 23 May. The owner picked in the form is a lezer (the picker offers every member).
    bot = await start('2022-05-23T09:00:00+02:00');
    grantRole(bot, OWNER, 'viewer');
    const id = addLocation('Hotel Zwolle', 'Zwolle', { owner: OWNER, at: '2022-05-15T08:00:00Z', places: 300, occupied: 250 });

    await runJobAt('2022-05-23T09:00:00+02:00');
    expect(dms(OWNER, 'overdue_prompt')).toEqual([]);
    expect(bot.fake.history.messagesIn(`D${OWNER}`)).toEqual([]);
    const toAdmins = dms(ADMIN, 'overdue_prompt');
    expect(toAdmins).toHaveLength(1);
    const said = visibleText(toAdmins[0] as never);
    expect(said).toContain('*Hotel Zwolle* (Zwolle)');
    expect(said).toContain('Naar de beheerders: eigenaar <@UOWNER1> is lezer.');
    expect(said).toContain('Je krijgt dit als beheerder: er is geen eigenaar die de cijfers kan bijwerken');
    expect(said).toContain('/opvang rechten');
    expect(glossaryProblems(said)).toEqual([]);
    expect(JSON.stringify(toAdmins[0]!.blocks)).toContain(OVERDUE_CONFIRM);
    expect(JSON.stringify(toAdmins[0]!.blocks)).not.toContain(OVERDUE_NOT_MINE);
    expect(bot.deps.db.prepare('SELECT owner_id FROM overdue_prompts WHERE location_id = ?').pluck().all(id)).toEqual([null]);

    // An admin raises the role and confirms the figures from the question: that period is over.
    grantRole(bot, OWNER, 'editor');
    bot.clock.set('2022-05-23T10:00:00+02:00');
    await click(toAdmins[0]!, OVERDUE_CONFIRM, ADMIN);
    expect(current(toAdmins[0]!)).toContain('Klopt nog: bevestigd door <@UADMIN1>');
    expect(findLocation(bot.deps.db, id)).toMatchObject({ ownerId: OWNER, updatedBy: ADMIN });

    // Eight days later (Tuesday 31 May) the figures are overdue again: the next period asks the owner.
    await runJobAt('2022-05-31T09:00:00+02:00');
    const asked = dms(OWNER, 'overdue_prompt');
    expect(asked).toHaveLength(1);
    expect(visibleText(asked[0] as never)).toContain('Je krijgt dit als eigenaar');
    expect(visibleText(asked[0] as never)).toContain('Hotel Zwolle');
    expect(dms(ADMIN, 'overdue_prompt')).toHaveLength(1);
  });

  it('the locatie and bijwerken forms save a lezer as owner, with a warning in the confirmation', async () => {
    bot = await start('2022-05-23T09:00:00+02:00');
    grantRole(bot, OWNER, 'viewer');
    const zwolle = String(municipalitiesOf(bot.deps.db, 'VR04').find((m) => m.name === 'Zwolle')!.id);
    const saved = async (command: string, values: Record<string, unknown>): Promise<string> => {
      const form = await openedModal(bot, command, 'UEDITOR1');
      const before = bot.fake.callsTo('chat.postEphemeral').length;
      expect((await bot.interact(submit(form, 'UEDITOR1', values as never))).text).toBe('');
      return visibleText((await bot.fake.waitForCall('chat.postEphemeral', before + 1)).body);
    };
    const created = await saved('locatie', { name: text('Hotel Zwolle'), municipality: selected(zwolle), targetGroup: selected('oekrainers'), stage: selected('operationeel'), places: text('300'), occupied: text('250'), owner: user(OWNER) });
    expect(created).toContain('Locatie *Hotel Zwolle* toegevoegd');
    expect(created).toContain('Eigenaar <@UOWNER1> is lezer en kan verouderde cijfers niet bevestigen; de vraag gaat daarom naar de beheerders.');
    expect(glossaryProblems(created)).toEqual([]);
    const id = bot.deps.db.prepare("SELECT id FROM locations WHERE name = 'Hotel Zwolle'").pluck().get() as number;
    expect(findLocation(bot.deps.db, id)!.ownerId).toBe(OWNER);
    // Bijwerken with an editor as owner: no warning.
    const updated = await saved('bijwerken Hotel Zwolle', { occupied: text('260'), owner: user(OTHER) });
    expect(updated).toContain('bijgewerkt');
    expect(updated).not.toContain('lezer');
    // Back to the lezer: warned again.
    expect(await saved('bijwerken Hotel Zwolle', { occupied: text('255'), owner: user(OWNER) })).toContain('Eigenaar <@UOWNER1> is lezer');
  });

  it('an owner who becomes a lezer after the question gets no reminder; the admins\' list comes that day and says why', async () => {
    bot = await start('2022-05-23T09:00:00+02:00');
    addLocation('Hotel Zwolle', 'Zwolle', { owner: OWNER, at: '2022-05-13T08:00:00Z' });
    await runJobAt('2022-05-23T09:00:00+02:00');
    expect(dms(OWNER, 'overdue_prompt')).toHaveLength(1);
    grantRole(bot, OWNER, 'viewer');
    await runJobAt('2022-05-25T09:00:00+02:00');
    expect(dms(OWNER, 'overdue_reminder')).toEqual([]);
    const lists = dms(ADMIN, 'overdue_admins');
    expect(lists).toHaveLength(1);
    const list = visibleText(lists[0] as never);
    expect(list).toContain('eigenaar <@UOWNER1> is lezer; gevraagd 23 mei 2022 09:00');
    expect(list).toContain('Een eigenaar die lezer is, kan de vraag niet beantwoorden.');
    expect(glossaryProblems(list)).toEqual([]);
    // Nothing more in this period.
    await runJobAt('2022-05-27T09:00:00+02:00');
    expect(dms(OWNER, 'overdue_reminder')).toEqual([]);
    expect(dms(ADMIN, 'overdue_admins')).toHaveLength(1);
  });

  it('the reminder after two working days, then one admins\' list; "Niet mijn locatie" goes to the admins at once, and no reminder follows', async () => {
    bot = await start('2022-05-23T09:00:00+02:00');
    // Overdue from Friday 20 May; asked Monday 23 May.
    addLocation('Hotel Zwolle', 'Zwolle', { owner: OWNER, at: '2022-05-13T08:00:00Z' });
    addLocation('Kazerne Ommen', 'Ommen', { owner: OTHER, at: '2022-05-13T08:00:00Z' });
    // Without an owner, last written by the command-line importer: the admins are asked.
    addLocation('Hal Kampen', 'Kampen', { by: 'cli:piet', at: '2022-05-13T08:00:00Z' });
    // Overdue from Thursday 26 May: asked then, reminded Monday 30 May (the weekend does not count).
    addLocation('Sporthal Deventer', 'Deventer', { owner: OWNER, at: '2022-05-19T06:00:00Z' });

    await runJobAt('2022-05-23T09:00:00+02:00');
    expect(dms(OWNER, 'overdue_prompt')).toHaveLength(1);
    expect(visibleText(dms(OWNER, 'overdue_prompt')[0] as never)).toContain('Hotel Zwolle');
    expect(dms(OTHER, 'overdue_prompt')).toHaveLength(1);
    const toAdmins = dms(ADMIN, 'overdue_prompt');
    expect(toAdmins).toHaveLength(1);
    expect(visibleText(toAdmins[0] as never)).toContain('Je krijgt dit als beheerder');
    expect(visibleText(toAdmins[0] as never)).toContain('Hal Kampen');
    expect(JSON.stringify(toAdmins[0]!.blocks)).not.toContain(OVERDUE_NOT_MINE);

    // The other owner says it is not theirs: each admin hears it privately, with the form to set the owner.
    const otherPrompt = dms(OTHER, 'overdue_prompt')[0]!;
    await click(otherPrompt, OVERDUE_NOT_MINE, OWNER); // not the person asked
    expect(visibleText(bot.fake.last('response_url')!.body)).toContain('Deze vraag ging naar <@UOWNER2>');
    await click(otherPrompt, OVERDUE_NOT_MINE, OTHER);
    const notMine = dms(ADMIN, 'overdue_not_mine');
    expect(notMine).toHaveLength(1);
    expect(visibleText(notMine[0] as never)).toContain('<@UOWNER2> meldt: *Kazerne Ommen* (Ommen) is niet mijn locatie.');
    expect(JSON.stringify(notMine[0]!.blocks)).toContain(OVERDUE_UPDATE);
    expect(current(otherPrompt)).toContain('Doorgegeven aan de beheerders: <@UOWNER2> is niet de eigenaar.');
    await click(otherPrompt, OVERDUE_NOT_MINE, OTHER);
    expect(dms(ADMIN, 'overdue_not_mine')).toHaveLength(1);

    // Tuesday: nothing. Wednesday (two working days): the reminders, not to the one who handed it on.
    await runJobAt('2022-05-24T09:00:00+02:00');
    expect(dms(OWNER, 'overdue_reminder')).toEqual([]);
    await runJobAt('2022-05-25T09:00:00+02:00');
    const reminders = dms(OWNER, 'overdue_reminder');
    expect(reminders).toHaveLength(1);
    expect(visibleText(reminders[0] as never)).toContain('Herinnering: kloppen deze cijfers nog?');
    expect(visibleText(reminders[0] as never)).toContain('Hotel Zwolle');
    expect(dms(OTHER, 'overdue_reminder')).toEqual([]);
    expect(dms(ADMIN, 'overdue_reminder')).toHaveLength(1); // Hal Kampen, asked to the admins
    await runJobAt('2022-05-25T15:00:00+02:00');
    expect(dms(OWNER, 'overdue_reminder')).toHaveLength(1);

    // Thursday: Sporthal Deventer is now overdue and asked; nothing else happens.
    await runJobAt('2022-05-26T09:00:00+02:00');
    expect(dms(OWNER, 'overdue_prompt')).toHaveLength(2);
    expect(visibleText(dms(OWNER, 'overdue_prompt')[1] as never)).toContain('Sporthal Deventer');
    expect(dms(ADMIN, 'overdue_admins')).toEqual([]);

    // Friday: two working days after the reminders, the admins get one list of what is still overdue.
    await runJobAt('2022-05-27T09:00:00+02:00');
    const lists = dms(ADMIN, 'overdue_admins');
    expect(lists).toHaveLength(1);
    const list = visibleText(lists[0] as never);
    expect(list).toContain('Nog steeds verouderd na een herinnering: 3 locaties');
    expect(list).toContain('Hotel Zwolle');
    expect(list).toContain('eigenaar <@UOWNER1>; gevraagd 23 mei 2022 09:00, herinnerd 25 mei 2022 09:00');
    expect(list).toContain('Kazerne Ommen');
    expect(list).toContain('<@UOWNER2>: niet mijn locatie');
    expect(list).toContain('Hal Kampen');
    expect(list).not.toContain('Sporthal Deventer');
    expect(dms(OWNER, 'overdue_reminder')).toHaveLength(1);

    // Saturday: the schedule (Monday to Friday) does not fire. Monday 30 May: Sporthal Deventer's reminder.
    await runJobAt('2022-05-28T09:00:00+02:00');
    expect(dms(OWNER, 'overdue_reminder')).toHaveLength(1);
    await runJobAt('2022-05-30T09:00:00+02:00');
    expect(dms(OWNER, 'overdue_reminder')).toHaveLength(2);
    expect(visibleText(dms(OWNER, 'overdue_reminder')[1] as never)).toContain('Sporthal Deventer');
    expect(dms(ADMIN, 'overdue_admins')).toHaveLength(1);

    // An admin confirms Hotel Zwolle from the list: the owner's question, reminder and the list all say so.
    await click(lists[0]!, OVERDUE_CONFIRM, ADMIN, 'Hotel Zwolle');
    expect(current(dms(OWNER, 'overdue_prompt')[0]!)).toContain('Klopt nog: bevestigd door <@UADMIN1>');
    expect(current(reminders[0]!)).toContain('Klopt nog: bevestigd door <@UADMIN1>');
    expect(current(lists[0]!)).toContain('Klopt nog: bevestigd door <@UADMIN1>');
    expect(current(lists[0]!)).toContain('Nog 2 van 3 open');
  });
});
