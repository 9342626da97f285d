-- A key-value store with etcd-style revisions. The store has one revision counter: every write or delete that
-- is applied takes its next value, so revisions are unique and only grow. A key remembers the revision that
-- created it, the revision of its latest write and how many writes it has had since it was created.
CREATE SEQUENCE kv_revision;

CREATE TABLE kv (
    key             text   PRIMARY KEY,
    value           text   NOT NULL,
    create_revision bigint NOT NULL,
    mod_revision    bigint NOT NULL,
    version         bigint NOT NULL CHECK (version > 0),
    CHECK (create_revision <= mod_revision),
    CHECK ((version = 1) = (create_revision = mod_revision))
);
