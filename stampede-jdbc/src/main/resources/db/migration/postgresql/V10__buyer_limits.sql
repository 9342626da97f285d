-- A per-buyer limit on a SKU (issue 13, item 6): each buyer may hold at most max_per_buyer units in orders of the
-- SKU, all orders together. NULL: no limit. Set when the SKU is put on sale, never changed.
ALTER TABLE skus ADD COLUMN max_per_buyer integer CHECK (max_per_buyer > 0);

-- The units each buyer holds in orders of a limited SKU: the row a purchase's conditional upsert decides on
-- (units + quantity <= max_per_buyer), in the same transaction as the stock and the order, so that two purchases of
-- one buyer queue on this row instead of both passing a check. Equal, per buyer, to the sum of their orders' units.
-- Sales tables exist on PostgreSQL only (MariaDB carries transfers), so there is no MariaDB twin.
CREATE TABLE buyer_units (
    sku_id   text    NOT NULL REFERENCES skus (id),
    buyer_id text    NOT NULL,
    units    integer NOT NULL CHECK (units > 0),
    PRIMARY KEY (sku_id, buyer_id)
);
