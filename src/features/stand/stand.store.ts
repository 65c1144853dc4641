import { perDatabase, type Db } from '../../store/database';
import { locationSelect, toLocationRecord, type LocationDbRow } from '../capacity/locations.store';
import type { GroupTotals, NationalFigure, PipelineLocation, QuotaRow, StaleLocation, TargetRow } from '../capacity/capacity';
import { quotaSelect, targetColumns } from '../capacity/capacity.store';
import type { DutyPeriod } from '../roster/roster';

/** Read-only queries behind /opvang stand and the App Home; prepared once per database. */
export const standStore = perDatabase((db: Db) => {
  const statements = {
    latestNational: db.prepare(`SELECT as_of AS asOf, places, occupied, source FROM national_figures ORDER BY as_of DESC LIMIT 2`),
    groupTotals: db.prepare(
      `SELECT target_group AS targetGroup, sum(places) AS places, sum(occupied) AS occupied, count(*) AS locations
       FROM locations l JOIN municipalities m ON m.id = l.municipality_id
       WHERE m.region_code = ? AND l.stage = 'operationeel' GROUP BY target_group`,
    ),
    targets: db.prepare(
      `SELECT ${targetColumns} FROM targets
       WHERE region_code = ? ORDER BY target_group, due_on IS NULL, due_on, number`,
    ),
    pipeline: db.prepare(
      `SELECT l.id, l.name, m.name AS municipality, l.target_group AS targetGroup, l.stage, l.expected_places AS expectedPlaces,
              l.expected_is_estimate AS expectedIsEstimate, l.opens_on AS opensOn
       FROM locations l JOIN municipalities m ON m.id = l.municipality_id
       WHERE m.region_code = ? AND l.stage IN ('in_overweging', 'in_voorbereiding')
       ORDER BY l.stage DESC, l.expected_places DESC NULLS LAST, l.name`,
    ),
    stale: db.prepare(
      `SELECT l.id, l.name, m.name AS municipality, l.updated_at AS updatedAt, l.updated_by AS updatedBy
       FROM locations l JOIN municipalities m ON m.id = l.municipality_id
       WHERE m.region_code = ? AND l.stage != 'gesloten' AND l.updated_at < ? ORDER BY l.updated_at`,
    ),
    dutyOn: db.prepare(
      `SELECT p.id, p.starts_on AS startsOn, p.ends_on AS endsOn, p.places,
              json_group_array(json_object('code', r.code, 'name', r.name)) AS regions
       FROM cno_duty_periods p JOIN cno_duty_period_regions pr ON pr.period_id = p.id JOIN regions r ON r.code = pr.region_code
       WHERE p.starts_on <= ? AND p.ends_on > ? GROUP BY p.id ORDER BY p.id`,
    ),
    nextDutyOf: db.prepare(
      `SELECT p.id, p.starts_on AS startsOn, p.ends_on AS endsOn, p.places,
              (SELECT json_group_array(json_object('code', r.code, 'name', r.name)) FROM cno_duty_period_regions pr2
                 JOIN regions r ON r.code = pr2.region_code WHERE pr2.period_id = p.id) AS regions
       FROM cno_duty_periods p JOIN cno_duty_period_regions pr ON pr.period_id = p.id
       WHERE pr.region_code = ? AND p.ends_on > ? ORDER BY p.starts_on LIMIT 1`,
    ),
    lastRosterDay: db.prepare(`SELECT max(ends_on) FROM cno_duty_periods`),
    quotas: db.prepare(`${quotaSelect} WHERE m.region_code = ? AND q.half_year = ? ORDER BY m.name`),
    regionName: db.prepare(`SELECT name FROM regions WHERE code = ?`),
    municipalities: db.prepare(`SELECT name FROM municipalities WHERE region_code = ? ORDER BY name`),
    locationsIn: db.prepare(`${locationSelect} WHERE m.region_code = ? AND m.name = ? COLLATE NOCASE ORDER BY l.stage = 'gesloten', l.name`),
  };

  const toDuty = (row: { id: number; startsOn: string; endsOn: string; places: number | null; regions: string }): DutyPeriod => ({
    ...row,
    regions: JSON.parse(row.regions) as DutyPeriod['regions'],
  });

  return {
    /** The latest national figures first, then the ones before (for the change). */
    latestNational: () => statements.latestNational.all() as NationalFigure[],
    groupTotals: (region: string) => statements.groupTotals.all(region) as GroupTotals[],
    targets: (region: string) => statements.targets.all(region) as TargetRow[],
    pipeline: (region: string) =>
      (statements.pipeline.all(region) as (Omit<PipelineLocation, 'expectedIsEstimate'> & { expectedIsEstimate: number })[]).map((row) => ({
        ...row,
        expectedIsEstimate: row.expectedIsEstimate === 1,
      })),
    staleLocations: (region: string, updatedBefore: string) => statements.stale.all(region, updatedBefore) as StaleLocation[],
    dutyOn: (day: string) => (statements.dutyOn.all(day, day) as Parameters<typeof toDuty>[0][]).map(toDuty),
    nextDutyOf: (region: string, day: string) => {
      const row = statements.nextDutyOf.get(region, day) as Parameters<typeof toDuty>[0] | undefined;
      return row ? toDuty(row) : undefined;
    },
    lastRosterDay: () => statements.lastRosterDay.pluck().get() as string | null,
    quotas: (region: string, halfYear: string) => statements.quotas.all(region, halfYear) as QuotaRow[],
    regionName: (code: string) => statements.regionName.pluck().get(code) as string | undefined,
    municipalities: (region: string) => statements.municipalities.pluck().all(region) as string[],
    locationsIn: (region: string, municipality: string) => (statements.locationsIn.all(region, municipality) as LocationDbRow[]).map(toLocationRecord),
  };
});

export type StandStore = ReturnType<typeof standStore>;
