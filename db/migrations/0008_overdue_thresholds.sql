-- Figures that stay fresh, and alarms before the region runs full (issue 15).

-- A location's owner: the Slack member who keeps its figures up to date and is asked when they
-- are overdue. NULL: whoever last updated it counts as owner (a person; else the admins).
ALTER TABLE locations ADD COLUMN owner_id TEXT CHECK (owner_id IS NULL OR (owner_id GLOB '[UW][A-Z0-9][A-Z0-9]*' AND length(owner_id) <= 21));

-- Confirming unchanged figures ("Klopt nog", or the update form sent back unchanged) needs no
-- column of its own: it is a write of the location (updated_at, updated_by, a history line and an
-- audit line 'location.confirm'), so every freshness rule that reads updated_at sees it.

-- One row per location per overdue period. A period is identified by the updated_at the location
-- is overdue from: an update or a confirmation gives it a new updated_at, so a new period when it
-- goes stale again. The row is the record that its owner was asked (never twice, also across a
-- restart), reminded (once, two working days later) and put on the admins' list (once).
CREATE TABLE overdue_prompts (
  location_id INTEGER NOT NULL REFERENCES locations(id),
  period_from TEXT NOT NULL,
  -- Who was asked: a Slack member id, or NULL for the admins (no owner and no person updated it).
  owner_id TEXT,
  prompted_at TEXT NOT NULL,
  reminded_at TEXT,
  escalated_at TEXT,
  -- "Klopt nog" from one of the messages: who confirmed, and when.
  confirmed_at TEXT,
  confirmed_by TEXT,
  -- "Niet mijn locatie": the owner handed it to the admins (no reminder to them).
  disowned_at TEXT,
  disowned_by TEXT,
  PRIMARY KEY (location_id, period_from)
) STRICT;
CREATE INDEX overdue_prompts_open ON overdue_prompts (escalated_at, prompted_at);

-- The direct messages the overdue job sent (each an outbox post under `key`) and which
-- locations (in which period) each one lists, so a click re-renders every message that shows
-- the location (through the outbox's update).
CREATE TABLE overdue_messages (
  key TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('prompt', 'reminder', 'admins')),
  recipient TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE overdue_message_items (
  message_key TEXT NOT NULL REFERENCES overdue_messages(key),
  location_id INTEGER NOT NULL,
  period_from TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (message_key, location_id),
  FOREIGN KEY (location_id, period_from) REFERENCES overdue_prompts(location_id, period_from)
) STRICT;
CREATE INDEX overdue_message_items_by_prompt ON overdue_message_items (location_id, period_from);

-- Alert thresholds of a region (/opvang drempels): the minimum free places of a target group in
-- the region ('min_free', target_group set), the maximum occupancy of any one location in percent
-- ('max_location_occupancy') and the national occupancy level in percent ('national_occupancy').
-- No row: no threshold of that kind.
CREATE TABLE thresholds (
  region_code TEXT NOT NULL REFERENCES regions(code),
  kind TEXT NOT NULL CHECK (kind IN ('min_free', 'max_location_occupancy', 'national_occupancy')),
  -- '' for the kinds that are not per target group.
  target_group TEXT NOT NULL DEFAULT '' CHECK (
    (kind = 'min_free' AND target_group IN ('oekrainers', 'cno', 'statushouders', 'medische_evacues', 'gastgezinnen'))
    OR (kind != 'min_free' AND target_group = '')),
  value INTEGER NOT NULL CHECK (value >= 0 AND (kind = 'min_free' OR value BETWEEN 1 AND 100)),
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (region_code, kind, target_group)
) STRICT;

-- Whether a threshold's subject (a target group, a location id, 'national') is beyond it and was
-- announced: 'beyond' after an alert, 'ok' after its "hersteld". No row: not announced (ok).
-- `events` counts the subject's alerts and "hersteld" notices (never reset), so each has its own
-- outbox key. Hysteresis: a subject goes back to 'ok' only with a margin (capacity/thresholds.ts).
CREATE TABLE threshold_states (
  region_code TEXT NOT NULL REFERENCES regions(code),
  kind TEXT NOT NULL CHECK (kind IN ('min_free', 'max_location_occupancy', 'national_occupancy')),
  subject TEXT NOT NULL CHECK (length(subject) > 0),
  state TEXT NOT NULL CHECK (state IN ('beyond', 'ok')),
  events INTEGER NOT NULL DEFAULT 0 CHECK (events >= 0),
  changed_at TEXT NOT NULL,
  PRIMARY KEY (region_code, kind, subject)
) STRICT;
