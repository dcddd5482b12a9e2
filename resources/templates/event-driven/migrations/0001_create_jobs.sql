-- First migration of {{name}}: the work the API accepts and the worker completes.
-- Fail fast instead of queueing every query behind this migration's locks.
SET lock_timeout = '5s';

CREATE TABLE jobs (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind          text NOT NULL,
  payload       jsonb NOT NULL,
  status        text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  attempts      int NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  created_at    timestamptz NOT NULL DEFAULT now(),
  completed_at  timestamptz
);

COMMENT ON TABLE jobs IS 'Work accepted by the API; the worker marks it done (idempotently, by id).';

CREATE INDEX jobs_status_created_at_idx ON jobs (status, created_at);
