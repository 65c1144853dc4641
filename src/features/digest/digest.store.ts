import { perDatabase, type Db } from '../../store/database';
import { addDays, dayToTzDate, toLocalDay } from '../../format/nl';
import { loadStand } from '../stand/stand.query';
import { listShifts, openStays } from '../roster/roster.query';
import { maxStayDays } from '../roster/roster.store';
import { TARGET_GROUP_LABELS } from '../../domain/vocabulary';
import {
  CHART_DAYS,
  computeDigest,
  decideRun,
  type Digest,
  type DigestRun,
  type HistoryPoint,
  type LocationSince,
  type NationalPoint,
  type NoodknopRow,
  type RunDecision,
  sameTimeYesterday,
} from './digest';

/** The digest's queries: its own table (digest_runs) and read-only views of the others. */
export const digestStore = perDatabase((db: Db) => {
  const s = {
    run: db.prepare(
      `SELECT channel_id AS channelId, day, state, attempts, started_at AS startedAt, sent_at AS sentAt, message_ts AS messageTs, error
       FROM digest_runs WHERE channel_id = ? AND day = ?`,
    ),
    claim: db.prepare(
      `INSERT INTO digest_runs (channel_id, day, state, attempts, started_at) VALUES (?, ?, 'sending', 1, ?)
       ON CONFLICT (channel_id, day) DO UPDATE SET state = 'sending', attempts = attempts + 1, started_at = excluded.started_at, error = NULL`,
    ),
    sent: db.prepare(`UPDATE digest_runs SET state = 'sent', sent_at = ?, message_ts = ?, error = NULL WHERE channel_id = ? AND day = ?`),
    failed: db.prepare(`UPDATE digest_runs SET state = 'failed', error = ? WHERE channel_id = ? AND day = ? AND state = 'sending'`),
    uncertain: db.prepare(`UPDATE digest_runs SET error = ? WHERE channel_id = ? AND day = ? AND state = 'sending'`),
    locationsSince: db.prepare(
      `SELECT l.id, l.name, m.name AS municipality, l.target_group AS targetGroup, l.created_at AS createdAt,
              l.stage, l.places, l.occupied, h.stage AS beforeStage, h.places AS beforePlaces, h.occupied AS beforeOccupied
       FROM locations l JOIN municipalities m ON m.id = l.municipality_id
       LEFT JOIN location_history h ON h.id = (
         SELECT h2.id FROM location_history h2 WHERE h2.location_id = l.id AND h2.recorded_at <= ? ORDER BY h2.recorded_at DESC, h2.id DESC LIMIT 1)
       WHERE m.region_code = ?
       ORDER BY l.name`,
    ),
    history: db.prepare(
      `SELECT h.location_id AS locationId, l.target_group AS targetGroup, h.recorded_at AS recordedAt, h.stage, h.places
       FROM location_history h JOIN locations l ON l.id = h.location_id JOIN municipalities m ON m.id = l.municipality_id
       WHERE m.region_code = ? AND h.recorded_at <= ?
         AND (h.recorded_at >= ? OR h.id = (SELECT h2.id FROM location_history h2 WHERE h2.location_id = h.location_id AND h2.recorded_at < ?
                                            ORDER BY h2.recorded_at DESC, h2.id DESC LIMIT 1))
       ORDER BY h.recorded_at, h.id`,
    ),
    national: db.prepare(
      `SELECT as_of AS asOf, places, occupied FROM national_figures
       WHERE as_of <= ? AND (as_of >= ? OR as_of = (SELECT max(as_of) FROM national_figures WHERE as_of < ?)) ORDER BY as_of`,
    ),
    noodknop: db.prepare(
      `SELECT r.id, r.persons, r.needed_by AS neededBy, r.state, r.origin,
              coalesce((SELECT sum(o.places) FROM noodknop_offers o WHERE o.request_id = r.id AND o.withdrawn_at IS NULL), 0) AS offeredPlaces
       FROM noodknop_requests r WHERE r.state IN ('open', 'gedekt') ORDER BY r.needed_by, r.id`,
    ),
  };

  return {
    run: (channelId: string, day: string) => s.run.get(channelId, day) as DigestRun | undefined,
    /**
     * Decides and, when the decision is to post, claims today's row ('sending') in one
     * transaction: two runs at once (the 07:30 job and the 15-minute retry) cannot both post.
     * `force` (an admin's "nu") also posts over an uncertain claim.
     */
    claim: db.transaction((channelId: string, day: string, now: Date, force: boolean): RunDecision => {
      const current = s.run.get(channelId, day) as DigestRun | undefined;
      let decision = decideRun(current, now);
      if (force && decision.kind === 'uncertain') decision = { kind: 'post' };
      if (decision.kind === 'post') s.claim.run(channelId, day, now.toISOString());
      return decision;
    }),
    markSent: (channelId: string, day: string, at: Date, ts: string | undefined) => s.sent.run(at.toISOString(), ts ?? null, channelId, day),
    markFailed: (channelId: string, day: string, error: string) => s.failed.run(error.slice(0, 500), channelId, day),
    /** Keeps the claim ('sending') and says why: the post may have reached Slack. */
    markUncertain: (channelId: string, day: string, error: string) => s.uncertain.run(`onzeker: ${error}`.slice(0, 500), channelId, day),
    locationsSince: (region: string, since: Date): LocationSince[] =>
      (s.locationsSince.all(since.toISOString(), region) as Record<string, any>[]).map((r) => ({
        id: r.id,
        name: r.name,
        municipality: r.municipality,
        targetGroup: r.targetGroup,
        createdAt: r.createdAt,
        now: { stage: r.stage, places: r.places, occupied: r.occupied },
        before: r.beforeStage === null ? null : { stage: r.beforeStage, places: r.beforePlaces, occupied: r.beforeOccupied },
      })),
    history: (region: string, from: Date, until: Date) =>
      s.history.all(region, until.toISOString(), from.toISOString(), from.toISOString()) as HistoryPoint[],
    national: (fromDay: string, today: string) => s.national.all(today, fromDay, fromDay) as NationalPoint[],
    noodknop: () => s.noodknop.all() as NoodknopRow[],
  };
});

/** Reads everything the digest shows for the configured region at `now` and computes it. */
export function loadDigest(db: Db, region: string, now: Date): Digest {
  const store = digestStore(db);
  const stand = loadStand(db, region, now);
  const today = toLocalDay(now);
  const firstDay = addDays(today, -(CHART_DAYS - 1));
  const windowStart = dayToTzDate(firstDay);
  return computeDigest(
    {
      now,
      stand,
      locations: store.locationsSince(region, sameTimeYesterday(now)),
      shifts: listShifts(db, now, new Date(now.getTime() + 48 * 3600_000)),
      stays: openStays(db),
      maxStayDays: maxStayDays(db, today),
      noodknop: store.noodknop(),
      history: store.history(region, windowStart, now),
      national: store.national(firstDay, today),
    },
    (group) => TARGET_GROUP_LABELS[group],
  );
}
