-- First migration of {{name}}: the orders table, owned by its customer through row-level security.
-- Fail fast instead of queueing every query behind this migration's locks.
SET lock_timeout = '5s';

CREATE TABLE orders (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  customer_id  uuid NOT NULL,
  status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'paid', 'shipped', 'cancelled')),
  total_cents  bigint NOT NULL CHECK (total_cents >= 0),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE orders IS 'Customer orders; each row is visible to its customer only (RLS).';

CREATE INDEX orders_customer_id_created_at_idx ON orders (customer_id, created_at DESC);

ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
ALTER TABLE orders FORCE ROW LEVEL SECURITY;

-- The API sets app.customer_id per transaction (SET LOCAL) from the caller's verified token.
CREATE POLICY orders_owner ON orders
  USING (customer_id = current_setting('app.customer_id', true)::uuid)
  WITH CHECK (customer_id = current_setting('app.customer_id', true)::uuid);
