import { perDatabase, type Db } from '../../store/database';
import { recordAudit } from '../../store/audit';

/** A chart the bot uploaded and shows again elsewhere (the App Home). */
export interface ChartFile {
  kind: 'digest';
  fileId: string;
  channelId: string;
  day: string;
  altText: string;
  uploadedAt: string;
}

/** The charts' own table, chart_files (migration 0007). */
export const chartStore = perDatabase((db: Db) => {
  const s = {
    get: db.prepare(`SELECT kind, file_id AS fileId, channel_id AS channelId, day, alt_text AS altText, uploaded_at AS uploadedAt FROM chart_files WHERE kind = ?`),
    put: db.prepare(
      `INSERT INTO chart_files (kind, file_id, channel_id, day, alt_text, uploaded_at) VALUES (@kind, @fileId, @channelId, @day, @altText, @uploadedAt)
       ON CONFLICT (kind) DO UPDATE SET file_id = excluded.file_id, channel_id = excluded.channel_id, day = excluded.day, alt_text = excluded.alt_text, uploaded_at = excluded.uploaded_at`,
    ),
  };
  return {
    latest: (kind: ChartFile['kind']) => s.get.get(kind) as ChartFile | undefined,
    /** Remembers the newest upload of a kind: one transaction with its audit line (before/after). */
    remember: db.transaction((file: Omit<ChartFile, 'uploadedAt'>, at: Date, actor: string) => {
      const before = s.get.get(file.kind) as ChartFile | undefined;
      const after: ChartFile = { ...file, uploadedAt: at.toISOString() };
      s.put.run(after);
      recordAudit(db, { actor, action: 'chart.uploaded', entity: 'chart_file', entityId: file.kind, before, after, at });
    }),
  };
});
