import { perDatabase, type Db } from '../../store/database';
import { recordAudit } from '../../store/audit';
import { decideRun, type DigestRun, type RunDecision } from './digest';

export interface LastDigest {
  channel: string;
  day: string;
  sentAt: string | null;
  state: string;
}

/** The digest's own table, digest_runs: one row per channel per Amsterdam day. */
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
    last: db.prepare(`SELECT channel_id AS channel, day, sent_at AS sentAt, state FROM digest_runs ORDER BY day DESC, started_at DESC LIMIT 1`),
  };

  return {
    run: (channelId: string, day: string) => s.run.get(channelId, day) as DigestRun | undefined,
    /** The latest digest run of any channel (for /healthz). */
    last: () => s.last.get() as LastDigest | undefined,
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
    /** Marks today's digest sent, with its audit line, in one transaction. */
    markSent: db.transaction((channelId: string, day: string, at: Date, ts: string | undefined, audit: { actor: string; action: string }) => {
      s.sent.run(at.toISOString(), ts ?? null, channelId, day);
      recordAudit(db, { actor: audit.actor, action: audit.action, entity: 'digest_run', entityId: `${channelId}/${day}`, after: { ts }, at });
    }),
    markFailed: (channelId: string, day: string, error: string) => s.failed.run(error.slice(0, 500), channelId, day),
    /** Keeps the claim ('sending') and says why: the post may have reached Slack. */
    markUncertain: (channelId: string, day: string, error: string) => s.uncertain.run(`onzeker: ${error}`.slice(0, 500), channelId, day),
  };
});
