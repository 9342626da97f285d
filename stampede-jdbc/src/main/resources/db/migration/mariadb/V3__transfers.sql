-- The transfers schema for MariaDB (InnoDB). Sales and seat holds need PostgreSQL; transfers run on both.
-- No foreign keys here: InnoDB's shared locks on parent rows would add lock waits the strategies do not order.
CREATE TABLE accounts (
    id              varchar(64)  PRIMARY KEY,
    opening_balance bigint       NOT NULL CHECK (opening_balance >= 0),
    balance         bigint       NOT NULL CHECK (balance >= 0),
    reserved        bigint       NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    version         bigint       NOT NULL DEFAULT 0,
    created_at      datetime(6)  NOT NULL
) ENGINE = InnoDB;

CREATE TABLE transfers (
    id              char(36)     PRIMARY KEY,
    from_account    varchar(64)  NOT NULL,
    to_account      varchar(64)  NOT NULL,
    amount          bigint       NOT NULL CHECK (amount > 0),
    state           varchar(16)  NOT NULL CHECK (state IN ('reserved', 'settled', 'released')),
    idempotency_key varchar(255),
    created_at      datetime(6)  NOT NULL,
    CONSTRAINT transfers_once_per_key UNIQUE (from_account, idempotency_key)
) ENGINE = InnoDB;

CREATE TABLE ledger_entries (
    id          bigint       AUTO_INCREMENT PRIMARY KEY,
    transfer_id char(36)     NOT NULL,
    account_id  varchar(64)  NOT NULL,
    amount      bigint       NOT NULL,
    created_at  datetime(6)  NOT NULL,
    INDEX ledger_by_account (account_id),
    INDEX ledger_by_transfer (transfer_id)
) ENGINE = InnoDB;
