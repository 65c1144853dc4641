import { describe, expect, it } from 'vitest';
import { glossaryProblems } from '../../src/domain/glossary';
import { overdueMessage, notMineMessage, type OverdueItem } from '../../src/features/overdue/overdue.view';
import type { ItemState } from '../../src/features/overdue/overdue';
import { thresholdAlertMessage, thresholdFooterText, thresholdsForm, thresholdsSavedMessage, type FigureChange } from '../../src/features/capacity/thresholds.view';
import { NATIONAL_THRESHOLD_LABEL, type ThresholdEvent, type ThresholdSettings } from '../../src/features/capacity/thresholds';
import { standMessage } from '../../src/features/stand/stand.view';
import { formModal } from '../../src/slack/form-modal';
import { glossaryViolations, textsOf } from '../support/rendered';
import { location, promptRow, sampleStand } from '../support/fixtures';

/**
 * Issue 15's messages in issue 16's words: every state of the overdue questions (first question,
 * reminder, admins' list, each answer), "niet mijn locatie", the threshold alert and its
 * "hersteld" for each kind, the drempels form, its saved message and the stand's footer, all
 * through the glossary check the conformance run uses. The run reaches only some of these states.
 */
const TODAY = '2022-06-03';


const states: ItemState[] = [
  { kind: 'open' },
  { kind: 'confirmed', by: 'UEDITOR1', at: '2022-06-02T08:00:00Z' },
  { kind: 'updated', by: 'UEDITOR2', at: '2022-06-02T09:00:00Z' },
  { kind: 'disowned', by: 'UEDITOR1' },
];

const items = (n: number): OverdueItem[] =>
  Array.from({ length: n }, (_, i) => ({
    location: location({ id: i + 1, name: `Locatie ${i + 1}`, ownerId: 'UEDITOR1' }),
    prompt: promptRow({ locationId: i + 1 }),
    state: states[i % states.length]!,
  }));

const settings: ThresholdSettings = { minFree: { oekrainers: 100, cno: 1 }, maxLocationOccupancy: 95, nationalOccupancy: 90 };

const events: ThresholdEvent[] = (['crossed', 'recovered'] as const).flatMap((transition) => [
  { kind: 'min_free', subject: 'oekrainers', threshold: 100, before: { free: 120 }, after: { free: transition === 'crossed' ? 60 : 130 }, label: 'Oekraïners (GOO)', transition, events: 1 },
  { kind: 'min_free', subject: 'cno', threshold: 1, before: { free: 1 }, after: { free: transition === 'crossed' ? 0 : 2 }, label: 'Crisisnoodopvang (CNO)', transition, events: 1 },
  { kind: 'max_location_occupancy', subject: '1', threshold: 95, before: { places: 100, occupied: 90 }, after: { places: 100, occupied: transition === 'crossed' ? 96 : 80 }, label: 'Sporthal Ommen (Ommen)', transition, events: 1 },
  { kind: 'national_occupancy', subject: 'national', threshold: 90, before: { places: 46_091, occupied: 38_949 }, after: { places: 46_091, occupied: transition === 'crossed' ? 41_500 : 38_000 }, label: NATIONAL_THRESHOLD_LABEL, transition, events: 1 },
]);

const changes: FigureChange[] = [
  { actor: 'UEDITOR1', action: 'update', locations: [{ before: location({ occupied: 90, places: 100 }), after: location({ occupied: 96, places: 100 }) }] },
  { actor: 'UEDITOR1', action: 'create', locations: [{ before: null, after: location({ id: 2, name: 'Hotel Zwolle' }) }] },
  { actor: 'UEDITOR1', action: 'import', locations: [{ before: location(), after: location({ occupied: 1 }) }] },
  { actor: 'UEDITOR1', action: 'placement', requestId: 3, locations: [{ before: location(), after: location({ occupied: 30 }) }] },
  {
    actor: 'UEDITOR1',
    action: 'national',
    locations: [],
    national: {
      before: { asOf: '2022-05-25', population: 'oekrainers_gemeenten', places: 46_091, occupied: 38_949, source: null },
      after: { asOf: '2022-05-25', population: 'oekrainers_gemeenten', places: 46_091, occupied: 41_500, source: null },
    },
  },
  { actor: 'UADMIN1', action: 'thresholds', locations: [] },
];

describe("issue 15's messages pass the glossary", () => {
  it('the overdue questions in every state, to owners and to admins, and "niet mijn locatie"', () => {
    const rendered = (['prompt', 'reminder', 'admins'] as const).flatMap((kind) =>
      [1, 4, 20].flatMap((n) => textsOf(overdueMessage(kind, items(n), { overdueDays: 7, today: TODAY, toAdmins: kind === 'admins' })).map((text) => ({ where: `${kind} ${n}`, text }))),
    );
    rendered.push(...textsOf(notMineMessage(location(), 'UEDITOR1')).map((text) => ({ where: 'niet mijn locatie', text })));
    expect(rendered.length).toBeGreaterThan(50);
    expect(glossaryViolations(rendered, glossaryProblems)).toEqual([]);
  });

  it('threshold alerts and "hersteld" of every kind after every kind of change, the drempels form, its answer and the stand footer', () => {
    const rendered = changes.flatMap((change) =>
      [events.slice(0, 4), events.slice(4), [events[3]!]].flatMap((batch) => textsOf(thresholdAlertMessage(batch, change)).map((text) => ({ where: `alert ${change.action}`, text }))),
    );
    for (const [where, payload] of [
      ['drempels', formModal(thresholdsForm(settings, 'C0ALERTS'))],
      ['drempels zonder kanaal', formModal(thresholdsForm({ minFree: {}, maxLocationOccupancy: null, nationalOccupancy: null }, undefined))],
      ['opgeslagen', thresholdsSavedMessage(settings, events.slice(0, 4), 'C0ALERTS')],
      ['opgeslagen zonder meldingen', thresholdsSavedMessage(settings, [], undefined)],
      ['stand', standMessage(sampleStand({ thresholds: { settings, fullLocations: 2 } }))],
    ] as const) {
      for (const text of textsOf(payload)) rendered.push({ where, text });
    }
    const footer = thresholdFooterText({ settings, free: { oekrainers: 60, cno: 0 }, fullLocations: 1, national: { places: 46_091, occupied: 41_500 } });
    rendered.push({ where: 'voettekst', text: footer! });
    expect(footer).toContain('landelijk Oekraïners (noodopvang gemeenten) max. 90% (nu 90,0% :rotating_light:)');
    expect(glossaryViolations(rendered, glossaryProblems)).toEqual([]);
  });
});
