import { STAGE_LABELS, TARGET_GROUP_LABELS } from '../../domain/vocabulary';
import { formatDateTime, toLocalDay } from '../../format/nl';
import { writeCsv } from '../../domain/csv';
import type { LocationRecord, ExportHistory } from './capacity';

/** The two export files (current figures and history) in the Excel-friendly format the import reads. */
export interface ExportFiles {
  files: { filename: string; title: string; content: string }[];
  comment: string;
  locations: number;
  history: number;
}

/** Column names match the import, so an exported file can be edited and sent back. */
/** `versie` is the location's write counter: the import refuses a changed row whose location was written since (import.ts). */
const LOCATION_HEADER = ['naam', 'gemeente', 'doelgroep', 'fase', 'plekken', 'bezet', 'verwachte plekken', 'openingsdatum', 'sluitingsdatum', 'contact', 'notitie', 'eigenaar', 'bijgewerkt', 'bijgewerkt door', 'overbezetting', 'versie'];
const HISTORY_HEADER = ['moment', 'door', 'naam', 'gemeente', 'fase', 'plekken', 'bezet', 'verwachte plekken'];

export function buildExport(locations: LocationRecord[], history: ExportHistory[], now: Date): ExportFiles {
  const day = toLocalDay(now);
  const locationsCsv = writeCsv(
    LOCATION_HEADER,
    locations.map((l) => [
      l.name,
      l.municipality,
      TARGET_GROUP_LABELS[l.targetGroup],
      STAGE_LABELS[l.stage],
      l.places,
      l.occupied,
      l.expectedPlaces,
      l.opensOn,
      l.closesOn,
      l.contact,
      l.note,
      l.ownerId,
      formatDateTime(new Date(l.updatedAt)),
      l.updatedBy,
      // Without it an exported overbezet location would be refused when the file is imported again.
      l.occupied > l.places ? 'ja' : null,
      l.version,
    ]),
  );
  const historyCsv = writeCsv(
    HISTORY_HEADER,
    history.map((h) => [formatDateTime(new Date(h.recordedAt)), h.recordedBy, h.name, h.municipality, STAGE_LABELS[h.stage], h.places, h.occupied, h.expectedPlaces]),
  );
  return {
    files: [
      { filename: `locaties-${day}.csv`, title: `Locaties ${day}`, content: locationsCsv },
      { filename: `locaties-historie-${day}.csv`, title: `Historie locaties ${day}`, content: historyCsv },
    ],
    comment: `${locations.length} ${locations.length === 1 ? 'locatie' : 'locaties'} en ${history.length} historieregels (CSV voor Excel, gescheiden door ;).`,
    locations: locations.length,
    history: history.length,
  };
}
