-- Accounts hold integer minor units. balance + reserved changes only by ledger entries.
CREATE TABLE accounts (
    id              varchar(64)  PRIMARY KEY,
    opening_balance bigint       NOT NULL CHECK (opening_balance >= 0),
    balance         bigint       NOT NULL CHECK (balance >= 0),
    reserved        bigint       NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    version         bigint       NOT NULL DEFAULT 0,
    created_at      timestamp(6) NOT NULL
);

-- state: reserved (funds held, reserve strategy), settled (ledger pair written), released (reservation undone).
CREATE TABLE transfers (
    id              char(36)     PRIMARY KEY,
    from_account    varchar(64)  NOT NULL REFERENCES accounts (id),
    to_account      varchar(64)  NOT NULL REFERENCES accounts (id),
    amount          bigint       NOT NULL CHECK (amount > 0),
    state           varchar(16)  NOT NULL CHECK (state IN ('reserved', 'settled', 'released')),
    idempotency_key varchar(255),
    created_at      timestamp(6) NOT NULL,
    CONSTRAINT transfers_once_per_key UNIQUE (from_account, idempotency_key)
);

CREATE TABLE ledger_entries (
    id          bigserial    PRIMARY KEY,
    transfer_id char(36)     NOT NULL REFERENCES transfers (id),
    account_id  varchar(64)  NOT NULL REFERENCES accounts (id),
    amount      bigint       NOT NULL,
    created_at  timestamp(6) NOT NULL
);

CREATE INDEX ledger_by_account ON ledger_entries (account_id);
CREATE INDEX ledger_by_transfer ON ledger_entries (transfer_id);
