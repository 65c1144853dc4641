import { describe, expect, it } from 'vitest';
import { HOME_LOCATION_UPDATE, NOODKNOP_FOLLOW_UP_OPEN, NOODKNOP_LEFTOVER_DISMISS, NOODKNOP_OFFER_OPEN, NOODKNOP_PLACE_OPEN, SHIFT_LIST_OPEN, STAND_SHARE, STAY_OUTFLOW_OPEN } from '../../../src/blockkit/ids';
import type { LeftoverRow, NoodknopRow } from '../../../src/features/noodknop/noodknop';
import { municipalityMessage, standMessage } from '../../../src/features/stand/stand.view';
import { blockKitViolations } from '../../support/conformance/block-kit-rules';
import { visibleText } from '../../support/bot';
import { location, sampleStand } from '../../support/fixtures';

const buttons = (message: { blocks: unknown[] }) => JSON.stringify(message.blocks).match(/"action_id":"[^"]+"/g) ?? [];

describe('stand.view: /opvang stand as a reader sees it', () => {
  it('shows the national figures in nl-NL with the change since the previous reference date', () => {
    const text = visibleText(standMessage(sampleStand()));
    expect(text).toContain('46.091 plekken · 38.950 bezet · *84,5%* bezettingsgraad');
    expect(text).toContain('Peildatum 24 mei 2022 · bron: Rijksoverheid');
    expect(text).toContain('Sinds 17 mei 2022: +591 plekken, -250 bezet');
  });

  it('names the population in every national heading and shows no change between different sources', () => {
    const text = visibleText(
      standMessage(
        sampleStand({
          national: [
            [
              { asOf: '2022-05-24', population: 'asielzoekers_coa', places: 40_000, occupied: 39_000, source: 'COA' },
              { asOf: '2022-05-17', population: 'asielzoekers_coa', places: 39_000, occupied: 38_000, source: ' coa ' },
            ],
            [
              { asOf: '2022-05-20', population: 'oekrainers_gemeenten', places: 46_091, occupied: 38_950, source: 'Rijksoverheid' },
              { asOf: '2022-05-13', population: 'oekrainers_gemeenten', places: 45_500, occupied: 39_200, source: null },
            ],
          ],
        }),
      ),
    );
    expect(text).toContain('*Landelijk: Asielzoekers (COA)*\n40.000 plekken · 39.000 bezet');
    expect(text).toContain('Sinds 17 mei 2022: +1.000 plekken, +1.000 bezet');
    expect(text).toContain('*Landelijk: Oekraïners (noodopvang gemeenten)*\n46.091 plekken');
    expect(text).toContain('De cijfers van 13 mei 2022 komen uit een andere bron: geen verschil berekend.');
    expect(text).not.toContain('Sinds 13 mei');
    expect(text.indexOf('Asielzoekers (COA)*')).toBeLessThan(text.indexOf('Oekraïners (noodopvang gemeenten)*'));
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
    expect(text).toContain('Vandaag (t/m di 31 mei): Flevoland + IJsselland');
    expect(text).toContain('IJsselland heeft nu dienst, nog 7 dagen (t/m 31 mei 2022).');
  });

  it('warns about out-of-date figures and names who last wrote them', () => {
    expect(visibleText(standMessage(sampleStand()))).toContain('• Kazerne (Ommen): 15 dagen oud, laatst bijgewerkt door <@UEDITOR1>');
    // Figures loaded from the slides name no system account.
    const seeded = visibleText(standMessage(sampleStand({ stale: [{ id: 4, name: 'Woonunits', municipality: 'Dalfsen', updatedAt: '2022-05-10T10:00:00Z', updatedBy: 'seed' }] })));
    expect(seeded).toContain('laatst bijgewerkt door de startgegevens');
    expect(seeded).not.toContain('seed');
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

const request = (over: Partial<NoodknopRow> = {}): NoodknopRow => ({
  id: 1, persons: 12, neededBy: '2022-06-21T07:00:00Z', state: 'open', origin: null, requestedBy: 'UEDITOR1', offeredPlaces: 2, ...over,
});
const leftover = (over: Partial<LeftoverRow> = {}): LeftoverRow => ({
  id: 1, persons: 12, placed: 10, closedAt: '2022-05-25T08:00:00Z', requestedBy: 'UEDITOR1', ...over,
});
/** The blocks' texts in order, with the action_id of a section's button. */
const outline = (message: { blocks: any[] }) =>
  message.blocks.map((b) => `${b.type}: ${visibleText({ blocks: [{ ...b, accessory: undefined }] }).split('\n')[0]}${b.accessory ? ` [${b.accessory.action_id}]` : ''}`);

describe('stand.view: "Nu actie nodig" first', () => {
  it('an open noodknop is the first thing in the stand, with its deadline, what is missing and its button', () => {
    const stand = sampleStand({ noodknop: [request()] });
    const message = standMessage(stand);
    expect(outline(message).slice(0, 3)).toEqual([
      'header: Nu actie nodig',
      `section: :rotating_light: *Noodknop #1: nog 10 plekken nodig vóór di 21 jun 09:00* [${NOODKNOP_OFFER_OPEN}]`,
      // the stale location of the fixture, with its button
      `section: :warning: *Cijfers bijwerken: 1 locatie langer dan 7 dagen niet bijgewerkt* [${HOME_LOCATION_UPDATE}]`,
    ]);
    // The notification says it too, before anything else.
    expect(message.text).toMatch(/^Nu actie nodig: noodknop #1, nog 10 plekken nodig vóór di 21 jun 09:00 · Stand opvang IJsselland/);
    expect(blockKitViolations('message', message)).toEqual([]);
  });

  it('puts people without a place first, then staffing, the 14-day rule and old figures, each with its button', () => {
    const stand = sampleStand({
      noodknop: [
        request({ id: 3, state: 'gedekt', offeredPlaces: 12, neededBy: '2022-06-20T07:00:00Z' }),
        request({ id: 2, state: 'verlopen', offeredPlaces: 4, neededBy: '2022-06-19T07:00:00Z' }),
        request({ id: 1 }),
      ],
      // Two open shifts tomorrow, one the day after (Amsterdam days), one started this morning and still open.
      openShifts: [{ startsAt: '2022-05-26T05:00:00Z' }, { startsAt: '2022-05-26T13:00:00Z' }, { startsAt: '2022-05-27T05:00:00Z' }, { startsAt: '2022-05-25T04:00:00Z' }],
      cnoStays: { persons: 40, maxStayDays: 14, dueDay: 12, due: 30, dueWithoutDestination: 25, dueGroupsWithoutDestination: 2, overdue: 0 },
    });
    expect(outline(standMessage(stand)).slice(0, 8)).toEqual([
      'header: Nu actie nodig',
      `section: :rotating_light: *Noodknop #1: nog 10 plekken nodig vóór di 21 jun 09:00* [${NOODKNOP_OFFER_OPEN}]`,
      `section: :warning: *Noodknop #2 verlopen: nog 8 personen zonder plek* [${NOODKNOP_PLACE_OPEN}]`,
      `section: :white_check_mark: *Noodknop #3 gedekt: plaatsing nog bevestigen* [${NOODKNOP_PLACE_OPEN}]`,
      `section: :busts_in_silhouette: *Bemensing: 4 open diensten in de komende 48 uur* [${SHIFT_LIST_OPEN}]`,
      `section: :hourglass_flowing_sand: *Uitstroom vastleggen: 25 personen 12 dagen of langer in de CNO* [${STAY_OUTFLOW_OPEN}]`,
      `section: :warning: *Cijfers bijwerken: 1 locatie langer dan 7 dagen niet bijgewerkt* [${HOME_LOCATION_UPDATE}]`,
      'divider: ',
    ]);
    const text = visibleText(standMessage(stand));
    // Open shifts as counts per day.
    expect(text).toContain('wo 25 mei: 1 · do 26 mei: 2 · vr 27 mei: 1');
    expect(text).toContain('Het oudst: Kazerne (Ommen), 15 dagen oud.');
    // The stale button opens that location's form.
    expect(JSON.stringify(standMessage(stand).blocks)).toContain(`"action_id":"${HOME_LOCATION_UPDATE}","value":"3"`);
  });

  it('keeps the people a partial placement left without a place first, with the new noodknop for them and "Geen nieuwe noodknop nodig"', () => {
    const stand = sampleStand({ noodknopLeftovers: [leftover()] });
    const message = standMessage(stand);
    expect(outline(message).slice(0, 4)).toEqual([
      'header: Nu actie nodig',
      'section: :warning: *Noodknop #1: 2 personen nog zonder plek (10 van 12 geplaatst)*',
      'actions: Nieuwe noodknop voor 2 personen',
      `section: :warning: *Cijfers bijwerken: 1 locatie langer dan 7 dagen niet bijgewerkt* [${HOME_LOCATION_UPDATE}]`,
    ]);
    expect(visibleText(message)).toContain('Geplaatst op wo 25 mei 10:00 · oproep van <@UEDITOR1>');
    expect(message.blocks[2]).toMatchObject({
      type: 'actions',
      elements: [
        { action_id: NOODKNOP_FOLLOW_UP_OPEN, value: '1', text: { text: 'Nieuwe noodknop voor 2 personen' } },
        { action_id: NOODKNOP_LEFTOVER_DISMISS, value: '1', text: { text: 'Geen nieuwe noodknop nodig' }, confirm: {} },
      ],
    });
    expect(message.text).toMatch(/^Nu actie nodig: noodknop #1, 2 personen nog zonder plek · Stand opvang/);
    expect(blockKitViolations('message', message)).toEqual([]);
  });

  it('puts the people left without a place after open and expired requests and before covered ones; one person is "1 persoon"', () => {
    const stand = sampleStand({
      noodknop: [request({ id: 3, state: 'gedekt', offeredPlaces: 12 }), request({ id: 2, state: 'verlopen', offeredPlaces: 4 }), request({ id: 4 })],
      noodknopLeftovers: [leftover({ id: 1, placed: 11 })],
    });
    expect(outline(standMessage(stand)).filter((l) => l.startsWith('section')).slice(0, 4)).toEqual([
      `section: :rotating_light: *Noodknop #4: nog 10 plekken nodig vóór di 21 jun 09:00* [${NOODKNOP_OFFER_OPEN}]`,
      `section: :warning: *Noodknop #2 verlopen: nog 8 personen zonder plek* [${NOODKNOP_PLACE_OPEN}]`,
      'section: :warning: *Noodknop #1: 1 persoon nog zonder plek (11 van 12 geplaatst)*',
      `section: :white_check_mark: *Noodknop #3 gedekt: plaatsing nog bevestigen* [${NOODKNOP_PLACE_OPEN}]`,
    ]);
  });

  it('shows nothing for a request whose people all have a place', () => {
    const message = standMessage(sampleStand({ noodknopLeftovers: [leftover({ placed: 12 })], stale: [] }));
    expect(visibleText(message)).not.toContain('Nu actie nodig');
    expect(JSON.stringify(message.blocks)).not.toContain(NOODKNOP_FOLLOW_UP_OPEN);
  });

  it('shows no section at all when nothing needs action (not an empty one)', () => {
    const message = standMessage(sampleStand({ stale: [] }));
    expect(visibleText(message)).not.toContain('Nu actie nodig');
    expect(outline(message)[0]).toBe('header: Stand opvang IJsselland · 25 mei 2022');
    expect(message.text).toMatch(/^Stand opvang IJsselland/);
  });

  it('names more than five requests by count, pointing to the list', () => {
    const many = Array.from({ length: 8 }, (_, i) => request({ id: i + 1 }));
    const text = visibleText(standMessage(sampleStand({ noodknop: many })));
    expect(text).toContain('Noodknop #5:');
    expect(text).not.toContain('Noodknop #6:');
    expect(text).toContain('…en 3 oproepen meer: `/opvang noodknop lijst`');
  });
});

describe('stand.view: /opvang stand <gemeente>', () => {
  it('lists the locations with their free places and flags overoccupancy', () => {
    const message = municipalityMessage('Ommen', [location(), location({ id: 2, name: 'Hal <B>', places: 10, occupied: 12 })], '2022-05-25', 7);
    const text = visibleText(message);
    expect(text).toContain('75 plekken, 20 bezet, 55 vrij');
    expect(text).toContain('Hal &lt;B&gt;');
    expect(text).toContain(':warning: overbezet');
    expect(blockKitViolations('message', message)).toEqual([]);
  });
});
