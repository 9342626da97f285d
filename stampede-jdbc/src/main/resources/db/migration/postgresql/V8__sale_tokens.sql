-- Claim tokens of the tokens strategy (issue 13): a SKU's units minted as numbered tokens when it is put on sale,
-- spread over partitions (part = token mod the partition count) so that no single row is hot. A token is free, claimed
-- (by one claim, until expires_at) or redeemed (into the order of its claim). A claimed token whose expires_at has
-- passed counts as free: every conditional write re-checks expires_at against its own clock.
CREATE TABLE sale_tokens (
    sku_id     text        NOT NULL REFERENCES skus (id),
    token      integer     NOT NULL CHECK (token >= 0),
    part       integer     NOT NULL CHECK (part >= 0),
    state      text        NOT NULL DEFAULT 'free' CHECK (state IN ('free', 'claimed', 'redeemed')),
    claim_id   uuid,
    expires_at timestamptz,
    PRIMARY KEY (sku_id, token),
    CHECK ((state = 'free') = (claim_id IS NULL)),
    CHECK ((state = 'claimed') = (expires_at IS NOT NULL))
);

CREATE INDEX sale_tokens_unredeemed ON sale_tokens (sku_id, part, token) WHERE state <> 'redeemed';
CREATE INDEX sale_tokens_by_claim ON sale_tokens (claim_id) WHERE claim_id IS NOT NULL;

-- Every claim, whichever pool decided it (PostgreSQL or Redis): the durable record that decides when they disagree.
CREATE TABLE token_claims (
    id         uuid        PRIMARY KEY,
    sku_id     text        NOT NULL REFERENCES skus (id),
    buyer_id   text        NOT NULL,
    tokens     integer[]   NOT NULL,
    expires_at timestamptz NOT NULL,
    state      text        NOT NULL CHECK (state IN ('claimed', 'released', 'expired', 'redeemed')),
    order_id   uuid        REFERENCES orders (id),
    created_at timestamptz NOT NULL,
    ended_at   timestamptz,
    CHECK ((state = 'redeemed') = (order_id IS NOT NULL)),
    CHECK ((state = 'claimed') = (ended_at IS NULL))
);

CREATE INDEX token_claims_open ON token_claims (expires_at) WHERE state = 'claimed';
