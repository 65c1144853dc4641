import { describe, expect, it } from 'vitest';
import { changesText, runStatusText } from '../../../src/features/digest/digest.view';

describe('digest.view: what the preview says about today’s run', () => {
  it('says when it will be posted, or that there is nowhere to post', () => {
    expect(runStatusText(undefined, 'C0DIGEST', false, '07:30')).toBe('Wordt vandaag om 07:30 gepost in <#C0DIGEST>.');
    expect(runStatusText(undefined, 'C0DIGEST', true, '07:30')).toBe('Vandaag nog niet gepost in <#C0DIGEST>; dat gebeurt binnen een kwartier.');
    expect(runStatusText(undefined, 'C0DIGEST', false, undefined)).toBe('Vandaag staat er geen overzicht op het schema voor <#C0DIGEST>.');
    expect(runStatusText(undefined, undefined, false, undefined)).toBe('DIGEST_CHANNEL is niet ingesteld: het overzicht wordt nergens gepost.');
  });

  const delivery = (over: Partial<Parameters<typeof runStatusText>[0] & object>) => ({
    id: 7, state: 'pending' as const, attempts: 0, createdAt: '2022-05-25T05:30:00Z', sentAt: null, ts: null, lastError: null, ...over,
  });

  it('reports a digest that failed for good with its attempts and Slack’s error escaped, and how an admin posts it', () => {
    expect(runStatusText(delivery({ state: 'failed', attempts: 1, lastError: 'HTTP <403>' }), 'C0DIGEST', true, '07:30')).toBe(
      ':warning: Posten in <#C0DIGEST> is mislukt (HTTP &lt;403&gt;, 1 poging); de bot probeert het niet meer vanzelf.',
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
