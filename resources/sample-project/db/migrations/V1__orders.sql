-- Orders and their lines.
CREATE TABLE customers (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email       text NOT NULL UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE orders (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id  bigint NOT NULL REFERENCES customers (id),
  status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'paid', 'shipped', 'cancelled')),
  total_cents  bigint NOT NULL CHECK (total_cents >= 0),
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE order_lines (
  order_id     bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  line_no      int NOT NULL,
  sku          text NOT NULL,
  quantity     int NOT NULL CHECK (quantity > 0),
  price_cents  bigint NOT NULL,
  PRIMARY KEY (order_id, line_no)
);
