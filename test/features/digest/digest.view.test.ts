import { describe, expect, it } from 'vitest';
import { changesText, runStatusText } from '../../../src/features/digest/digest.view';

describe('digest.view: what the preview says about today’s run', () => {
  it('says when it will be posted, or that there is nowhere to post', () => {
    expect(runStatusText(undefined, 'C0DIGEST', false, '07:30')).toBe('Wordt vandaag om 07:30 gepost in <#C0DIGEST>.');
    expect(runStatusText(undefined, 'C0DIGEST', true, '07:30')).toBe('Vandaag nog niet gepost in <#C0DIGEST>; dat gebeurt binnen een kwartier.');
    expect(runStatusText(undefined, 'C0DIGEST', false, undefined)).toBe('Vandaag staat er geen overzicht op het schema voor <#C0DIGEST>.');
    expect(runStatusText(undefined, undefined, false, undefined)).toBe('DIGEST_CHANNEL is niet ingesteld: het overzicht wordt nergens gepost.');
  });

  it('reports a failed post with its attempts and Slack’s error escaped', () => {
    const run = { channelId: 'C0DIGEST', day: '2022-05-25', state: 'failed' as const, attempts: 2, startedAt: '2022-05-25T05:30:00Z', sentAt: null, messageTs: null, error: 'HTTP <500>' };
    expect(runStatusText(run, 'C0DIGEST', true, '07:30')).toBe(':warning: Posten in <#C0DIGEST> is 2× mislukt (HTTP &lt;500&gt;); de bot probeert het elk kwartier opnieuw.');
  });

  it('a sent digest says at what time', () => {
    const run = { channelId: 'C0DIGEST', day: '2022-05-25', state: 'sent' as const, attempts: 1, startedAt: '2022-05-25T05:30:00Z', sentAt: '2022-05-25T05:30:02Z', messageTs: '1.1', error: null };
    expect(runStatusText(run, 'C0DIGEST', true, '07:30')).toBe('Vandaag al gepost in <#C0DIGEST> om 07:30.');
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
