-- Per-buyer limits for the tokens strategy (issue 13, item 6): a claim on a SKU with max_per_buyer takes its units in
-- buyer_units in the claim's own transaction (the conditional upsert of V10), so a buyer can neither claim nor buy past
-- the limit. units_counted records that it did, so that releasing the claim or its expiry gives exactly those units
-- back (a redemption keeps them: they become the order's). A buyer's row may therefore fall back to 0.
ALTER TABLE token_claims ADD COLUMN units_counted boolean NOT NULL DEFAULT false;

ALTER TABLE buyer_units DROP CONSTRAINT buyer_units_units_check;
ALTER TABLE buyer_units ADD CONSTRAINT buyer_units_units_check CHECK (units >= 0);

-- A claim ends the open, expired claims of its buyer (to give their units back) and of the tokens it takes.
CREATE INDEX token_claims_open_by_buyer ON token_claims (sku_id, buyer_id) WHERE state = 'claimed';
