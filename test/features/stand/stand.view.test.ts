import { describe, expect, it } from 'vitest';
import { STAND_SHARE } from '../../../src/blockkit/ids';
import { municipalityMessage, standMessage } from '../../../src/features/stand/stand.view';
import { blockKitViolations } from '../../support/conformance/block-kit-rules';
import { visibleText } from '../../support/bot';
import { location, sampleStand } from '../../support/fixtures';

const buttons = (message: { blocks: unknown[] }) => JSON.stringify(message.blocks).match(/"action_id":"[^"]+"/g) ?? [];

describe('stand.view: /opvang stand as a reader sees it', () => {
  it('shows the national figures in nl-NL with the change since the previous reference date', () => {
    const text = visibleText(standMessage(sampleStand()));
    expect(text).toContain('46.091 plekken · 38.950 bezet · *84,5%* bezettingsgraad');
    expect(text).toContain('Peildatum 24 mei 2022 · bron: COA');
    expect(text).toContain('Sinds 17 mei 2022: +591 plekken, -250 bezet');
  });

  it('shows each target group against its target with a bar, what is left and the days to go', () => {
    const text = visibleText(standMessage(sampleStand()));
    expect(text).toContain('*Oekraïners (GOO)*: 1.200 plekken, 1.010 bezet · 9 locaties');
    expect(text).toContain('1.200 van 1.500 (80,0%) · nog 300 te gaan · nog 37 dagen');
    expect(text).toContain('Taakstelling GOO vóór 1 juli 2022 _(hoge prioriteit)_');
    expect(text).toContain('*Crisisnoodopvang (CNO)*: 75 plekken, 20 bezet · 1 locatie');
  });

  it('escapes a typed location name in the pipeline and marks an estimate with ca.', () => {
    const text = visibleText(standMessage(sampleStand()));
    expect(text).toContain('• Hotel &lt;De Brug&gt; (Zwolle): ca. 150 plekken, open vanaf 15 juni 2022');
    expect(text).not.toContain('<De Brug>');
  });

  it('says who is on CNO duty today and that our region is on duty, with the days left', () => {
    const text = visibleText(standMessage(sampleStand()));
    expect(text).toContain('Vandaag (tot di 31 mei): Flevoland + IJsselland');
    expect(text).toContain('IJsselland heeft nu dienst, nog 7 dagen (t/m 31 mei 2022).');
  });

  it('warns about out-of-date figures and names who last wrote them', () => {
    expect(visibleText(standMessage(sampleStand()))).toContain('• Kazerne (Ommen): 15 dagen oud, laatst door <@UEDITOR1>');
    expect(visibleText(standMessage(sampleStand({ stale: [] })))).not.toContain('Verouderde cijfers');
  });

  it('offers "Delen in kanaal" privately, and says who shared it once shared', () => {
    const mine = standMessage(sampleStand());
    expect(visibleText(mine)).toContain('Delen in kanaal');
    expect(buttons(mine)).toContain(`"action_id":"${STAND_SHARE}"`);
    const shared = standMessage(sampleStand(), 'UADMIN1');
    expect(visibleText(shared)).toContain('Gedeeld door <@UADMIN1>');
    expect(buttons(shared)).not.toContain(`"action_id":"${STAND_SHARE}"`);
    expect(blockKitViolations('message', mine)).toEqual([]);
  });

  it('without national figures or groups it says so instead of showing zeros', () => {
    const text = visibleText(standMessage(sampleStand({ national: [], groups: [], targets: [] })));
    expect(text).not.toContain('46.091');
    expect(text).toMatch(/[Gg]een landelijke cijfers/);
  });
});

describe('stand.view: /opvang stand <gemeente>', () => {
  it('lists the locations with their free places and flags overoccupancy', () => {
    const message = municipalityMessage('Ommen', [location(), location({ id: 2, name: 'Hal <B>', places: 10, occupied: 12 })], '2022-05-25', 7);
    const text = visibleText(message);
    expect(text).toContain('75 plekken, 20 bezet, 55 beschikbaar');
    expect(text).toContain('Hal &lt;B&gt;');
    expect(text).toContain(':warning: overbezet');
    expect(blockKitViolations('message', message)).toEqual([]);
  });
});
