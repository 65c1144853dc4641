import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NOODKNOP_OFFER_OPEN, NOODKNOP_OFFER_VIEW, NOODKNOP_OFFER_WITHDRAW, NOODKNOP_PLACE_VIEW, NOODKNOP_REQUEST_VIEW } from '../../../src/blockkit/ids';
import { buttonClick, checked, date, selected, startBot, text, time, viewOf, viewSubmission, type StateValue, type TestBot } from '../../support/bot';
import { fingerprint } from '../../support/db';
import { grantRole } from '../../support/forms';

/**
 * Issue 10 §3: an offer names an operational location of the region whose free places, less what
 * open (open or covered) requests were already offered there, cover it — or the over-capacity box
 * is ticked. The check runs in the offer's own transaction, so two offers for two requests that
 * arrive together cannot both take the last places.
 */
const NOOD = 'C0NOOD';
const E1 = 'UEDITOR1';
const E2 = 'UEDITOR2';

let bot: TestBot;
let ommen: number;
beforeEach(async () => {
  bot = await startBot({ env: { NOODKNOP_CHANNEL: NOOD } });
  grantRole(bot, E1, 'editor');
  grantRole(bot, E2, 'editor');
  // 20 places, 10 occupied: 10 free.
  ommen = addLocation('Ommen', 'Sporthal Ommen', 20, 10);
});
afterEach(async () => {
  await bot.close();
});

const db = () => bot.deps.db;
const count = (sql: string, ...params: unknown[]) => db().prepare(sql).pluck().get(...params) as number;

function addLocation(municipality: string, name: string, places: number, occupied: number, stage = 'operationeel'): number {
  return Number(
    db()
      .prepare(
        `INSERT INTO locations (municipality_id, name, target_group, stage, places, occupied, created_at, created_by, updated_at, updated_by)
         VALUES ((SELECT id FROM municipalities WHERE name = ?), ?, 'cno', ?, ?, ?, '2022-05-24T08:00:00Z', 'seed', '2022-05-24T08:00:00Z', 'seed')`,
      )
      .run(municipality, name, stage, places, occupied).lastInsertRowid,
  );
}

/** A request pressed through the form by an editor; its id. */
async function press(persons: number, user = E1): Promise<number> {
  const res = await bot.interact(viewSubmission(NOODKNOP_REQUEST_VIEW, user, { persons: text(String(persons)), neededDate: date('2022-05-26'), neededTime: time('08:00') }));
  expect(res.text).toBe('');
  const id = count('SELECT max(id) FROM noodknop_requests');
  // The broadcast is posted after the ack and its ts recorded: wait, so later reads are settled.
  await bot.fake.waitFor(() => count('SELECT count(*) FROM noodknop_requests WHERE id = ? AND message_ts IS NOT NULL', id) === 1);
  return id;
}

function offer(requestId: number, user: string, location: number | string, places: number, extra: Record<string, StateValue> = {}, offerId?: number) {
  return bot.interact(
    viewSubmission(NOODKNOP_OFFER_VIEW, user, { location: selected(String(location)), otherLocation: text(''), places: text(String(places)), note: text(''), overCapacity: checked(), ...extra }, {
      privateMetadata: JSON.stringify({ requestId, ...(offerId ? { offerId } : {}) }),
    }),
  );
}

describe('no overbooking across requests', () => {
  it('two offers for two requests arriving together: one gets the last places, the other is told what is left', async () => {
    const a = await press(8);
    const b = await press(8, E2);
    const answers = await Promise.all([offer(a, E1, ommen, 8), offer(b, E2, ommen, 8)]);
    const stored = answers.filter((r) => r.text === '');
    const refused = answers.filter((r) => r.text !== '').map((r) => r.json());
    expect(stored).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0].response_action).toBe('errors');
    expect(refused[0].errors.places).toBe('Sporthal Ommen heeft nog 2 vrije plekken (8 zijn al aangeboden bij open noodknop-oproepen). Vink hieronder "Meer dan vrij" aan om toch 8 aan te bieden.');
    expect(count('SELECT count(*) FROM noodknop_offers')).toBe(1);
    expect(count("SELECT count(*) FROM audit_log WHERE action = 'noodknop.offer'")).toBe(1);
    expect(count("SELECT count(*) FROM processed_interactions WHERE outcome = 'noodknop.offer'")).toBe(1);

    // The refused one, with the box ticked, is stored: knowingly more than free.
    const loser = stored[0] === answers[0] ? b : a;
    const user = loser === a ? E1 : E2;
    expect((await offer(loser, user, ommen, 8, { overCapacity: checked('yes') })).text).toBe('');
    expect(count('SELECT sum(places) FROM noodknop_offers WHERE location_id = ?', ommen)).toBe(16);

    // The offer form now shows the location as full, for either request.
    await bot.interact(buttonClick(NOODKNOP_OFFER_OPEN, E1, { value: String(a), channel: NOOD }));
    const form = viewOf(await bot.fake.waitForCall('views.open'));
    const options = form.blocks.find((b: any) => b.block_id === 'location').element.options.map((o: any) => o.text.text);
    expect(options).toContain('Sporthal Ommen (Ommen) · vol');
  });

  it('an offer on the same request from the same location counts too; one’s own offer being changed does not count against itself', async () => {
    const a = await press(12);
    expect((await offer(a, E1, ommen, 6)).text).toBe('');
    const second = (await offer(a, E2, ommen, 6)).json();
    expect(second.errors.places).toContain('nog 4 vrije plekken (6 zijn al aangeboden');
    const own = count('SELECT max(id) FROM noodknop_offers');
    expect((await offer(a, E1, ommen, 10, {}, own)).text).toBe('');
    expect(count('SELECT places FROM noodknop_offers WHERE id = ?', own)).toBe(10);
  });

  it('places held by withdrawn offers and by closed requests are free again', async () => {
    const a = await press(10);
    const b = await press(10, E2);
    expect((await offer(a, E1, ommen, 10)).text).toBe('');
    expect((await offer(b, E2, ommen, 1)).json().errors.places).toContain('nog 0 vrije plekken');
    const held = count('SELECT max(id) FROM noodknop_offers');
    await bot.interact(buttonClick(NOODKNOP_OFFER_WITHDRAW, E1, { value: String(held), channel: NOOD }));
    await bot.fake.waitFor(() => count('SELECT count(*) FROM noodknop_offers WHERE withdrawn_at IS NOT NULL') === 1);
    expect((await offer(b, E2, ommen, 10)).text).toBe('');

    // B is cancelled: its offer no longer holds Ommen's places.
    db().prepare("UPDATE noodknop_requests SET state = 'geannuleerd' WHERE id = ?").run(b);
    expect((await offer(a, E1, ommen, 10)).text).toBe('');
  });
});

describe('only an operational location of the region', () => {
  it('refuses a location in preparation, one of another region and one that does not exist, also with the box ticked', async () => {
    const a = await press(5);
    const preparing = addLocation('Dalfsen', 'Paviljoen Dalfsen', 40, 0, 'in_voorbereiding');
    db().prepare("INSERT INTO municipalities (region_code, name) VALUES ('VR05', 'Elders')").run();
    const elsewhere = addLocation('Elders', 'Hal Elders', 100, 0);
    const before = fingerprint(db());
    const yes = { overCapacity: checked('yes') };
    expect((await offer(a, E1, preparing, 5, yes)).json().errors.location).toContain('Paviljoen Dalfsen is niet operationeel');
    expect((await offer(a, E1, elsewhere, 5, yes)).json().errors.location).toContain('hoort niet bij de regio');
    expect((await offer(a, E1, 999_999, 5, yes)).json().errors.location).toContain('bestaat niet (meer)');
    expect(fingerprint(db())).toBe(before);

    // The same request accepts an operational location of the region.
    expect((await offer(a, E1, ommen, 5)).text).toBe('');
  });
});

describe('placement checks the offer rule again, in its own transaction', () => {
  const place = (requestId: number, user: string, used: Record<number, number>, extra: Record<string, StateValue> = {}) =>
    bot.interact(
      viewSubmission(NOODKNOP_PLACE_VIEW, user, { ...Object.fromEntries(Object.entries(used).map(([id, n]) => [`used_${id}`, text(String(n))])), ...extra }, {
        privateMetadata: JSON.stringify({ requestId }),
      }),
    );

  it('refuses when the location filled up since the offer, keeps the form open, and stores nothing; the box places anyway', async () => {
    const a = await press(8);
    expect((await offer(a, E1, ommen, 8)).text).toBe('');
    const offerId = count('SELECT max(id) FROM noodknop_offers');
    // Someone updates Ommen meanwhile: 16 of 20 occupied, 4 free.
    db().prepare('UPDATE locations SET occupied = 16 WHERE id = ?').run(ommen);
    const before = fingerprint(db());

    const refused = (await place(a, E1, { [offerId]: 8 })).json();
    expect(refused.response_action).toBe('errors');
    expect(refused.errors[`used_${offerId}`]).toBe(
      'Sporthal Ommen heeft nu nog 4 vrije plekken, minder dan de 8 die je hier plaatst. Pas het aantal aan, of vink "Meer dan vrij" aan om toch te plaatsen. Er is niets opgeslagen.',
    );
    expect(fingerprint(db())).toEqual(before);

    expect((await place(a, E1, { [offerId]: 8 }, { overCapacity: checked('yes') })).text).toBe('');
    expect(count('SELECT occupied FROM locations WHERE id = ?', ommen)).toBe(24);
    expect(count('SELECT state = ? FROM noodknop_requests WHERE id = ?', 'geplaatst', a)).toBe(1);
  });

  it('does not count the request’s own offers against it, but does count other open requests’ offers', async () => {
    const a = await press(6);
    const b = await press(4, E2);
    expect((await offer(a, E1, ommen, 6)).text).toBe('');
    expect((await offer(b, E2, ommen, 4)).text).toBe('');
    const offerA = count('SELECT min(id) FROM noodknop_offers');
    // 10 free: A's 6 fit beside B's 4.
    expect((await place(a, E1, { [offerA]: 6 })).text).toBe('');
    expect(count('SELECT occupied FROM locations WHERE id = ?', ommen)).toBe(16);
  });

  it('refuses a location that closed since the offer, also with the box ticked', async () => {
    const a = await press(5);
    expect((await offer(a, E1, ommen, 5)).text).toBe('');
    const offerId = count('SELECT max(id) FROM noodknop_offers');
    db().prepare("UPDATE locations SET stage = 'gesloten' WHERE id = ?").run(ommen);
    const before = fingerprint(db());
    const refused = (await place(a, E1, { [offerId]: 5 }, { overCapacity: checked('yes') })).json();
    expect(refused.errors[`used_${offerId}`]).toContain('Sporthal Ommen is niet operationeel');
    expect(fingerprint(db())).toEqual(before);
  });
});
