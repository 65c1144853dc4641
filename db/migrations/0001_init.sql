-- Opvangbot schema. Times are UTC ISO-8601 strings ('2022-05-24T07:30:00.000Z');
-- calendar dates are 'YYYY-MM-DD' in Europe/Amsterdam. Migrations are append-only.

-- Reference data ------------------------------------------------------------------------------

CREATE TABLE regions (
  code TEXT PRIMARY KEY CHECK (code GLOB 'VR[0-2][0-9]'),
  name TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE municipalities (
  id INTEGER PRIMARY KEY,
  region_code TEXT NOT NULL REFERENCES regions(code),
  name TEXT NOT NULL,
  UNIQUE (region_code, name)
) STRICT;

-- Capacity ------------------------------------------------------------------------------------

CREATE TABLE locations (
  id INTEGER PRIMARY KEY,
  municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
  name TEXT NOT NULL CHECK (length(trim(name)) > 0),
  target_group TEXT NOT NULL CHECK (target_group IN ('oekrainers', 'cno', 'statushouders', 'medische_evacues', 'gastgezinnen')),
  stage TEXT NOT NULL CHECK (stage IN ('in_overweging', 'in_voorbereiding', 'operationeel', 'gesloten')),
  places INTEGER NOT NULL DEFAULT 0 CHECK (places >= 0),
  occupied INTEGER NOT NULL DEFAULT 0 CHECK (occupied >= 0),
  -- Places a location in the pipeline may add; NULL when nobody has said.
  expected_places INTEGER CHECK (expected_places >= 0),
  -- A figure the source only gives approximately ("+/- 150"): shown with "ca.".
  expected_is_estimate INTEGER NOT NULL DEFAULT 0 CHECK (expected_is_estimate IN (0, 1)),
  opens_on TEXT CHECK (opens_on IS NULL OR date(opens_on) = opens_on),
  closes_on TEXT CHECK (closes_on IS NULL OR date(closes_on) = closes_on),
  contact TEXT,
  note TEXT,
  -- Bumped on every write: a modal submits the version it showed, so a lost update is detected.
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  -- Synthetic rows (benchmarks) are marked so they can never be mistaken for real data.
  synthetic INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1))
) STRICT;
CREATE UNIQUE INDEX locations_name_per_municipality ON locations (municipality_id, name COLLATE NOCASE);
CREATE INDEX locations_by_group_stage ON locations (target_group, stage);

-- One row per write of a location's figures: the dated history for trends and "since yesterday".
CREATE TABLE location_history (
  id INTEGER PRIMARY KEY,
  location_id INTEGER NOT NULL REFERENCES locations(id),
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  stage TEXT NOT NULL,
  places INTEGER NOT NULL,
  occupied INTEGER NOT NULL,
  expected_places INTEGER
) STRICT;
CREATE INDEX location_history_by_location ON location_history (location_id, recorded_at);
CREATE INDEX location_history_by_time ON location_history (recorded_at);

CREATE TABLE targets (
  id INTEGER PRIMARY KEY,
  region_code TEXT NOT NULL REFERENCES regions(code),
  target_group TEXT NOT NULL CHECK (target_group IN ('oekrainers', 'cno', 'statushouders', 'medische_evacues', 'gastgezinnen')),
  number INTEGER NOT NULL CHECK (number > 0),
  due_on TEXT CHECK (due_on IS NULL OR date(due_on) = due_on),
  label TEXT NOT NULL,
  priority TEXT NOT NULL DEFAULT 'normaal' CHECK (priority IN ('hoog', 'normaal', 'laag')),
  source TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  UNIQUE (region_code, label)
) STRICT;

CREATE TABLE national_figures (
  id INTEGER PRIMARY KEY,
  as_of TEXT NOT NULL UNIQUE CHECK (date(as_of) = as_of),
  places INTEGER NOT NULL CHECK (places >= 0),
  occupied INTEGER NOT NULL CHECK (occupied >= 0),
  source TEXT,
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL
) STRICT;

-- Statushouders: the half-yearly quota (taakstelling) per municipality.
CREATE TABLE housing_quotas (
  id INTEGER PRIMARY KEY,
  municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
  half_year TEXT NOT NULL CHECK (half_year GLOB '[0-9][0-9][0-9][0-9]-I' OR half_year GLOB '[0-9][0-9][0-9][0-9]-II'),
  quota INTEGER NOT NULL CHECK (quota >= 0),
  housed INTEGER NOT NULL DEFAULT 0 CHECK (housed >= 0),
  -- Behind (+) or ahead (-) carried over from the previous half-year.
  carry_over INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  UNIQUE (municipality_id, half_year)
) STRICT;

-- CNO duty roster (regions) ------------------------------------------------------------------

CREATE TABLE cno_phases (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  starts_on TEXT NOT NULL CHECK (date(starts_on) = starts_on),
  ends_on TEXT NOT NULL CHECK (date(ends_on) = ends_on),
  places_per_region INTEGER CHECK (places_per_region > 0),
  regions_on_duty INTEGER CHECK (regions_on_duty > 0),
  period_days INTEGER CHECK (period_days > 0),
  -- Days after which guests must have moved on to lasting reception (the 14-day rule).
  max_stay_days INTEGER CHECK (max_stay_days > 0),
  source TEXT,
  CHECK (ends_on > starts_on)
) STRICT;

-- One slot on duty: from starts_on (inclusive) to ends_on (exclusive), held by one or more regions.
CREATE TABLE cno_duty_periods (
  id INTEGER PRIMARY KEY,
  phase_id INTEGER REFERENCES cno_phases(id),
  starts_on TEXT NOT NULL CHECK (date(starts_on) = starts_on),
  ends_on TEXT NOT NULL CHECK (date(ends_on) = ends_on),
  places INTEGER CHECK (places > 0),
  note TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  CHECK (ends_on > starts_on)
) STRICT;
CREATE INDEX cno_duty_periods_by_date ON cno_duty_periods (starts_on, ends_on);

CREATE TABLE cno_duty_period_regions (
  period_id INTEGER NOT NULL REFERENCES cno_duty_periods(id) ON DELETE CASCADE,
  region_code TEXT NOT NULL REFERENCES regions(code),
  PRIMARY KEY (period_id, region_code)
) STRICT;

-- Staffing shifts (people) ----------------------------------------------------------------------

CREATE TABLE shifts (
  id INTEGER PRIMARY KEY,
  location_id INTEGER REFERENCES locations(id),
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL,
  organisation TEXT NOT NULL CHECK (organisation IN ('COA', 'gemeente', 'VRIJ', 'extern')),
  role TEXT NOT NULL,
  -- Either a Slack user or a name for someone outside Slack; both NULL means the shift is open.
  slack_user_id TEXT,
  person_name TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  CHECK (ends_at > starts_at)
) STRICT;
CREATE INDEX shifts_by_start ON shifts (starts_at);
CREATE INDEX shifts_by_person ON shifts (slack_user_id, starts_at);

CREATE TABLE shift_reminders (
  shift_id INTEGER NOT NULL REFERENCES shifts(id) ON DELETE CASCADE,
  slack_user_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('day_before', 'hour_before')),
  sent_at TEXT NOT NULL,
  PRIMARY KEY (shift_id, slack_user_id, kind)
) STRICT;

-- Guests in a CNO location, counted from the day they arrived (the 14-day rule).
CREATE TABLE cno_stays (
  id INTEGER PRIMARY KEY,
  location_id INTEGER NOT NULL REFERENCES locations(id),
  persons INTEGER NOT NULL CHECK (persons > 0),
  arrived_on TEXT NOT NULL CHECK (date(arrived_on) = arrived_on),
  departed_on TEXT CHECK (departed_on IS NULL OR date(departed_on) = departed_on),
  outflow_destination TEXT,
  noodknop_request_id INTEGER REFERENCES noodknop_requests(id),
  warned_at TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
) STRICT;

-- Noodknop ----------------------------------------------------------------------------------------

CREATE TABLE noodknop_requests (
  id INTEGER PRIMARY KEY,
  persons INTEGER NOT NULL CHECK (persons > 0),
  families INTEGER CHECK (families >= 0),
  single_adults INTEGER CHECK (single_adults >= 0),
  unaccompanied_minors INTEGER CHECK (unaccompanied_minors >= 0),
  -- JSON array of needs: ["medisch", "rolstoel", "huisdieren", ...]
  special_needs TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(special_needs)),
  origin TEXT,
  needed_by TEXT NOT NULL,
  contact TEXT,
  note TEXT,
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'gedekt', 'geplaatst', 'geannuleerd', 'verlopen')),
  channel_id TEXT,
  message_ts TEXT,
  requested_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  closed_at TEXT,
  closed_by TEXT,
  cancel_reason TEXT,
  -- The view submission that created it: a retried or double submission stores once.
  submission_key TEXT UNIQUE,
  synthetic INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1))
) STRICT;
CREATE INDEX noodknop_requests_by_state ON noodknop_requests (state, needed_by);

CREATE TABLE noodknop_offers (
  id INTEGER PRIMARY KEY,
  request_id INTEGER NOT NULL REFERENCES noodknop_requests(id),
  location_id INTEGER REFERENCES locations(id),
  other_location TEXT,
  places INTEGER NOT NULL CHECK (places > 0),
  note TEXT,
  offered_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  withdrawn_at TEXT,
  -- Set when the placement is confirmed with this offer.
  used_places INTEGER CHECK (used_places >= 0),
  submission_key TEXT UNIQUE,
  CHECK (location_id IS NOT NULL OR other_location IS NOT NULL)
) STRICT;
CREATE INDEX noodknop_offers_by_request ON noodknop_offers (request_id);

CREATE TABLE noodknop_reminders (
  request_id INTEGER NOT NULL REFERENCES noodknop_requests(id),
  kind TEXT NOT NULL,
  due_at TEXT NOT NULL,
  sent_at TEXT,
  PRIMARY KEY (request_id, kind)
) STRICT;

-- Digest ------------------------------------------------------------------------------------------

-- Exactly once per channel per day: a row is claimed ('sending') before the post, 'sent' after.
CREATE TABLE digest_runs (
  channel_id TEXT NOT NULL,
  day TEXT NOT NULL CHECK (date(day) = day),
  state TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  started_at TEXT NOT NULL,
  sent_at TEXT,
  message_ts TEXT,
  error TEXT,
  PRIMARY KEY (channel_id, day)
) STRICT;

-- Access and audit --------------------------------------------------------------------------------

CREATE TABLE user_roles (
  slack_user_id TEXT PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
  granted_by TEXT NOT NULL,
  granted_at TEXT NOT NULL
) STRICT;

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT,
  before_json TEXT CHECK (before_json IS NULL OR json_valid(before_json)),
  after_json TEXT CHECK (after_json IS NULL OR json_valid(after_json))
) STRICT;
CREATE INDEX audit_log_by_entity ON audit_log (entity, entity_id, at);
CREATE INDEX audit_log_by_time ON audit_log (at);

-- Processed view submissions and button clicks: the key makes a retry or double click a no-op.
CREATE TABLE processed_interactions (
  key TEXT PRIMARY KEY,
  processed_at TEXT NOT NULL,
  outcome TEXT
) STRICT;
