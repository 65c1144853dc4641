import { describe, expect, it } from 'vitest';
import { button } from '../../../src/blockkit/blocks';
import { HOME_REFRESH } from '../../../src/blockkit/ids';
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
  });
});
