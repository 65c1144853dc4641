import { describe, expect, it } from 'vitest';
import { computeDigest, type DigestInput } from '../../../src/features/digest/digest';
import { changesText, digestMessage, runStatusText } from '../../../src/features/digest/digest.view';
import { NOODKNOP_FOLLOW_UP_OPEN, NOODKNOP_LEFTOVER_DISMISS, NOODKNOP_OFFER_OPEN } from '../../../src/blockkit/ids';
import { TARGET_GROUP_LABELS } from '../../../src/domain/vocabulary';
import { blockKitViolations } from '../../support/conformance/block-kit-rules';
import { visibleText } from '../../support/bot';
import { NOW, sampleStand } from '../../support/fixtures';
import type { StandInput } from '../../../src/features/stand/stand';

/** A digest of the fixture's stand, with 14 days of history in which the Oekraïners' places grew by `growth`. */
function digest(stand: Partial<StandInput> = {}, growth = 14): ReturnType<typeof computeDigest> {
  const input: DigestInput = {
    now: NOW,
    stand: sampleStand(stand),
    locations: [],
    shifts: [],
    stays: [],
    maxStayDays: 14,
    history: [
      { locationId: 1, targetGroup: 'oekrainers', recordedAt: '2022-05-11T08:00:00Z', stage: 'operationeel', places: 1_200 - growth },
      { locationId: 1, targetGroup: 'oekrainers', recordedAt: '2022-05-24T08:00:00Z', stage: 'operationeel', places: 1_200 },
    ],
    national: [],
    nationalLabel: 'Oekraïners (noodopvang gemeenten)',
  };
  return computeDigest(input, (g) => TARGET_GROUP_LABELS[g]);
}

describe('digest.view: what needs action first', () => {
  it('an open noodknop is the first thing in the digest, before the figures, with its button', () => {
    const message = digestMessage(digest({ noodknop: [{ id: 2, persons: 7, neededBy: '2022-05-26T03:00:00Z', state: 'open', origin: null, requestedBy: 'UEDITOR1', offeredPlaces: 3 }] }));
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Nu actie nodig' } });
    expect(message.blocks[1]).toMatchObject({ type: 'section', accessory: { action_id: NOODKNOP_OFFER_OPEN, value: '2' } });
    expect(visibleText({ blocks: [message.blocks[1]!] })).toContain('*Noodknop #2: nog 4 plekken nodig vóór do 26 mei 05:00*\n3 van 7 plekken aangeboden');
    const overview = message.blocks.findIndex((b) => b.type === 'header' && (b as any).text.text.startsWith('Ochtendoverzicht'));
    expect(overview).toBeGreaterThan(1);
    expect(message.text).toMatch(/^Nu actie nodig: noodknop #2, nog 4 plekken nodig vóór do 26 mei 05:00 · Ochtendoverzicht/);
    // The requests are not repeated further down.
    expect(visibleText(message).match(/Noodknop #2/g)).toHaveLength(1);
    expect(blockKitViolations('message', message)).toEqual([]);
  });

  it('the people a partial placement left without a place are the first thing in the digest, with the new noodknop for them', () => {
    const message = digestMessage(digest({ noodknopLeftovers: [{ id: 3, persons: 12, placed: 10, closedAt: '2022-05-24T18:00:00Z', requestedBy: 'UEDITOR1' }] }));
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Nu actie nodig' } });
    expect(visibleText({ blocks: [message.blocks[1]!] })).toContain('*Noodknop #3: 2 personen nog zonder plek (10 van 12 geplaatst)*');
    expect(message.blocks[2]).toMatchObject({ type: 'actions', elements: [{ action_id: NOODKNOP_FOLLOW_UP_OPEN, value: '3' }, { action_id: NOODKNOP_LEFTOVER_DISMISS, value: '3' }] });
    expect(message.text).toMatch(/^Nu actie nodig: noodknop #3, 2 personen nog zonder plek · Ochtendoverzicht/);
    expect(blockKitViolations('message', message)).toEqual([]);
    // Everyone placed: nothing to do about it.
    const all = digestMessage(digest({ stale: [], noodknopLeftovers: [{ id: 3, persons: 12, placed: 12, closedAt: '2022-05-24T18:00:00Z', requestedBy: 'UEDITOR1' }] }));
    expect(visibleText(all)).not.toContain('Nu actie nodig');
  });

  it('without anything to do it opens with the overview itself', () => {
    const message = digestMessage(digest({ stale: [] }));
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Ochtendoverzicht opvang IJsselland · 25 mei 2022' } });
    expect(visibleText(message)).not.toContain('Nu actie nodig');
  });

  it('says what a pace means for a person: which date is not reachable and how many places are still needed', () => {
    // 300 places to go by 1 July (37 days), at 1 a day over 14 days.
    const text = visibleText(digestMessage(digest({}, 14)));
    expect(text).toContain(':warning: *1 juli niet haalbaar bij dit tempo: nog 300 plekken nodig*, 9 per dag (afgelopen 14 dagen: +14 plekken).');
    expect(text).not.toMatch(/dagen te laat/);
    // Without growth.
    expect(visibleText(digestMessage(digest({}, 0)))).toContain(':warning: *1 juli niet haalbaar zonder groei: nog 300 plekken nodig*, 9 per dag (afgelopen 14 dagen: 0 plekken).');
    // On track.
    expect(visibleText(digestMessage(digest({}, 280)))).toContain(':white_check_mark: Op koers: bij dit tempo gehaald rond 9 juni (afgelopen 14 dagen: +280 plekken).');
  });
});

describe('digest.view: what the preview says about today’s run', () => {
  it('says when it will be posted, or that there is nowhere to post', () => {
    expect(runStatusText(undefined, 'C0DIGEST', false, '07:30')).toBe('Wordt vandaag om 07:30 gepost in <#C0DIGEST>.');
    expect(runStatusText(undefined, 'C0DIGEST', true, '07:30')).toBe('Vandaag nog niet gepost in <#C0DIGEST>; dat gebeurt binnen een kwartier.');
    expect(runStatusText(undefined, 'C0DIGEST', false, undefined)).toBe('Vandaag staat er geen overzicht op het schema voor <#C0DIGEST>.');
    expect(runStatusText(undefined, undefined, false, undefined)).toBe('Er is geen kanaal voor het ochtendoverzicht ingesteld: het wordt nergens gepost. Wie de bot heeft geïnstalleerd, stelt het kanaal in.');
  });

  const delivery = (over: Partial<Parameters<typeof runStatusText>[0] & object>) => ({
    id: 7, state: 'pending' as const, attempts: 0, createdAt: '2022-05-25T05:30:00Z', sentAt: null, ts: null, lastError: null, ...over,
  });

  it('reports a digest that failed for good with its attempts and Slack’s error escaped, and how an admin posts it', () => {
    expect(runStatusText(delivery({ state: 'failed', attempts: 1, lastError: 'HTTP <403>' }), 'C0DIGEST', true, '07:30')).toBe(
      ':warning: Posten in <#C0DIGEST> is mislukt: Slack weigerde het bericht (Slack: `HTTP &lt;403&gt;`, 1 poging). De bot probeert het niet meer vanzelf.',
    );
  });

  it('a digest Slack did not take yet is being retried, and will be there once', () => {
    expect(runStatusText(delivery({ attempts: 0 }), 'C0DIGEST', true, '07:30')).toBe('Wordt nu gepost in <#C0DIGEST>.');
    expect(runStatusText(delivery({ attempts: 3, lastError: 'HTTP <500>' }), 'C0DIGEST', true, '07:30')).toBe(
      ':hourglass: Slack nam het overzicht nog niet aan (HTTP &lt;500&gt;, 3 pogingen). De bot probeert het opnieuw en kijkt eerst of het er al staat: het komt één keer in <#C0DIGEST>.',
    );
  });

  it('a sent digest says at what time', () => {
    expect(runStatusText(delivery({ state: 'sent', attempts: 1, sentAt: '2022-05-25T05:30:02Z', ts: '1.1' }), 'C0DIGEST', true, '07:30')).toBe('Vandaag al gepost in <#C0DIGEST> om 07:30.');
  });
});

describe('digest.view: changes since yesterday', () => {
  it('sums the changes and lists each location before → after with the difference, name escaped', () => {
    const text = changesText([
      { id: 1, name: 'Hal <A>', municipality: 'Ommen', isNew: false, now: { stage: 'operationeel', places: 80, occupied: 30 }, before: { stage: 'operationeel', places: 75, occupied: 20 }, placesChange: 5, occupiedChange: 10, stageChanged: false },
    ]);
    expect(text).toContain('*Sinds gisteren*: 1 locatie gewijzigd · +5 plekken, +10 bezet');
    expect(text).toContain('• Hal &lt;A&gt; (Ommen): plekken 75 → 80 (+5), bezet 20 → 30 (+10)');
  });
});
