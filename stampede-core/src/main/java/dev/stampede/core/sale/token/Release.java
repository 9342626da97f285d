package dev.stampede.core.sale.token;

import java.util.UUID;

/** What releasing a claim came to. */
public sealed interface Release {

    /** The claim was open and is released now, or had been released or had expired before: its tokens are free. */
    record Freed(TokenClaim claim, boolean now) implements Release {}

    /** The claim was checked out: its tokens are an order's, and stay so. Nothing was changed. */
    record AlreadyRedeemed(TokenClaim claim) implements Release {}

    /** No claim has this id. */
    record UnknownClaim(UUID claimId) implements Release {}
}
