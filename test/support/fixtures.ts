import { computeStand, type StandInput, type Stand } from '../../src/features/stand/stand';
import type { LocationRecord } from '../../src/features/capacity/capacity';

/**
 * Small, readable data for the views' unit tests: the stand of IJsselland on 25 May 2022, with
 * two national reference dates, CNO and Oekraïners targets, a pipeline, a stale location, and
 * Flevoland + IJsselland on duty.
 */
export const NOW = new Date('2022-05-25T09:00:00+02:00');

export function standInput(over: Partial<StandInput> = {}): StandInput {
  return {
    now: NOW,
    regionCode: 'VR04',
    regionName: 'IJsselland',
    overdueDays: 7,
    national: [
      { asOf: '2022-05-24', places: 46_091, occupied: 38_950, source: 'COA' },
      { asOf: '2022-05-17', places: 45_500, occupied: 39_200, source: 'COA' },
    ],
    groups: [
      { targetGroup: 'oekrainers', places: 1_200, occupied: 1_010, free: 190, locations: 9 },
      { targetGroup: 'cno', places: 75, occupied: 20, free: 55, locations: 1 },
    ],
    targets: [{ id: 1, targetGroup: 'oekrainers', number: 1_500, dueOn: '2022-07-01', label: 'Taakstelling GOO', priority: 'hoog' }],
    pipeline: [
      { id: 7, name: 'Hotel <De Brug>', municipality: 'Zwolle', targetGroup: 'oekrainers', stage: 'in_voorbereiding', expectedPlaces: 150, expectedIsEstimate: true, opensOn: '2022-06-15' },
    ],
    stale: [{ id: 3, name: 'Kazerne', municipality: 'Ommen', updatedAt: '2022-05-10T10:00:00Z', updatedBy: 'UEDITOR1' }],
    dutyToday: [{ id: 11, startsOn: '2022-05-18', endsOn: '2022-06-01', places: 150, regions: [{ code: 'VR25', name: 'Flevoland' }, { code: 'VR04', name: 'IJsselland' }] }],
    ourNextDuty: { id: 11, startsOn: '2022-05-18', endsOn: '2022-06-01', places: 150, regions: [{ code: 'VR25', name: 'Flevoland' }, { code: 'VR04', name: 'IJsselland' }] },
    rosterKnownUntil: '2022-08-01',
    ...over,
  };
}

export function sampleStand(over: Partial<StandInput> = {}): Stand {
  return computeStand(standInput(over));
}

export function location(over: Partial<LocationRecord> = {}): LocationRecord {
  return {
    id: 1,
    municipalityId: 1,
    municipality: 'Ommen',
    name: 'Sporthal Ommen',
    targetGroup: 'cno',
    stage: 'operationeel',
    places: 75,
    occupied: 20,
    expectedPlaces: null,
    expectedIsEstimate: false,
    opensOn: '2022-05-20',
    closesOn: null,
    contact: null,
    note: null,
    ownerId: null,
    version: 1,
    updatedAt: '2022-05-24T14:30:00Z',
    updatedBy: 'UEDITOR1',
    ...over,
  };
}
