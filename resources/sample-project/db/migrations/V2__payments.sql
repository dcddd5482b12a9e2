-- Payment attempts recorded by the payments API.
CREATE TABLE payments (
  id           serial PRIMARY KEY,
  order_id     bigint NOT NULL,
  provider_ref varchar(64),
  card_token   text,
  amount_cents bigint NOT NULL,
  created_at   timestamp DEFAULT now()
);

CREATE INDEX payments_order ON payments (order_id);
ALTER TABLE orders ADD COLUMN paid_at timestamptz;
