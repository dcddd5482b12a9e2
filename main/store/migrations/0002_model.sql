-- 0002: the architecture model, per-file ingest results, analysis runs and findings.
-- Model tables are rewritten after each ingest; custom rules (.archbench/rules/*.sql) query them.

-- What one file contributed to the model, reused while the file and what it read (.env, $ref files) are unchanged.
CREATE TABLE file_contributions (
  path          TEXT PRIMARY KEY,
  hash          TEXT NOT NULL,
  cache_version TEXT NOT NULL,
  -- JSON map of auxiliary files read while importing -> their hash (null when missing)
  dependencies  TEXT NOT NULL,
  contribution  TEXT NOT NULL
);

CREATE TABLE components (
  id                  TEXT PRIMARY KEY,
  name                TEXT NOT NULL,
  kind                TEXT NOT NULL,
  replicas            INTEGER,
  internet_facing     INTEGER NOT NULL DEFAULT 0,
  criticality         TEXT,
  data_classification TEXT,
  file                TEXT NOT NULL,
  line                INTEGER NOT NULL,
  data                TEXT NOT NULL
);

CREATE TABLE flows (
  id             TEXT PRIMARY KEY,
  from_id        TEXT NOT NULL,
  to_id          TEXT NOT NULL,
  protocol       TEXT,
  sync           INTEGER,
  encrypted      INTEGER,
  authentication TEXT,
  timeout_ms     INTEGER,
  retries        INTEGER,
  file           TEXT NOT NULL,
  line           INTEGER NOT NULL,
  data           TEXT NOT NULL
);
CREATE INDEX flows_from ON flows (from_id);
CREATE INDEX flows_to ON flows (to_id);

CREATE TABLE trust_boundaries (
  id   TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  data TEXT NOT NULL
);

CREATE TABLE boundary_members (
  boundary_id  TEXT NOT NULL,
  component_id TEXT NOT NULL,
  PRIMARY KEY (boundary_id, component_id)
);

CREATE TABLE endpoints (
  file         TEXT NOT NULL,
  id           TEXT NOT NULL,
  component    TEXT,
  protocol     TEXT NOT NULL,
  method       TEXT NOT NULL,
  path         TEXT NOT NULL,
  operation_id TEXT,
  secured      INTEGER NOT NULL,
  deprecated   INTEGER NOT NULL DEFAULT 0,
  line         INTEGER NOT NULL,
  data         TEXT NOT NULL,
  PRIMARY KEY (file, id)
);

CREATE TABLE db_tables (
  schema_name TEXT NOT NULL,
  name        TEXT NOT NULL,
  rls_enabled INTEGER NOT NULL,
  file        TEXT,
  line        INTEGER,
  data        TEXT NOT NULL,
  PRIMARY KEY (schema_name, name)
);

CREATE TABLE diagnostics (
  file     TEXT NOT NULL,
  line     INTEGER NOT NULL,
  col      INTEGER,
  severity TEXT NOT NULL,
  code     TEXT NOT NULL,
  message  TEXT NOT NULL
);
CREATE INDEX diagnostics_file ON diagnostics (file);

CREATE TABLE runs (
  id          INTEGER PRIMARY KEY,
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  model_hash  TEXT,
  status      TEXT NOT NULL,
  summary     TEXT
);

CREATE TABLE findings (
  run_id      INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  fingerprint TEXT NOT NULL,
  rule_id     TEXT NOT NULL,
  severity    TEXT NOT NULL,
  category    TEXT NOT NULL,
  title       TEXT NOT NULL,
  message     TEXT NOT NULL,
  file        TEXT,
  line        INTEGER,
  col         INTEGER,
  element     TEXT,
  status      TEXT NOT NULL,
  data        TEXT NOT NULL,
  PRIMARY KEY (run_id, fingerprint)
);
CREATE INDEX findings_rule ON findings (rule_id);
