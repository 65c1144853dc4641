import { describe, expect, it } from 'vitest';
import { NOODKNOP_CANCEL_OPEN, NOODKNOP_FOLLOW_UP_OPEN, NOODKNOP_LEFTOVER_DISMISS, NOODKNOP_OFFER_OPEN, NOODKNOP_PLACE_OPEN } from '../../../src/blockkit/ids';
import type { OfferRecord, RequestRecord } from '../../../src/features/noodknop/noodknop';
import { broadcastMessage, closedReply, expiredDirectMessage, listMessage, reminderMessage, requestForm } from '../../../src/features/noodknop/noodknop.view';
import { blockKitViolations } from '../../support/conformance/block-kit-rules';
import { visibleText } from '../../support/bot';

// Needed by Thursday 26 May 2022 09:00 in Amsterdam (07:00 UTC).
const request: RequestRecord = {
  id: 7, persons: 12, families: 3, singleAdults: 2, unaccompaniedMinors: 1, specialNeeds: ['rolstoel'], origin: 'Ter Apel',
  neededBy: '2022-05-26T07:00:00Z', contact: null, note: 'Bus <A>', state: 'open', channelId: 'C1', messageTs: '1.1',
  requestedBy: 'UEDITOR1', createdAt: '2022-05-25T07:00:00Z', closedAt: null, closedBy: null, cancelReason: null,
  followUpOf: null, followedUpBy: null, leftoverDismissedAt: null, leftoverDismissedBy: null,
};
const bare: RequestRecord = { ...request, families: null, singleAdults: null, unaccompaniedMinors: null, specialNeeds: [], origin: null, note: null };
const offer: OfferRecord = {
  id: 3, requestId: 7, locationId: 1, locationName: 'Sporthal Ommen', municipality: 'Ommen', otherLocation: null, places: 5, note: null,
  offeredBy: 'UEDITOR2', createdAt: '2022-05-25T07:10:00Z', updatedAt: '2022-05-25T07:10:00Z', withdrawnAt: null, usedPlaces: null,
};

/** The texts of a message's blocks in order (a header, then each section), one entry per block. */
const blockTexts = (message: { blocks: any[] }): string[] => message.blocks.map((b) => visibleText({ blocks: [b] }));
const buttonsOf = (message: { blocks: any[] }) =>
  message.blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements.map((e: any) => [e.text.text, e.action_id]));

describe('noodknop.view: the broadcast reads in five seconds', () => {
  it('opens with the number and the time in Dutch, then what is still needed, the offers and who to call', () => {
    const message = broadcastMessage(request, [offer], '<!here>');
    const texts = blockTexts(message);
    expect(message.blocks[0]!.type).toBe('header');
    expect(texts[0]).toBe('Noodknop #7: 12 plekken nodig vóór do 26 mei 09:00');
    expect(texts[1]).toMatch(/^<!here> :rotating_light: \*Nog 7 nodig\* · 5 van 12 plekken aangeboden/);
    expect(texts[2]).toContain('• *5 plekken* · Sporthal Ommen (Ommen) · <@UEDITOR2>');
    expect(texts[3]!.split('\n')[0]).toBe('*Contact:* <@UEDITOR1>');
    expect(texts[3]!).toContain('*Samenstelling:* 3 gezinnen · 2 alleenstaande volwassenen · 1 alleenreizende minderjarige');
    expect(texts[3]!).toContain('*Toelichting:* Bus &lt;A&gt;');
    // Written by us: no Slack date token, which Slack would show in English.
    expect(JSON.stringify(message)).not.toContain('<!date');
    expect(message.text).toBe('<!here> Noodknop #7: 12 plekken nodig vóór do 26 mei 09:00 · nog 7 nodig');
    expect(blockKitViolations('message', message)).toEqual([]);
  });

  it('shows only the fields that were filled in', () => {
    const text = visibleText(broadcastMessage(bare, [], ''));
    expect(text).toContain('*Contact:* <@UEDITOR1>');
    for (const empty of ['Samenstelling', 'Bijzonderheden', 'Herkomst', 'Toelichting', 'niet opgegeven', 'geen opgegeven']) expect(text).not.toContain(empty);
    expect(text).toContain('*Aangeboden:* nog niets. Heb je plekken? Klik op *Plekken aanbieden*.');
  });

  it('names its buttons by what they do; confirming and cancelling say who may', () => {
    const message = broadcastMessage(request, [offer], '');
    expect(buttonsOf(message)).toEqual([
      ['Plekken aanbieden', NOODKNOP_OFFER_OPEN],
      ['Plaatsing bevestigen', NOODKNOP_PLACE_OPEN],
      ['Oproep annuleren', NOODKNOP_CANCEL_OPEN],
    ]);
    expect(visibleText(message)).toContain('plaatsing bevestigen en annuleren: <@UEDITOR1> of een beheerder');
    // Without offers there is nothing to confirm yet.
    expect(buttonsOf(broadcastMessage(request, [], '')).map(([, id]) => id)).toEqual([NOODKNOP_OFFER_OPEN, NOODKNOP_CANCEL_OPEN]);
  });

  it('once covered, says so first and who confirms the placement', () => {
    const text = blockTexts(broadcastMessage({ ...request, state: 'gedekt' }, [{ ...offer, places: 12 }], '<!here>'))[1];
    expect(text).toMatch(/^:white_check_mark: \*Gedekt\* · 12 van 12 plekken aangeboden · <@UEDITOR1> bevestigt de plaatsing/);
    // The mention is for open requests only.
    expect(text).not.toContain('<!here>');
  });

  it('a partial placement says how many are still without a place and offers a new noodknop for them', () => {
    const placed: RequestRecord = { ...request, state: 'geplaatst', closedBy: 'UEDITOR1', closedAt: '2022-05-25T10:00:00Z' };
    const message = broadcastMessage(placed, [{ ...offer, places: 12, usedPlaces: 10 }], '<!here>');
    expect(blockTexts(message)[1]).toBe(':warning: *10 van 12 geplaatst · 2 personen nog zonder plek* · bevestigd door <@UEDITOR1> op wo 25 mei 12:00');
    expect(buttonsOf(message)).toEqual([
      ['Nieuwe noodknop voor 2 personen', NOODKNOP_FOLLOW_UP_OPEN],
      ['Geen nieuwe noodknop nodig', NOODKNOP_LEFTOVER_DISMISS],
    ]);
    // No full bar for a partial placement.
    expect(visibleText(message)).not.toContain('▓▓▓▓▓▓▓▓▓▓');
    // Everyone placed: no follow-up.
    const all = broadcastMessage(placed, [{ ...offer, places: 12, usedPlaces: 12 }], '');
    expect(blockTexts(all)[1]).toMatch(/^:house: \*Geplaatst: 12 personen hebben een plek\*/);
    expect(buttonsOf(all)).toEqual([]);
  });

  it('once the people without a place are taken care of, the broadcast says how and offers no new noodknop', () => {
    const placed: RequestRecord = { ...request, state: 'geplaatst', closedBy: 'UEDITOR1', closedAt: '2022-05-25T10:00:00Z' };
    const offers = [{ ...offer, places: 12, usedPlaces: 10 }];
    const followed = broadcastMessage({ ...placed, followedUpBy: 9 }, offers, '');
    expect(blockTexts(followed)[1]).toContain('2 personen nog zonder plek');
    expect(blockTexts(followed)[1]).toContain('\nNieuwe oproep voor hen: noodknop #9');
    expect(buttonsOf(followed)).toEqual([]);
    const dismissed = broadcastMessage({ ...placed, leftoverDismissedAt: '2022-05-25T11:00:00Z', leftoverDismissedBy: 'UADMIN1' }, offers, '');
    expect(blockTexts(dismissed)[1]).toContain('\nGeen nieuwe noodknop nodig, vastgelegd door <@UADMIN1> op wo 25 mei 13:00');
    expect(buttonsOf(dismissed)).toEqual([]);
  });
});

describe('noodknop.view: the thread, reminders, the list', () => {
  it('a placement names the places used and the occupancy change per location, and who is left', () => {
    const message = closedReply({ ...request, state: 'geplaatst', closedBy: 'UEDITOR1' }, [{ offer, used: 5, occupied: { before: 20, after: 25 } }]);
    const text = visibleText(message);
    expect(text).toContain(':warning: *5 van 12 geplaatst · 7 personen nog zonder plek.* Bevestigd door <@UEDITOR1>.');
    expect(text).toContain('• 5 personen in Sporthal Ommen (Ommen) · bezetting 20 → 25');
    expect(buttonsOf(message)).toEqual([['Nieuwe noodknop voor 7 personen', NOODKNOP_FOLLOW_UP_OPEN]]);
  });

  it('the reminder carries the button itself, and the time in Dutch', () => {
    const message = reminderMessage(request, [offer], '<!here>', ['escalate']);
    expect(visibleText(message)).toContain('*Herinnering: nog 7 plekken nodig vóór do 26 mei 09:00*');
    expect(buttonsOf(message)).toEqual([['Plekken aanbieden', NOODKNOP_OFFER_OPEN]]);
  });

  it('the expiry DM says what to do, with the buttons to do it', () => {
    const message = expiredDirectMessage({ ...request, state: 'verlopen' }, [offer]);
    expect(visibleText(message)).toContain('*Je noodknop #7 is verlopen: nog 7 plekken nodig.* do 26 mei 09:00 is voorbij');
    expect(buttonsOf(message)).toEqual([
      ['Plaatsing bevestigen', NOODKNOP_PLACE_OPEN],
      ['Oproep annuleren', NOODKNOP_CANCEL_OPEN],
    ]);
  });

  it('the list says when nothing is open, and otherwise each request with what is missing first', () => {
    expect(visibleText(listMessage([]))).toContain('Er staan geen noodknop-oproepen open.');
    const message = listMessage([{ request, offers: [offer] }]);
    expect(visibleText(message)).toContain('*Noodknop #7: 12 plekken nodig vóór do 26 mei 09:00* · open · nog 7 nodig · 5 van 12 plekken aangeboden · oproep van <@UEDITOR1>');
    expect(visibleText(message)).toContain('Vroegste tijdstip eerst.');
    expect(JSON.stringify(message.blocks)).not.toContain(NOODKNOP_PLACE_OPEN);
  });

  it('the request form for a follow-up is prefilled with those still without a place', () => {
    const form = requestForm(new Date('2022-05-25T10:00:00Z'), { request: { ...request, state: 'geplaatst' }, persons: 2 });
    const field = (name: string) => form.items.find((i) => 'name' in i && i.name === name) as any;
    expect(field('persons').initial).toBe('2');
    expect(field('origin').initial).toBe('Ter Apel');
    expect(field('note').initial).toBe('Vervolg op noodknop #7: 2 personen nog zonder plek.');
    expect((form.items[0] as any).text).toContain('*Vervolg op noodknop #7: 2 personen nog zonder plek.*');
  });
});
