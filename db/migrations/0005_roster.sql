-- Roster: messages the bot posts at most once per day (the morning staffing gaps). A row is
-- claimed before the post and removed again when the post fails, so a later run retries.
CREATE TABLE roster_posts (
  kind TEXT NOT NULL CHECK (kind IN ('staffing_gaps')),
  day TEXT NOT NULL CHECK (date(day) = day),
  channel_id TEXT NOT NULL,
  claimed_at TEXT NOT NULL,
  message_ts TEXT,
  PRIMARY KEY (kind, day, channel_id)
) STRICT;

-- Shifts per person, for the overlap check on names of people outside Slack.
CREATE INDEX shifts_by_name ON shifts (person_name, starts_at);
