-- 0003: diagram state. Pinned node positions (the user's drags, kept across re-layout and reopening) and
-- laid-out boxes of the diagrams (sub-layouts keyed by the hash of their input, which starts with the
-- layout-options version), so a project analysed before draws its diagram without running ELK again.
CREATE TABLE diagram_pins (
  diagram    TEXT NOT NULL CHECK (diagram IN ('system', 'erd')),
  node_id    TEXT NOT NULL,
  x          REAL NOT NULL,
  y          REAL NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (diagram, node_id)
);

CREATE TABLE diagram_layouts (
  diagram    TEXT NOT NULL CHECK (diagram IN ('system', 'erd')),
  key        TEXT NOT NULL,
  -- Hash of the model the box was last laid out or used for (null when the renderer saved it).
  model_hash TEXT,
  data       TEXT NOT NULL,
  used_at    INTEGER NOT NULL,
  PRIMARY KEY (diagram, key)
);
CREATE INDEX diagram_layouts_used ON diagram_layouts (diagram, used_at);
