-- Issue 16: national figures say which population they count. The slides' 46.091 places / 38.949
-- occupied is the emergency reception of Ukrainians by municipalities; COA's asylum reception is a
-- different population with its own figures. A change between two populations is no growth, so
-- every figure carries its population, and one reference date may hold one figure per population.
-- Every figure stored before this migration was entered from that slide (or the form that took it
-- as its example): they count Ukrainians in municipal emergency reception.
-- SQLite cannot change a UNIQUE constraint in place: the table is rebuilt, ids kept.
CREATE TABLE national_figures_new (
  id INTEGER PRIMARY KEY,
  as_of TEXT NOT NULL CHECK (date(as_of) = as_of),
  population TEXT NOT NULL CHECK (population IN ('oekrainers_gemeenten', 'asielzoekers_coa')),
  places INTEGER NOT NULL CHECK (places >= 0),
  occupied INTEGER NOT NULL CHECK (occupied >= 0),
  source TEXT,
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  UNIQUE (as_of, population)
) STRICT;

INSERT INTO national_figures_new (id, as_of, population, places, occupied, source, recorded_at, recorded_by)
  SELECT id, as_of, 'oekrainers_gemeenten', places, occupied, source, recorded_at, recorded_by FROM national_figures;

DROP TABLE national_figures;
ALTER TABLE national_figures_new RENAME TO national_figures;

-- The stand and the digest read the latest figures of each population, and its history.
CREATE INDEX national_figures_population ON national_figures (population, as_of);
