import { describe, expect, it } from 'vitest';
import { button } from '../../../src/blockkit/blocks';
import { HOME_REFRESH, NOODKNOP_FOLLOW_UP_OPEN, NOODKNOP_LEFTOVER_DISMISS, NOODKNOP_OFFER_OPEN } from '../../../src/blockkit/ids';
import { homeView } from '../../../src/features/home/home.view';
import { blockKitViolations } from '../../support/conformance/block-kit-rules';
import { visibleText } from '../../support/bot';
import { NOW, sampleStand } from '../../support/fixtures';

describe('home.view: the App Home', () => {
  it('shows the same stand as /opvang stand, the features’ buttons and when it was drawn', () => {
    const view = homeView(sampleStand(), NOW, [button('Noodknop', 'noodknop_home_open')]);
    const text = visibleText(view as never);
    expect(text).toContain('46.091 plekken · 38.950 bezet · *84,5%* bezettingsgraad');
    expect(text).toContain('IJsselland heeft nu dienst, nog 7 dagen');
    expect(text).toContain('Vernieuwen');
    expect(text).toContain('Noodknop');
    expect(text).toContain('Bijgewerkt 25 mei 2022 09:00');
    expect(JSON.stringify(view.blocks)).toContain(HOME_REFRESH);
    // The Home has no share button: it is already private to its reader.
    expect(text).not.toContain('Delen in kanaal');
    expect(blockKitViolations('home', view as never)).toEqual([]);
    // No chart uploaded yet: no picture.
    expect(view.blocks.some((b) => b.type === 'image')).toBe(false);
  });

  it('shows the latest digest chart above the stand, by its Slack file id (never a url too), with its alt text', () => {
    const chart = { fileId: 'F0CHART1', day: '2022-05-25', altText: 'Grafiek van de laatste 30 dagen: landelijk 84,5% op 25 mei.' };
    // Nothing needs action: the chart comes first.
    const view = homeView(sampleStand({ stale: [] }), NOW, [], chart);
    expect(view.blocks[0]).toEqual({
      type: 'image',
      block_id: 'home_chart',
      slack_file: { id: 'F0CHART1' },
      alt_text: chart.altText,
      title: { type: 'plain_text', text: 'Grafiek uit het ochtendoverzicht van 25 mei 2022' },
    });
    expect(visibleText(view as never)).toContain('46.091 plekken');
    expect(blockKitViolations('home', view as never)).toEqual([]);
  });

  it('opens with "Nu actie nodig" when a noodknop is open: above the chart and the stand', () => {
    const chart = { fileId: 'F0CHART1', day: '2022-05-25', altText: 'Grafiek' };
    const stand = sampleStand({ noodknop: [{ id: 4, persons: 7, neededBy: '2022-05-26T07:00:00Z', state: 'open', origin: null, requestedBy: 'UEDITOR1', offeredPlaces: 0 }] });
    const view = homeView(stand, NOW, [button('Noodknop', 'noodknop_home_open')], chart);
    expect(view.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Nu actie nodig' } });
    expect(view.blocks[1]).toMatchObject({
      type: 'section',
      text: { text: ':rotating_light: *Noodknop #4: nog 7 plekken nodig vóór do 26 mei 09:00*\nNog geen aanbod · oproep van <@UEDITOR1>' },
      accessory: { action_id: NOODKNOP_OFFER_OPEN, value: '4', text: { text: 'Plekken aanbieden' } },
    });
    const image = view.blocks.findIndex((b) => b.type === 'image');
    const standHeader = view.blocks.findIndex((b) => b.type === 'header' && (b as any).text.text.startsWith('Stand opvang'));
    expect(image).toBeGreaterThan(1);
    expect(standHeader).toBeGreaterThan(image);
    expect(blockKitViolations('home', view as never)).toEqual([]);
  });

  it('opens with the people a partial placement left without a place, with the new noodknop for them', () => {
    const stand = sampleStand({ noodknopLeftovers: [{ id: 5, persons: 12, placed: 10, closedAt: '2022-05-25T08:00:00Z', requestedBy: 'UEDITOR1' }] });
    const view = homeView(stand, NOW, [button('Noodknop', 'noodknop_home_open')]);
    expect(view.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Nu actie nodig' } });
    expect(view.blocks[1]).toMatchObject({ type: 'section', text: { text: expect.stringMatching(/^:warning: \*Noodknop #5: 2 personen nog zonder plek \(10 van 12 geplaatst\)\*/) } });
    expect(view.blocks[2]).toMatchObject({ type: 'actions', elements: [{ action_id: NOODKNOP_FOLLOW_UP_OPEN, value: '5' }, { action_id: NOODKNOP_LEFTOVER_DISMISS, value: '5' }] });
    expect(blockKitViolations('home', view as never)).toEqual([]);
    // All placed: no line.
    const placed = homeView(sampleStand({ noodknopLeftovers: [{ id: 5, persons: 12, placed: 12, closedAt: '2022-05-25T08:00:00Z', requestedBy: 'UEDITOR1' }] }), NOW, []);
    expect(JSON.stringify(placed.blocks)).not.toContain('Noodknop #5');
  });
});
