import { describe, expect, it } from 'vitest';
import { coverage, defaultNeededBy, mentionFor, placementUsed, reminderSchedule, requestInput, stateAfterOffers, suggestPlacement, type OfferRecord, type RequestRecord } from '../../../src/features/noodknop/noodknop';
import { broadcastMessage, listMessage, offerForm, placeForm, reminderMessage, requestForm } from '../../../src/features/noodknop/noodknop.view';
import { validateForm } from '../../../src/forms/validate';
import { formModal } from '../../../src/slack/form-modal';
import { blockKitViolations } from '../../support/conformance/block-kit-rules';

const now = new Date('2022-05-25T07:00:00Z'); // 09:00 in Amsterdam

const request = (overrides: Partial<RequestRecord> = {}): RequestRecord => ({
  id: 7,
  persons: 12,
  families: 3,
  singleAdults: null,
  unaccompaniedMinors: 1,
  specialNeeds: ['medisch'],
  origin: 'Ter Apel',
  neededBy: '2022-05-26T07:00:00.000Z',
  contact: null,
  note: 'x'.repeat(1000),
  state: 'open',
  channelId: 'C0NOOD',
  messageTs: '1.1',
  requestedBy: 'UEDITOR1',
  createdAt: now.toISOString(),
  closedAt: null,
  closedBy: null,
  cancelReason: null,
  followUpOf: null,
  followedUpBy: null,
  leftoverDismissedAt: null,
  leftoverDismissedBy: null,
  ...overrides,
});

const offers = (n: number): OfferRecord[] =>
  Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    requestId: 7,
    locationId: i % 3 === 0 ? null : i,
    locationName: i % 3 === 0 ? null : `Locatie ${i} met een lange naam om de regel te vullen`,
    municipality: i % 3 === 0 ? null : 'Zwolle',
    otherLocation: i % 3 === 0 ? `Gastgezin ${i} <!channel>` : null,
    places: 1 + (i % 4),
    note: 'Een toelichting die ook wat ruimte inneemt in het bericht '.repeat(3),
    offeredBy: `UOFFER${i}`,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    withdrawnAt: null,
    usedPlaces: null,
  }));

describe('noodknop pure logic', () => {
  it('defaults the deadline to 24 hours ahead and accepts exactly that', () => {
    expect(defaultNeededBy(now)).toEqual({ date: '2022-05-26', time: '09:00' });
    const ok = validateForm(requestForm(now), { persons: '1.200', neededDate: '2022-05-26', neededTime: '09:00' });
    expect(ok.ok).toBe(true);
    expect(requestInput(ok.values, now)).toMatchObject({ persons: 1200, neededBy: new Date('2022-05-26T07:00:00.000Z') });
    const later = validateForm(requestForm(now), { persons: '5', neededDate: '2022-05-26', neededTime: '09:01' });
    expect(!later.ok && later.errors).toEqual({ neededDate: 'De noodknop is voor opvang binnen 24 uur. Kies een moment uiterlijk 24 uur vanaf nu.' });
  });

  it('gives Dutch errors keyed by field', () => {
    const bad = validateForm(requestForm(now), { persons: '', families: '-1', singleAdults: '1,5', specialNeeds: ['vliegtuig'], neededDate: '', neededTime: '' });
    expect(bad.ok).toBe(false);
    const errors = bad.ok ? {} : bad.errors;
    expect(errors.persons).toBe('Vul het aantal personen in.');
    // The one number parser's reasons (src/domain/numbers.ts), as on every other form.
    expect(errors.families).toBe('Mag niet negatief zijn.');
    expect(errors.singleAdults).toBe('Alleen hele getallen (zoals 1200 of 1.200).');
    expect(errors.specialNeeds).toBe('Onbekende bijzonderheid.');
    expect(errors.neededDate).toBe('Kies een datum.');
  });

  it('requires a name for another location, and a location', () => {
    const form = offerForm({ request: request(), locations: [], unavailable: () => 'weg' });
    const r = validateForm(form, { location: 'other', otherLocation: '', places: '3' });
    expect(!r.ok && r.errors).toEqual({ otherLocation: 'Schrijf welke locatie je aanbiedt.' });
    const none = validateForm(form, { location: '', otherLocation: '', places: '0' });
    expect(!none.ok && none.errors).toMatchObject({ location: 'Kies een locatie.', places: 'Minimaal 1.' });
    const gone = validateForm(form, { location: '42', places: '3' });
    expect(!gone.ok && gone.errors).toEqual({ location: 'weg' });
  });

  it('follows coverage between open and gedekt only', () => {
    expect(coverage(12, [5, 11])).toEqual({ persons: 12, offered: 16, missing: 0, surplus: 4, covered: true });
    expect(stateAfterOffers('open', coverage(12, [12]))).toBe('gedekt');
    expect(stateAfterOffers('gedekt', coverage(12, [11]))).toBe('open');
    expect(stateAfterOffers('verlopen', coverage(12, [12]))).toBe('verlopen');
    expect(stateAfterOffers('geplaatst', coverage(12, []))).toBe('geplaatst');
  });

  it('schedules escalation, the halfway reminder and expiry; drops reminders past the deadline', () => {
    const schedule = reminderSchedule(now, new Date('2022-05-26T07:00:00Z'), 60);
    expect(schedule.map((r) => [r.kind, r.dueAt.toISOString()])).toEqual([
      ['escalate', '2022-05-25T08:00:00.000Z'],
      ['halfway', '2022-05-25T19:30:00.000Z'],
      ['expired', '2022-05-26T07:00:00.000Z'],
    ]);
    expect(reminderSchedule(now, new Date('2022-05-25T07:30:00Z'), 60).map((r) => r.kind)).toEqual(['expired']);
  });

  it('reads the placement form and suggests offers in order', () => {
    const list = offers(2).map((o, i) => ({ ...o, id: i + 1, places: i === 0 ? 5 : 11 }));
    expect([...suggestPlacement(list, 12)]).toEqual([[1, 5], [2, 7]]);
    const form = placeForm(request({ persons: 12 }), list);
    const ok = validateForm(form, { used_1: '5', used_2: '' });
    expect(ok.ok && [...placementUsed(ok.values, list)]).toEqual([[1, 5]]);
    expect(validateForm(form, { used_1: '0', used_2: '0' })).toMatchObject({ ok: false, errors: { used_1: expect.stringContaining('minstens één') } });
    expect(validateForm(form, { used_1: '5', used_2: '8' })).toMatchObject({ ok: false, errors: { used_1: expect.stringContaining('Samen 13') } });
    expect(validateForm(form, { used_1: '6', used_2: '' })).toMatchObject({ ok: false, errors: { used_1: 'Dit aanbod was 5 plekken; meer kan niet.' } });
    expect(validateForm(form, { used_1: '2,5', used_2: '' })).toMatchObject({ ok: false, errors: { used_1: 'Alleen hele getallen (zoals 1200 of 1.200).' } });
  });

  it('turns NOODKNOP_MENTION into a mention', () => {
    expect(mentionFor(undefined)).toBe('<!channel>');
    expect(mentionFor('S0CRISIS')).toBe('<!subteam^S0CRISIS>');
    expect(mentionFor('<!subteam^S0CRISIS|crisisteam>')).toBe('<!subteam^S0CRISIS>');
    expect(mentionFor('here')).toBe('<!here>');
    expect(mentionFor('iedereen')).toBe('<!channel>');
  });
});

describe('noodknop views stay inside Slack limits', () => {
  it('summarises 300 offers in the broadcast instead of truncating silently', () => {
    const message = broadcastMessage(request(), offers(300), '<!channel>');
    expect(blockKitViolations('message', message)).toEqual([]);
    const text = JSON.stringify(message.blocks);
    expect(text).toMatch(/…en \d+ aanbiedingen meer \(zie de draad\)/);
    expect(text).toContain('Aangeboden (300 aanbiedingen):');
    expect(text).not.toContain('<!channel> Gastgezin');
  });

  it('keeps the offer, placement, list and reminder views valid with many rows', () => {
    const many = Array.from({ length: 150 }, (_, i) => ({ id: i + 1, name: `Locatie ${i} ${'met een hele lange naam '.repeat(4)}`, municipality: 'Zwolle', places: 10, occupied: i % 11, free: 10 - (i % 11) }));
    const offerView = formModal(offerForm({ request: request(), locations: many, unavailable: () => 'weg' }));
    expect(blockKitViolations('modal', offerView)).toEqual([]);
    const select = (offerView.blocks.find((b) => b.block_id === 'location') as any).element;
    expect(select.options).toHaveLength(100);
    expect(select.options.at(-1).value).toBe('other');
    // Changing an offer at the 140th location: that location stays in the list and is chosen.
    const offerAt140 = { ...offers(1)[0]!, locationId: 140 };
    const edit = formModal(offerForm({ request: request(), locations: many, offer: offerAt140, unavailable: () => 'weg' }));
    expect(blockKitViolations('modal', edit)).toEqual([]);
    const editSelect = (edit.blocks.find((b) => b.block_id === 'location') as any).element;
    expect(editSelect.options).toHaveLength(100);
    expect(editSelect.initial_option.value).toBe('140');
    const place = formModal(placeForm(request(), offers(150)));
    expect(blockKitViolations('modal', place)).toEqual([]);
    expect(JSON.stringify(place.blocks)).toContain('53 aanbiedingen passen niet in dit formulier');
    const list = listMessage(Array.from({ length: 80 }, (_, i) => ({ request: request({ id: i + 1 }), offers: offers(3) })));
    expect(blockKitViolations('message', list)).toEqual([]);
    expect(JSON.stringify(list.blocks)).toMatch(/…en \d+ oproepen meer/);
    expect(blockKitViolations('message', reminderMessage(request(), offers(2), '<!channel>', ['escalate']))).toEqual([]);
  });
});
