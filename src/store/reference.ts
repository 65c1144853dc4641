import type { Region } from '../domain/vocabulary';
import { perDatabase, type Db } from './database';

/**
 * Reference data: regions, municipalities and CNO phases, loaded by src/seed and never changed
 * by a feature. Read here by name; feature stores may also join these tables for names and the
 * region of a row.
 */
export const referenceData = perDatabase((db: Db) => {
  const s = {
    regionName: db.prepare(`SELECT name FROM regions WHERE code = ?`).pluck(),
    regions: db.prepare('SELECT code, name FROM regions ORDER BY code'),
    municipalities: db.prepare(`SELECT name FROM municipalities WHERE region_code = ? ORDER BY name`).pluck(),
  };
  return {
    regionName: (code: string) => s.regionName.get(code) as string | undefined,
    regions: () => s.regions.all() as Region[],
    /** The names of a region's municipalities, alphabetically. */
    municipalityNames: (region: string) => s.municipalities.all(region) as string[],
  };
});
