/**
 * /opvang historie: the audit log read back. The log itself is src/store/audit.ts's (every store
 * appends to it); this feature only shows it, with the names of the locations it is about.
 */

/** One audit line as historie shows it. */
export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** The location's name for location entries. */
  locationName: string | null;
}
