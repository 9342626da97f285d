-- Shows and their seats. A seat is free, held (by one hold, until held_until) or booked. A held seat whose
-- held_until has passed counts as free: every conditional write re-checks held_until against its own clock.
CREATE TABLE shows (
    id         text        PRIMARY KEY,
    name       text        NOT NULL,
    strategy   text        NOT NULL,
    created_at timestamptz NOT NULL
);

CREATE TABLE seats (
    show_id    text        NOT NULL REFERENCES shows (id),
    seat_id    text        NOT NULL,
    position   integer     NOT NULL,
    section    text,
    row_label  text        NOT NULL,
    number     integer     NOT NULL CHECK (number > 0),
    state      text        NOT NULL DEFAULT 'free' CHECK (state IN ('free', 'held', 'booked')),
    hold_id    text,
    held_until timestamptz,
    -- The fencing token of the latest hold or booking written to this seat; only ever grows.
    fence      bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (show_id, seat_id),
    UNIQUE (show_id, position),
    CHECK ((state = 'free') = (hold_id IS NULL)),
    CHECK ((state = 'held') = (held_until IS NOT NULL))
);

CREATE INDEX seats_held_until ON seats (held_until) WHERE state = 'held';
CREATE INDEX seats_by_hold ON seats (hold_id) WHERE hold_id IS NOT NULL;

-- Fencing tokens of the SQL strategies: strictly increasing across all holds.
CREATE SEQUENCE hold_fence;

-- Holds granted by the SQL strategies (the redis strategy keeps its holds in Redis).
CREATE TABLE holds (
    id         text        PRIMARY KEY,
    show_id    text        NOT NULL REFERENCES shows (id),
    holder_id  text        NOT NULL,
    seat_ids   text[]      NOT NULL,
    fence      bigint      NOT NULL,
    expires_at timestamptz NOT NULL,
    status     text        NOT NULL CHECK (status IN ('held', 'released', 'expired', 'booked')),
    created_at timestamptz NOT NULL,
    ended_at   timestamptz,
    CHECK ((status = 'held') = (ended_at IS NULL))
);

CREATE INDEX holds_active ON holds (expires_at) WHERE status = 'held';

-- Every strategy writes its bookings here, durably. One booking per seat, ever.
CREATE TABLE bookings (
    show_id   text        NOT NULL,
    seat_id   text        NOT NULL,
    hold_id   text        NOT NULL,
    holder_id text        NOT NULL,
    fence     bigint      NOT NULL,
    booked_at timestamptz NOT NULL,
    PRIMARY KEY (show_id, seat_id),
    FOREIGN KEY (show_id, seat_id) REFERENCES seats (show_id, seat_id)
);

CREATE INDEX bookings_by_hold ON bookings (hold_id);
