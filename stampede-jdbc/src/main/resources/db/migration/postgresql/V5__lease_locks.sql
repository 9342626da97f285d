-- One row per lock name: the last fencing token handed out for it and, while it is held, who holds it until when.
-- The row stays when the lock is released so that the next token continues from the last one.
CREATE TABLE lease_locks (
    name       text        PRIMARY KEY,
    owner      text,
    token      bigint      NOT NULL CHECK (token > 0),
    expires_at timestamptz,
    CHECK ((owner IS NULL) = (expires_at IS NULL))
);

-- The fencing token of the last lease holder that claimed the SKU; writes carrying an older token are refused.
ALTER TABLE skus ADD COLUMN fence bigint NOT NULL DEFAULT 0;
