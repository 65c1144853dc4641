import { describe, expect, it } from 'vitest';
import { NOODKNOP_OFFER_OPEN, NOODKNOP_PLACE_OPEN } from '../../../src/blockkit/ids';
import type { OfferRecord, RequestRecord } from '../../../src/features/noodknop/noodknop';
import { broadcastMessage, closedReply, listMessage } from '../../../src/features/noodknop/noodknop.view';
import { blockKitViolations } from '../../support/conformance/block-kit-rules';
import { visibleText } from '../../support/bot';

const request: RequestRecord = {
  id: 7, persons: 12, families: 3, singleAdults: 2, unaccompaniedMinors: 1, specialNeeds: ['rolstoel'], origin: 'Ter Apel',
  neededBy: '2022-05-26T07:00:00Z', contact: null, note: 'Bus <A>', state: 'open', channelId: 'C1', messageTs: '1.1',
  requestedBy: 'UEDITOR1', createdAt: '2022-05-25T07:00:00Z', closedAt: null, closedBy: null, cancelReason: null,
};
const offer: OfferRecord = {
  id: 3, requestId: 7, locationId: 1, locationName: 'Sporthal Ommen', municipality: 'Ommen', otherLocation: null, places: 5, note: null,
  offeredBy: 'UEDITOR2', createdAt: '2022-05-25T07:10:00Z', updatedAt: '2022-05-25T07:10:00Z', withdrawnAt: null, usedPlaces: null,
};

describe('noodknop.view: the broadcast in the channel', () => {
  it('says who needs what by when, with the composition and the typed note escaped', () => {
    const text = visibleText(broadcastMessage(request, [], '<!here>'));
    expect(text).toContain('<!here> *Noodknop #7*: opvang nodig voor *12 personen* vóór');
    expect(text).toContain('|26 mei 2022 09:00>');
    expect(text).toContain('*Samenstelling:* 3 gezinnen · 2 alleenstaande volwassenen · 1 alleenreizende minderjarige');
    expect(text).toContain('*Bijzonderheden:* Rolstoeltoegankelijk');
    expect(text).toContain('*Toelichting:* Bus &lt;A&gt;');
    expect(text).toContain(':rotating_light: *OPEN* · 0 van 12 plekken aangeboden · nog *12* nodig');
  });

  it('counts the offers and lists each with its location and who offered it', () => {
    const message = broadcastMessage(request, [offer], '');
    const text = visibleText(message);
    expect(text).toContain('5 van 12 plekken aangeboden · nog *7* nodig');
    expect(text).toContain('• *5 plekken* · Sporthal Ommen (Ommen) · <@UEDITOR2>');
    expect(JSON.stringify(message.blocks)).toContain(NOODKNOP_OFFER_OPEN);
    expect(blockKitViolations('message', message)).toEqual([]);
  });

  it('once covered, says GEDEKT and asks the requester to confirm the placement', () => {
    const text = visibleText(broadcastMessage({ ...request, state: 'gedekt' }, [{ ...offer, places: 12 }], ''));
    expect(text).toContain('*GEDEKT* · 12 van 12 plekken aangeboden');
    expect(text).toContain('de aanvrager bevestigt de plaatsing met *Geplaatst*');
  });
});

describe('noodknop.view: closing and the list', () => {
  it('a placement names the places used and the occupancy change per location', () => {
    const text = visibleText(closedReply({ ...request, state: 'geplaatst', closedBy: 'UEDITOR1' }, [{ offer, used: 5, occupied: { before: 20, after: 25 } }]));
    expect(text).toContain('<@UEDITOR1> bevestigt: *5 van 12 personen geplaatst*.');
    expect(text).toContain('• 5 personen in Sporthal Ommen (Ommen) · bezetting 20 → 25');
  });

  it('the list says when nothing is open, and otherwise each request with its state and coverage', () => {
    expect(visibleText(listMessage([]))).toContain('Er staan geen noodknop-oproepen open.');
    const message = listMessage([{ request, offers: [offer] }]);
    expect(visibleText(message)).toContain('*#7* · *open* · 12 personen vóór');
    expect(visibleText(message)).toContain('5 van 12 plekken aangeboden · nog 7 nodig · door <@UEDITOR1>');
    expect(JSON.stringify(message.blocks)).not.toContain(NOODKNOP_PLACE_OPEN);
  });
});
