import { describe, expect, it } from 'vitest';
import {
  freeRecoveryLevel,
  hasRecovered,
  isBeyond,
  locationReading,
  nextTransition,
  occupancyRecoveryLevel,
  rowsFromSettings,
  settingsFromRows,
  type ThresholdSettings,
} from '../../../src/features/capacity/thresholds';

/** The thresholds' pure rules: beyond, recovered with the margin, and the state machine. */
describe('threshold rules', () => {
  it('free places are beyond below the minimum, and recover at the minimum plus 10% (at least 5 places)', () => {
    expect(isBeyond(100, { free: 99 })).toBe(true);
    expect(isBeyond(100, { free: 100 })).toBe(false);
    expect(freeRecoveryLevel(100)).toBe(110);
    expect(freeRecoveryLevel(20)).toBe(25);
    expect(freeRecoveryLevel(1000)).toBe(1100);
    expect(freeRecoveryLevel(0)).toBe(5);
    expect(hasRecovered(100, { free: 109 })).toBe(false);
    expect(hasRecovered(100, { free: 110 })).toBe(true);
  });

  it('occupancy is beyond at the maximum (whole-number arithmetic, no rounding), and recovers 3 points below it', () => {
    expect(isBeyond(95, { places: 100, occupied: 95 })).toBe(true);
    expect(isBeyond(95, { places: 100, occupied: 94 })).toBe(false);
    // 19/20 is exactly 95%: beyond; 1899/2000 is 94,95%: not.
    expect(isBeyond(95, { places: 20, occupied: 19 })).toBe(true);
    expect(isBeyond(95, { places: 2000, occupied: 1899 })).toBe(false);
    expect(isBeyond(95, { places: 0, occupied: 5 })).toBe(false);
    expect(occupancyRecoveryLevel(95)).toBe(92);
    expect(occupancyRecoveryLevel(2)).toBe(0);
    expect(hasRecovered(95, { places: 100, occupied: 93 })).toBe(false);
    expect(hasRecovered(95, { places: 100, occupied: 92 })).toBe(true);
  });

  it('moves the state: ok → crossed when beyond; beyond → recovered only with the margin; a subject no longer measured is reset quietly', () => {
    expect(nextTransition('ok', 100, { free: 80 })).toBe('crossed');
    expect(nextTransition('ok', 100, { free: 100 })).toBeUndefined();
    expect(nextTransition('ok', 95, null)).toBeUndefined();
    expect(nextTransition('beyond', 100, { free: 70 })).toBeUndefined();
    expect(nextTransition('beyond', 100, { free: 105 })).toBeUndefined();
    expect(nextTransition('beyond', 100, { free: 110 })).toBe('recovered');
    expect(nextTransition('beyond', 95, null)).toBe('reset');
  });

  it('measures only operational locations with places', () => {
    expect(locationReading({ stage: 'operationeel', places: 10, occupied: 9 })).toEqual({ places: 10, occupied: 9 });
    expect(locationReading({ stage: 'gesloten', places: 10, occupied: 9 })).toBeNull();
    expect(locationReading({ stage: 'operationeel', places: 0, occupied: 0 })).toBeNull();
  });

  it('stores settings as rows and back', () => {
    const settings: ThresholdSettings = { minFree: { oekrainers: 100, cno: 0 }, maxLocationOccupancy: 95, nationalOccupancy: null };
    const rows = rowsFromSettings(settings);
    expect(rows).toEqual([
      { kind: 'min_free', targetGroup: 'oekrainers', value: 100 },
      { kind: 'min_free', targetGroup: 'cno', value: 0 },
      { kind: 'max_location_occupancy', targetGroup: '', value: 95 },
    ]);
    expect(settingsFromRows(rows)).toEqual(settings);
  });
});
