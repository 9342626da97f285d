-- Checkouts (issue 14, seed 003 challenge 3): a saga that reserves stock, charges a slow payment provider outside any
-- transaction, then confirms or releases. The stock a checkout holds is taken out of skus.stock while it is reserved
-- or charging, kept out when confirmed, and put back when released or refunded, in the transition's own transaction:
-- for every SKU, initial_stock = stock + sold orders + units held by reserved/charging/cancelling/confirmed checkouts.
CREATE TABLE checkouts (
    id              uuid        PRIMARY KEY,
    sku_id          text        NOT NULL REFERENCES skus (id),
    buyer_id        text        NOT NULL,
    quantity        integer     NOT NULL CHECK (quantity > 0),
    amount          bigint      NOT NULL CHECK (amount > 0),
    idempotency_key text        NOT NULL,
    state           text        NOT NULL CHECK (state IN ('reserved', 'charging', 'cancelling', 'confirmed', 'released',
                                                  'refunded')),
    reason          text,
    charge_id       text,
    -- the service instance driving the checkout (see V7: alive while it holds its advisory lock)
    owner           integer     NOT NULL,
    expires_at      timestamptz NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    UNIQUE (buyer_id, idempotency_key),
    CHECK ((state = 'confirmed') = (charge_id IS NOT NULL))
);

CREATE INDEX checkouts_unfinished ON checkouts (owner, expires_at) WHERE state IN ('reserved', 'charging', 'cancelling');

-- The transactional outbox: each checkout transition inserts its events here in its own transaction; a relay
-- publishes them in id order (keyed by aggregate_id, the checkout) and marks them published.
CREATE TABLE outbox (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id     uuid        NOT NULL UNIQUE,
    aggregate_id uuid        NOT NULL,
    type         text        NOT NULL,
    payload      text        NOT NULL,
    created_at   timestamptz NOT NULL,
    published_at timestamptz
);

CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;
