-- An idempotency claim is held under a token by an owner.
-- claim: the token of the current claim. The purchase completes the key, and a failed request frees it, only
--        while the key is still claimed under its own token: the fence against a claimant whose claim was taken over.
-- owner: the number of the service instance that holds the claim. An instance is alive exactly while it holds the
--        session-level advisory lock (class 1398033744, "STMP", its number) on its own database session: PostgreSQL drops
--        the lock the moment that session ends, so the claims of a process that died can be taken over at once.
-- Rows claimed before this migration have neither and are taken over as the claims of a dead owner.
ALTER TABLE idempotency_keys ADD COLUMN claim uuid, ADD COLUMN owner integer;

CREATE SEQUENCE service_instance AS integer;

CREATE INDEX idempotency_claims_by_owner ON idempotency_keys (owner) WHERE state = 'in_flight';
