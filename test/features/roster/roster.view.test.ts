import { describe, expect, it } from 'vitest';
import { SHIFT_CLAIM, SHIFT_HAND_BACK } from '../../../src/blockkit/ids';
import { type DutyPeriod, type ShiftRecord, ourDuty } from '../../../src/features/roster/roster';
import { type Stay } from '../../../src/features/stays/stays';
import { gapsMessage, reminderMessage, rosterMessage, shiftsMessage, stayWarningMessage } from '../../../src/features/roster/roster.view';
import { blockKitViolations } from '../../support/conformance/block-kit-rules';
import { visibleText } from '../../support/bot';
import { NOW } from '../../support/fixtures';

const period: DutyPeriod = { id: 11, startsOn: '2022-05-18', endsOn: '2022-06-01', places: 150, regions: [{ code: 'VR25', name: 'Flevoland' }, { code: 'VR04', name: 'IJsselland' }] };
const shift = (over: Partial<ShiftRecord>): ShiftRecord => ({
  id: 1, locationId: 1, location: 'Sporthal Ommen', startsAt: '2022-05-25T13:00:00Z', endsAt: '2022-05-25T21:00:00Z',
  organisation: 'COA', role: 'Opvang', slackUserId: null, personName: null, version: 1, ...over,
});

describe('roster.view: /opvang rooster', () => {
  it('shows who is on duty today, the coming periods (end day inclusive) and our own duty', () => {
    const text = visibleText(
      rosterMessage({
        today: '2022-05-25',
        regionName: 'IJsselland',
        dutyToday: [period],
        coming: [{ ...period, id: 12, startsOn: '2022-06-01', endsOn: '2022-06-15', regions: [{ code: 'VR14', name: 'Gooi en Vechtstreek' }], note: null }],
        ourDuty: ourDuty(period, '2022-05-25', '2022-08-01'),
        isAdmin: false,
        editable: [],
      }),
    );
    expect(text).toContain('*Vandaag* (wo 25 mei) dienst: Flevoland + IJsselland');
    expect(text).toContain('• wo 1 jun t/m di 14 jun: Gooi en Vechtstreek · 150 plekken per dienst');
    expect(text).toContain('IJsselland heeft nu dienst, nog 7 dagen (t/m 31 mei 2022).');
  });
});

describe('roster.view: shifts', () => {
  it('marks open shifts, offers to take them and lets the holder give theirs back', () => {
    const message = shiftsMessage({ now: NOW, days: ['2022-05-25', '2022-05-26'], shifts: [shift({}), shift({ id: 2, slackUserId: 'UVOL1' })], userId: 'UVOL1', isAdmin: false });
    const text = visibleText(message);
    expect(text).toContain('2 diensten, *1 open* · jij hebt er 1');
    expect(text).toContain('• :red_circle: *OPEN* 15:00–23:00 · COA · Opvang · Sporthal Ommen');
    expect(text).toContain('• 15:00–23:00 · COA · Opvang · Sporthal Ommen · <@UVOL1>');
    expect(text).toContain('Ik neem deze dienst: 15:00–23:00 · COA');
    expect(text).toContain('Dienst teruggeven: wo 25 mei 15:00–23:00');
    const json = JSON.stringify(message.blocks);
    expect(json).toContain(SHIFT_CLAIM);
    expect(json).toContain(SHIFT_HAND_BACK);
    expect(json).not.toContain('Dienst toevoegen');
    expect(blockKitViolations('message', message)).toEqual([]);
  });

  it('the morning gaps post lists the open shifts of the next 48 hours with a button', () => {
    const text = visibleText(gapsMessage([shift({})]));
    expect(text).toContain(':warning: *Open diensten in de komende 48 uur: 1*');
    expect(text).toContain('• wo 25 mei 15:00–23:00 · COA · Opvang · Sporthal Ommen');
    expect(text).toContain('Ik neem deze dienst: wo 25 mei 15:00–23:00 · COA');
  });
});

describe('roster.view: the shift reminder carries its button', () => {
  it('says when the shift starts, in Dutch, with "Dienst teruggeven" in the message itself', () => {
    const message = reminderMessage(shift({ id: 9, slackUserId: 'UVOL1', startsAt: '2022-05-26T05:00:00Z', endsAt: '2022-05-26T13:00:00Z' }), 'day_before', NOW);
    expect(visibleText(message)).toContain('*Je dienst begint morgen om 07:00.*\ndo 26 mei 07:00–15:00 · COA · Opvang · Sporthal Ommen');
    const button = (message.blocks.find((b) => b.type === 'actions') as any).elements[0];
    expect(button).toMatchObject({ text: { text: 'Dienst teruggeven' }, value: 'reminder:9' });
    expect(button.action_id).toMatch(/^shift_hand_back:9$/);
    expect(visibleText(reminderMessage(shift({ startsAt: '2022-05-25T07:45:00Z' }), 'hour_before', NOW))).toContain('begint om 09:45 (over 45 minuten)');
    expect(blockKitViolations('message', message)).toEqual([]);
  });
});

describe('roster.view: the 14-day rule', () => {
  it('warns with the persons, the days stayed, the latest outflow date, and the location name escaped', () => {
    const stay: Stay = { id: 1, locationId: 1, location: 'Sporthal <Ommen>', persons: 4, arrivedOn: '2022-05-10', outflowDestination: null, warnedAt: null };
    const text = visibleText(stayWarningMessage([stay], '2022-05-25', 14));
    expect(text).toContain('*Uitstroom vastleggen: 4 personen zijn 12 dagen of langer in de CNO zonder uitstroombestemming.* Na 14 dagen gaan zij door naar een duurzame opvanglocatie (14-dagenregel).');
    expect(text).toContain('*4 personen* in Sporthal &lt;Ommen&gt; · aangekomen 10 mei · *15 dagen* in de CNO · uitstroom uiterlijk 24 mei');
    expect(text).toContain('Uitstroom vastleggen');
    // A phase with another maximum names its own notice day.
    expect(visibleText(stayWarningMessage([stay], '2022-05-25', 10))).toContain('4 personen zijn 8 dagen of langer in de CNO');
  });
});
