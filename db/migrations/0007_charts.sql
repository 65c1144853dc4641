-- Charts (issue 14): the latest uploaded chart of each kind, so the App Home can show it with an
-- image block that references the Slack file by id. One row per kind, replaced by each upload.
CREATE TABLE chart_files (
  kind TEXT PRIMARY KEY CHECK (kind IN ('digest')),
  file_id TEXT NOT NULL CHECK (length(file_id) > 0),
  channel_id TEXT NOT NULL,
  day TEXT NOT NULL CHECK (date(day) = day),
  -- The screen-reader text uploaded with it, shown again as the image block's alt_text.
  alt_text TEXT NOT NULL,
  uploaded_at TEXT NOT NULL
) STRICT;
