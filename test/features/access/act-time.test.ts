import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refusalText } from '../../../src/features/access/access';
import { updateLocation } from '../../../src/features/capacity/figures.write';
import {
  IMPORT_VALID_ONLY,
  NOODKNOP_CANCEL_OPEN,
  NOODKNOP_OFFER_OPEN,
  NOODKNOP_OFFER_WITHDRAW,
  NOODKNOP_PLACE_OPEN,
  SHIFT_CLAIM,
  SHIFT_HAND_BACK,
  actionIdPattern,
} from '../../../src/blockkit/ids';
import { ADMIN, buttonClick, date, mention, multi, selected, startBot, text, time, viewOf, type StateValue, type TestBot } from '../../support/bot';
import { fingerprint } from '../../support/db';
import { grantRole, openedModal, submit } from '../../support/forms';

/**
 * Issue 10 §3: every write checks, at the moment of the submission or click, that the user holds
 * the role it needs *now*. Each case opens a form or shows a button while the user has the role,
 * then an admin takes the role away with `/opvang rechten @… weg` (signed HTTP, the real path),
 * then the user acts; the database is compared row for row afterwards.
 */
const NOOD = 'C0NOOD';
const EDITOR = 'UEDITOR1';
const EDITOR2 = 'UEDITOR2';
const ADMIN2 = 'UADMIN2';
const EDITOR_REFUSAL = refusalText('editor', [ADMIN2, ADMIN]);
// The refusals name the admins (ADMIN2's grant is backdated, so it comes first); every admin
// refused below is ADMIN2 after losing the role, so ADMIN is left to name.
const ADMIN_REFUSAL = refusalText('admin', [ADMIN]);

let bot: TestBot;
beforeEach(async () => {
  bot = await startBot({ env: { NOODKNOP_CHANNEL: NOOD, DIGEST_CHANNEL: 'C0TEAM' } });
  grantRole(bot, EDITOR, 'editor');
  grantRole(bot, EDITOR2, 'editor');
  grantRole(bot, ADMIN2, 'admin');
});
afterEach(async () => {
  await bot.close();
});

const db = () => bot.deps.db;
const count = (sql: string, ...params: unknown[]) => db().prepare(sql).pluck().get(...params) as number;

/** Takes the role away through /opvang rechten, as an admin does it in Slack. */
async function revoke(user: string): Promise<void> {
  const reply = (await bot.command(['rechten ', mention(user), ' weg'], ADMIN)).json();
  expect(reply.text).toContain(`Rechten van <@${user}> ingetrokken`);
}

/** Revokes, runs the act, and proves that it stored nothing at all. */
async function afterRevoking<T>(user: string, act: () => Promise<T>): Promise<T> {
  await revoke(user);
  return storingNothing(act);
}

async function storingNothing<T>(act: () => Promise<T>): Promise<T> {
  const before = fingerprint(db());
  const result = await act();
  // Work after the ack (a refusal told privately) is finished before the database is read.
  await bot.idle();
  expect(fingerprint(db())).toBe(before);
  return result;
}

const firstOption = (form: any, blockId: string) => form.blocks.find((b: any) => b.block_id === blockId).element.options[0].value as string;

describe('capacity forms: the editor role is asked again at submit', () => {
  const cases: [string, (form: any) => Record<string, StateValue>][] = [
    ['bijwerken Woonunits Dalfsen', () => ({ places: text('99'), occupied: text('10'), stage: selected('operationeel') })],
    ['locatie', (form) => ({ name: text('Nieuwe Hal'), municipality: selected(firstOption(form, 'municipality')), targetGroup: selected('cno'), places: text('10') })],
    ['landelijk', () => ({ asOf: date('2022-05-24'), places: text('50.000'), occupied: text('40.000') })],
    ['doelen', () => ({ targetGroup: selected('cno'), number: text('100'), label: text('Nieuw doel') })],
    ['taakstelling', (form) => ({ municipality: selected(firstOption(form, 'municipality')), quota: text('10'), housed: text('0') })],
  ];
  for (const [command, values] of cases) {
    it(`/opvang ${command}: refused in the form, nothing stored`, async () => {
      const form = await openedModal(bot, command, EDITOR);
      const answer = await afterRevoking(EDITOR, async () => (await bot.interact(submit(form, EDITOR, values(form)))).json());
      // Under the form's first input: the modal stays open with what was typed.
      expect(answer.response_action).toBe('errors');
      expect(answer.errors[form.blocks.find((b: any) => b.type === 'input').block_id]).toBe(EDITOR_REFUSAL);
    });
  }
});

describe('noodknop: request, offer, place, cancel and withdraw', () => {
  const requestValues = { persons: text('6'), neededDate: date('2022-05-26'), neededTime: time('08:00') };

  /** A request pressed by `user` through the form, with its broadcast posted. */
  async function press(user: string): Promise<number> {
    const form = await openedModal(bot, 'noodknop', user);
    expect((await bot.interact(submit(form, user, requestValues))).text).toBe('');
    const id = count('SELECT max(id) FROM noodknop_requests');
    await bot.fake.waitFor(() => count('SELECT count(*) FROM noodknop_requests WHERE id = ? AND message_ts IS NOT NULL', id) === 1);
    return id;
  }

  /** An offer by `user` through the offer form opened from the broadcast's button. */
  async function offerFrom(user: string, request: number): Promise<number> {
    const before = bot.fake.callsTo('views.open').length;
    await bot.interact(buttonClick(NOODKNOP_OFFER_OPEN, user, { value: String(request), channel: NOOD }));
    const form = viewOf(await bot.fake.waitForCall('views.open', before + 1));
    expect((await bot.interact(submit(form, user, { location: selected('other'), otherLocation: text('Sporthal'), places: text('6') }))).text).toBe('');
    return count('SELECT max(id) FROM noodknop_offers');
  }

  it('request: a former editor’s submission is refused under the form', async () => {
    const form = await openedModal(bot, 'noodknop', EDITOR);
    const answer = await afterRevoking(EDITOR, async () => (await bot.interact(submit(form, EDITOR, requestValues))).json());
    expect(answer.errors.persons).toBe(EDITOR_REFUSAL);
    expect(count('SELECT count(*) FROM noodknop_requests')).toBe(0);
  });

  it('offer: the form opened while an editor, submitted after the role was taken', async () => {
    const request = await press(ADMIN);
    await bot.interact(buttonClick(NOODKNOP_OFFER_OPEN, EDITOR, { value: String(request), channel: NOOD }));
    const form = viewOf(await bot.fake.waitForCall('views.open', 2));
    const answer = await afterRevoking(EDITOR, async () => (await bot.interact(submit(form, EDITOR, { location: selected('other'), otherLocation: text('Sporthal'), places: text('6') }))).json());
    expect(Object.values(answer.errors)).toEqual([EDITOR_REFUSAL]);
  });

  it('place: the requester who lost the editor role can no longer close their own noodknop (form and button)', async () => {
    const request = await press(EDITOR);
    await offerFrom(EDITOR2, request);
    const opens = bot.fake.callsTo('views.open').length;
    await bot.interact(buttonClick(NOODKNOP_PLACE_OPEN, EDITOR, { value: String(request), channel: NOOD }));
    const form = viewOf(await bot.fake.waitForCall('views.open', opens + 1));
    const offerId = count('SELECT max(id) FROM noodknop_offers');
    const answer = await afterRevoking(EDITOR, async () => (await bot.interact(submit(form, EDITOR, { [`used_${offerId}`]: text('6') }))).json());
    expect(Object.values(answer.errors)).toEqual([EDITOR_REFUSAL]);
    // The button too, clicked now: told privately, no form.
    await storingNothing(() => bot.interact(buttonClick(NOODKNOP_PLACE_OPEN, EDITOR, { value: String(request), channel: NOOD })));
    expect((await bot.fake.waitForCall('chat.postEphemeral')).body.text).toBe(EDITOR_REFUSAL);
    expect(bot.fake.callsTo('views.open')).toHaveLength(opens + 1);
    expect(db().prepare('SELECT state FROM noodknop_requests WHERE id = ?').pluck().get(request)).toBe('gedekt');
  });

  it('cancel: the requester who lost the editor role cannot cancel', async () => {
    const request = await press(EDITOR);
    await bot.interact(buttonClick(NOODKNOP_CANCEL_OPEN, EDITOR, { value: String(request), channel: NOOD }));
    const form = viewOf(await bot.fake.waitForCall('views.open', 2));
    const answer = await afterRevoking(EDITOR, async () => (await bot.interact(submit(form, EDITOR, { reason: text('Zelf opgelost') }))).json());
    expect(answer.errors.reason).toBe(EDITOR_REFUSAL);
    expect(db().prepare('SELECT state FROM noodknop_requests WHERE id = ?').pluck().get(request)).toBe('open');
  });

  it('withdraw: a former editor cannot withdraw their offer', async () => {
    const request = await press(ADMIN);
    const offerId = await offerFrom(EDITOR, request);
    await afterRevoking(EDITOR, () => bot.interact(buttonClick(NOODKNOP_OFFER_WITHDRAW, EDITOR, { value: String(offerId), channel: NOOD })));
    expect((await bot.fake.waitForCall('chat.postEphemeral')).body.text).toBe(EDITOR_REFUSAL);
    expect(count('SELECT count(*) FROM noodknop_offers WHERE id = ? AND withdrawn_at IS NULL', offerId)).toBe(1);
  });
});

describe('roster: periods, import, shifts, patterns, outflow, claiming and handing back', () => {
  const refusedUnderFirstInput = (form: any, answer: any, refusal = ADMIN_REFUSAL) => {
    expect(answer.response_action).toBe('errors');
    const firstInput = form.blocks.find((b: any) => b.type === 'input').block_id;
    expect(Object.keys(answer.errors)).toEqual([firstInput]);
    expect(answer.errors[firstInput]).toBe(refusal);
  };

  const adminForms: [string, Record<string, StateValue>][] = [
    ['rooster periode', { regions: multi('VR04'), from: date('2022-06-29'), through: date('2022-07-12'), places: text('150') }],
    ['rooster import', { csv: text('van;tot en met;regio;plekken\n29-6-2022;12-7-2022;IJsselland;150') }],
    ['rooster dienst', { date: date('2022-05-27'), start: time('07:00'), end: time('15:00'), organisation: selected('COA'), role: text('Begeleider') }],
    ['rooster patroon', { from: date('2022-05-27'), through: date('2022-05-27'), slots: text('07-15'), organisation: selected('COA'), role: text('Begeleider') }],
  ];
  for (const [command, values] of adminForms) {
    it(`/opvang ${command}: a former admin’s submission is refused`, async () => {
      const form = await openedModal(bot, command, ADMIN2);
      refusedUnderFirstInput(form, await afterRevoking(ADMIN2, async () => (await bot.interact(submit(form, ADMIN2, values))).json()));
    });
  }

  it('/opvang rooster uitstroom: a former editor’s submission is refused', async () => {
    const location = Number(
      db()
        .prepare(`INSERT INTO locations (municipality_id, name, target_group, stage, places, occupied, created_at, created_by, updated_at, updated_by)
                  VALUES ((SELECT id FROM municipalities WHERE name = 'Ommen'), 'Sporthal Ommen', 'cno', 'operationeel', 50, 0, '2022-05-20T08:00:00Z', 'seed', '2022-05-20T08:00:00Z', 'seed')`)
        .run().lastInsertRowid,
    );
    updateLocation(db(), { id: location, patch: { occupied: 12 }, actor: ADMIN, at: bot.clock.now() });
    const form = await openedModal(bot, 'rooster uitstroom', EDITOR);
    const stay = firstOption(form, 'stay');
    refusedUnderFirstInput(form, await afterRevoking(EDITOR, async () => (await bot.interact(submit(form, EDITOR, { stay: selected(stay), destination: text('AZC Zwolle') }))).json()), EDITOR_REFUSAL);
    expect(count('SELECT count(*) FROM cno_stays WHERE outflow_destination IS NOT NULL')).toBe(0);
  });

  async function openShift(): Promise<number> {
    const form = await openedModal(bot, 'rooster patroon', ADMIN);
    await bot.interact(submit(form, ADMIN, { from: date('2022-05-26'), through: date('2022-05-26'), slots: text('07-15'), organisation: selected('COA'), role: text('Begeleider') }));
    return count('SELECT max(id) FROM shifts');
  }

  it('claim: the button seen as an editor, clicked after the role was taken', async () => {
    const shift = await openShift();
    const list = (await bot.command('rooster diensten', EDITOR)).json();
    const claim = list.blocks.flatMap((b: any) => b.elements ?? (b.accessory ? [b.accessory] : [])).find((e: any) => actionIdPattern(SHIFT_CLAIM).test(e.action_id ?? ''));
    expect(claim.value).toContain(String(shift));
    await afterRevoking(EDITOR, () => bot.interact(buttonClick(claim.action_id, EDITOR, { value: claim.value, responseUrl: bot.fake.responseUrl('claim') })));
    const answer = await bot.fake.waitForCall('response_url');
    expect(answer.body).toMatchObject({ replace_original: false, text: EDITOR_REFUSAL });
    expect(db().prepare('SELECT slack_user_id FROM shifts WHERE id = ?').pluck().get(shift)).toBeNull();
  });

  it('hand back: a former editor keeps the shift until someone with the role acts', async () => {
    const shift = await openShift();
    await bot.interact(buttonClick(SHIFT_CLAIM, EDITOR, { value: `channel:${shift}`, responseUrl: bot.fake.responseUrl('c1') }));
    await bot.fake.waitForCall('response_url');
    expect(db().prepare('SELECT slack_user_id FROM shifts WHERE id = ?').pluck().get(shift)).toBe(EDITOR);
    await afterRevoking(EDITOR, () => bot.interact(buttonClick(SHIFT_HAND_BACK, EDITOR, { value: String(shift), responseUrl: bot.fake.responseUrl('h1') })));
    expect((await bot.fake.waitForCall('response_url', 2)).body).toMatchObject({ replace_original: false, text: EDITOR_REFUSAL });
    expect(db().prepare('SELECT slack_user_id FROM shifts WHERE id = ?').pluck().get(shift)).toBe(EDITOR);
  });
});

describe('rights and the CSV import', () => {
  it('/opvang rechten: a former admin can no longer hand out roles', async () => {
    const reply = await afterRevoking(ADMIN2, async () => (await bot.command(['rechten ', mention('UNIEUW1'), ' bewerker'], ADMIN2)).json());
    expect(reply.text).toBe(ADMIN_REFUSAL);
    expect(count("SELECT count(*) FROM user_roles WHERE slack_user_id = 'UNIEUW1'")).toBe(0);
  });

  it('"only the valid rows": the button an admin got is refused once they are no longer admin', async () => {
    const csv = ['naam;gemeente;doelgroep;fase;plekken;bezet', 'Nieuwe Hal;Zwolle;CNO;operationeel;10;0', 'Hal;Utrecht;CNO;operationeel;10;0'].join('\r\n');
    await bot.event({ type: 'message', channel: 'D0ADMIN2', channel_type: 'im', user: ADMIN2, ts: '1700000001.000400', files: [{ id: 'FA2', name: 'hal.csv', filetype: 'csv', url_private: bot.fake.serveFile('hal.csv', csv) }] });
    const report = await bot.fake.waitForCall('chat.postMessage');
    const button = report.body.blocks.flatMap((b: any) => b.elements ?? []).find((e: any) => e.action_id === IMPORT_VALID_ONLY);
    await afterRevoking(ADMIN2, () => bot.interact(buttonClick(IMPORT_VALID_ONLY, ADMIN2, { value: button.value, responseUrl: bot.fake.responseUrl('valid') })));
    expect((await bot.fake.waitForCall('response_url')).body.text).toBe(ADMIN_REFUSAL);
    expect(count("SELECT count(*) FROM locations WHERE name = 'Nieuwe Hal'")).toBe(0);
  });
});

it('the same acts by someone who still holds the role are stored (the refusals above are about the role)', async () => {
  const form = await openedModal(bot, 'landelijk', EDITOR);
  expect((await bot.interact(submit(form, EDITOR, { asOf: date('2022-05-24'), places: text('50.000'), occupied: text('40.000') }))).text).toBe('');
  const pattern = await openedModal(bot, 'rooster patroon', ADMIN2);
  expect((await bot.interact(submit(pattern, ADMIN2, { from: date('2022-05-27'), through: date('2022-05-27'), slots: text('07-15'), organisation: selected('COA'), role: text('Begeleider') }))).json().response_action).toBe('update');
  expect(count('SELECT count(*) FROM national_figures WHERE as_of = ?', '2022-05-24')).toBe(1);
  expect(count('SELECT count(*) FROM shifts')).toBe(1);
});
