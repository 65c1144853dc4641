-- The outbox (issue 11): one row per message the bot must deliver once. A row is written in the
-- transaction of the change that causes the message; a worker delivers it, retries it with its
-- own bounded policy, and after an ambiguous answer (or a crash after the claim) looks for the
-- key in the channel before posting again (every post carries metadata with its key).
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  -- Stable identity of the delivery, e.g. 'digest:C0123:2022-05-25', 'noodknop:17:broadcast'.
  key TEXT NOT NULL UNIQUE CHECK (length(key) BETWEEN 1 AND 200),
  -- What it is; the message metadata's event_type is 'opvang_' || kind.
  kind TEXT NOT NULL CHECK (kind GLOB '[a-z]*' AND length(kind) <= 40),
  -- post: chat.postMessage · update: chat.update of an earlier message · file: a file shared with
  -- files.completeUploadExternal (the digest chart).
  operation TEXT NOT NULL CHECK (operation IN ('post', 'update', 'file')),
  -- Target: a channel, or a user (a direct message, opened with conversations.open at send time;
  -- the DM channel is stored here once known), or the parent row (thread replies and updates).
  channel_id TEXT,
  user_id TEXT,
  parent_key TEXT,
  -- update: the message to change when it was not posted through the outbox; post: the thread to
  -- reply in when its parent was not posted through the outbox (from before the upgrade).
  target_ts TEXT,
  -- text, blocks (post, update) or the file (file).
  payload TEXT NOT NULL CHECK (json_valid(payload)),
  -- Updates coalesce per message (latest wins): every new payload bumps the version.
  version INTEGER NOT NULL DEFAULT 1,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at TEXT NOT NULL,
  claimed_at TEXT,
  -- Set when an attempt may have reached Slack (an ambiguous answer, or a crash after the claim):
  -- the claim time of that attempt. The next attempt looks for the key from there first.
  uncertain_since TEXT,
  -- Where it landed: the message's ts (a post's, or the file share's).
  ts TEXT,
  -- file: the uploaded file of the latest share attempt (known before the share).
  file_id TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  sent_at TEXT,
  CHECK (channel_id IS NOT NULL OR user_id IS NOT NULL OR parent_key IS NOT NULL)
) STRICT;
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
CREATE INDEX outbox_by_parent ON outbox (parent_key);

-- The per-feature claim tables kept delivery state only; the outbox keeps it now. What they knew
-- carries over as sent rows, so nothing that went out before the upgrade goes out again. Their
-- payloads are placeholders (they were never stored); the legacy flag keeps them from a retry.

-- digest_runs → 'digest:<channel>:<day>'. A sent day stays sent. A 'sending' row (a crash between
-- claim and result, "uncertain") may be in the channel without metadata to find it by: it becomes
-- failed, for an admin to decide with /opvang digest nu (which posts today's digest anew). A
-- 'failed' row was never posted: no row, so the job posts today's digest as usual.
INSERT INTO outbox (key, kind, operation, channel_id, payload, state, attempts, next_attempt_at, ts, last_error, created_at, updated_at, sent_at)
SELECT 'digest:' || channel_id || ':' || day, 'digest', 'post', channel_id,
       '{"text":"(ochtendoverzicht van vóór de outbox)","legacy":true}',
       CASE state WHEN 'sent' THEN 'sent' ELSE 'failed' END,
       attempts, started_at, message_ts,
       CASE state WHEN 'sent' THEN NULL ELSE 'onzeker of dit overzicht (van vóór de outbox) in het kanaal staat: kijk in het kanaal; /opvang digest nu post het alsnog' END,
       started_at, coalesce(sent_at, started_at), sent_at
FROM digest_runs WHERE state IN ('sent', 'sending');
DROP TABLE digest_runs;

-- shift_reminders → 'shift:<shift>:<user>:<kind>' (a DM to the person).
INSERT INTO outbox (key, kind, operation, user_id, payload, state, attempts, next_attempt_at, created_at, updated_at, sent_at)
SELECT 'shift:' || shift_id || ':' || slack_user_id || ':' || kind, 'shift_reminder', 'post', slack_user_id,
       '{"text":"(dienstherinnering van vóór de outbox)","legacy":true}', 'sent', 1, sent_at, sent_at, sent_at, sent_at
FROM shift_reminders;
DROP TABLE shift_reminders;

-- roster_posts → 'roster:gaps:<channel>:<day>' (a claimed day counted as posted, as before).
INSERT INTO outbox (key, kind, operation, channel_id, payload, state, attempts, next_attempt_at, ts, created_at, updated_at, sent_at)
SELECT 'roster:gaps:' || channel_id || ':' || day, 'shift_gaps', 'post', channel_id,
       '{"text":"(open diensten van vóór de outbox)","legacy":true}', 'sent', 1, claimed_at, nullif(message_ts, ''), claimed_at, claimed_at, claimed_at
FROM roster_posts;
DROP TABLE roster_posts;

-- noodknop_reminders keeps the schedule (domain state). Its sent_at was claimed before the post
-- and given back when Slack refused; now it is set in the transaction that hands the reminder to
-- the outbox, and never given back: it says the reminder was issued.
ALTER TABLE noodknop_reminders RENAME COLUMN sent_at TO issued_at;

-- cno_stays.warned_at stays: "the team was warned about this group on", set in the transaction
-- that enqueues the warning (no longer cleared when Slack refuses).
