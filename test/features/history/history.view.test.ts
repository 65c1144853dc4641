import { describe, expect, it } from 'vitest';
import type { AuditRow } from '../../../src/features/history/history';
import { historyMessage } from '../../../src/features/history/history.view';
import { blockKitViolations } from '../../support/conformance/block-kit-rules';
import { visibleText } from '../../support/bot';

const row = (over: Partial<AuditRow>): AuditRow => ({
  id: 1,
  at: '2022-05-24T12:00:00Z',
  actor: 'UEDITOR1',
  action: 'location.update',
  entity: 'location',
  entityId: '1',
  before: null,
  after: null,
  locationName: null,
  ...over,
});

describe('history.view: /opvang historie', () => {
  it('shows when, who, what and before → after, newest first, with the typed location name escaped', () => {
    const message = historyMessage('Historie Sporthal Ommen (Ommen)', [
      row({ before: { places: 75, occupied: 20 }, after: { places: 80, occupied: 30 }, locationName: 'Sporthal <Ommen>' }),
      row({ id: 2, at: '2022-05-23T12:00:00Z', actor: 'UADMIN1', action: 'role.grant', entity: 'user_role', entityId: 'UEDITOR1', before: { role: 'viewer' }, after: { role: 'editor' } }),
    ]);
    const text = visibleText(message);
    expect(text).toContain('• 24 mei 2022 14:00 · <@UEDITOR1> · locatie bijgewerkt *Sporthal &lt;Ommen&gt;*: plekken 75 → 80, bezet 20 → 30');
    expect(text).toContain('• 23 mei 2022 14:00 · <@UADMIN1> · rol gegeven <@UEDITOR1>: rol lezer → bewerker');
    expect(text.indexOf('24 mei')).toBeLessThan(text.indexOf('23 mei'));
    expect(blockKitViolations('message', message)).toEqual([]);
  });

  it('says so when nothing was recorded yet', () => {
    expect(visibleText(historyMessage('Laatste wijzigingen', []))).toContain('Nog geen wijzigingen vastgelegd.');
  });

  it('a location that no longer has a name shows its id', () => {
    expect(visibleText(historyMessage('Laatste wijzigingen', [row({ entityId: '42' })]))).toContain('locatie bijgewerkt locatie 42');
  });
});

describe('history.view: the notification text', () => {
  it('escapes a typed location name in the notification text, which Slack reads as mrkdwn', () => {
    const message = historyMessage('Historie <!channel> (Zwolle)', []);
    expect(message.text).toBe('Historie &lt;!channel&gt; (Zwolle)');
  });
});
