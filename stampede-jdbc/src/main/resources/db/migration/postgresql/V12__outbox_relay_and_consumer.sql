-- The outbox relay and the fulfilment consumer (issue 14 item 4).

-- The relay takes an event only when no earlier unpublished event of its checkout is left out of its batch (a second
-- relay may hold it): this index answers that question for each event of a batch.
CREATE INDEX outbox_unpublished_by_aggregate ON outbox (aggregate_id, id) WHERE published_at IS NULL;

-- An idempotent consumer's memory: the events it applied. The primary key is the de-duplication: the insert of an
-- event id a consumer recorded before changes no row, and the effect in the same transaction is not applied again.
CREATE TABLE consumed_events (
    consumer    text        NOT NULL,
    event_id    uuid        NOT NULL,
    consumed_at timestamptz NOT NULL,
    PRIMARY KEY (consumer, event_id)
);

-- The fulfilment consumer's effect: per SKU and event type, the events applied and their units. Increments, not
-- idempotent by themselves: an event applied twice shows here.
CREATE TABLE fulfilment_tallies (
    sku_id     text   NOT NULL,
    event_type text   NOT NULL,
    events     bigint NOT NULL,
    units      bigint NOT NULL,
    PRIMARY KEY (sku_id, event_type)
);
