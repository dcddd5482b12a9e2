-- 0001: the project store's first schema: artifacts, key/value meta and the audit log.
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- One row per file in the project folder (paths relative, '/'-separated).
CREATE TABLE artifacts (
  path       TEXT PRIMARY KEY,
  kind       TEXT NOT NULL,
  detail     TEXT,
  size       INTEGER NOT NULL,
  hash       TEXT NOT NULL,
  mtime_ms   REAL NOT NULL,
  status     TEXT NOT NULL CHECK (status IN ('ok', 'error', 'skipped')),
  message    TEXT,
  updated_at TEXT NOT NULL
);
CREATE INDEX artifacts_kind ON artifacts (kind);

-- Who did what and when: risk decisions, exports (with the bundle hash), store recoveries.
CREATE TABLE audit_log (
  id      INTEGER PRIMARY KEY,
  at      TEXT NOT NULL,
  actor   TEXT,
  action  TEXT NOT NULL,
  subject TEXT,
  details TEXT
);
