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
  -- update: the message to change when it was not posted through the outbox.
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
