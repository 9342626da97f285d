-- One row per SKU on sale. The stock never goes below zero and never above what was put on sale.
CREATE TABLE skus (
    id            text        PRIMARY KEY,
    name          text        NOT NULL,
    strategy      text        NOT NULL,
    initial_stock integer     NOT NULL CHECK (initial_stock >= 0),
    stock         integer     NOT NULL CHECK (stock >= 0),
    version       bigint      NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL
);

CREATE TABLE orders (
    id              uuid        PRIMARY KEY,
    sku_id          text        NOT NULL REFERENCES skus (id),
    buyer_id        text        NOT NULL,
    quantity        integer     NOT NULL CHECK (quantity > 0),
    idempotency_key text,
    created_at      timestamptz NOT NULL
);

CREATE INDEX orders_by_sku ON orders (sku_id);

-- The last line of defence behind the claim protocol: one order per (buyer, key).
CREATE UNIQUE INDEX orders_once_per_key ON orders (buyer_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

-- A key is claimed (in_flight) before its purchase runs, and completed in the purchase's own transaction.
CREATE TABLE idempotency_keys (
    buyer_id    text        NOT NULL,
    idem_key    text        NOT NULL,
    fingerprint text        NOT NULL,
    state       text        NOT NULL CHECK (state IN ('in_flight', 'completed')),
    order_id    uuid        REFERENCES orders (id),
    claimed_at  timestamptz NOT NULL,
    PRIMARY KEY (buyer_id, idem_key),
    CHECK ((state = 'completed') = (order_id IS NOT NULL))
);
