package dev.stampede.server.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.stampede.core.kv.KvEntry;
import dev.stampede.core.sale.Order;
import dev.stampede.core.sale.SaleAudit;
import dev.stampede.core.sale.Sku;
import dev.stampede.core.sale.token.PoolDrift;
import dev.stampede.core.sale.token.TokenAudit;
import dev.stampede.core.sale.token.TokenClaim;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The JSON shapes of the API. */
final class Views {

    private Views() {}

    record CreateSku(String id, String name, Integer stock, String strategy, Integer maxPerBuyer) {}

    record PurchaseBody(String buyerId, Integer quantity) {}

    record OpenAccount(String id, Long openingBalance) {}

    record TransferBody(String from, String to, Long amount) {}

    record KvBody(String value) {}

    /** A key as the key-value API shows it; {@code revision} is its latest write's, also its entity tag. */
    record KvView(String key, String value, long revision, long createRevision, long version) {
        static KvView of(KvEntry entry) {
            return new KvView(entry.key(), entry.value(), entry.modRevision(), entry.createRevision(), entry.version());
        }
    }

    record AccountView(String id, long openingBalance, long balance, long reserved) {}

    record TransferView(UUID transferId, String from, String to, long amount, Instant createdAt) {}

    record MoneyAuditView(
            boolean passed,
            long accounts,
            BigInteger opening,
            BigInteger balances,
            BigInteger reserved,
            long transfers,
            long negativeAccounts,
            long ledgerMismatches,
            long unbalancedTransfers,
            long duplicateIdempotencyKeys,
            List<String> violations) {}

    /**
     * {@code maxPerBuyer}: the units one buyer may hold in all; absent (null) when buyers are not limited. {@code mode}:
     * for an {@code adaptive} SKU only, the path it is sold by on this instance now ({@code optimistic} or {@code
     * batched}); left out for the other strategies.
     */
    record SkuView(
            String id,
            String name,
            String strategy,
            int initialStock,
            int stock,
            int sold,
            Integer maxPerBuyer,
            @JsonInclude(JsonInclude.Include.NON_NULL) String mode) {
        static SkuView of(Sku sku, Optional<String> mode) {
            return new SkuView(
                    sku.id(),
                    sku.name(),
                    sku.strategy(),
                    sku.initialStock(),
                    sku.stock(),
                    sku.sold(),
                    sku.maxPerBuyer().isPresent() ? sku.maxPerBuyer().getAsInt() : null,
                    mode.orElse(null));
        }
    }

    record OrderView(UUID orderId, String skuId, String buyerId, int quantity, Instant createdAt) {
        static OrderView of(Order order) {
            return new OrderView(order.id(), order.skuId(), order.buyerId(), order.quantity(), order.createdAt());
        }
    }

    /** A claim on tokens: {@code tokens} are its token numbers; it holds them until {@code expiresAt} (exclusive). */
    record ClaimView(
            UUID claimId, String skuId, String buyerId, int quantity, List<Integer> tokens, Instant expiresAt) {
        static ClaimView of(TokenClaim claim) {
            return new ClaimView(
                    claim.id(), claim.skuId(), claim.buyerId(), claim.quantity(), claim.tokens(), claim.expiresAt());
        }
    }

    /**
     * The token invariants of a SKU sold by tokens; {@code drift} is null when the pool is PostgreSQL itself, and
     * {@code repaired} counts the tokens the reconciler has repaired in the pool's copy since this instance started.
     */
    record TokenAuditView(
            String pool,
            int free,
            int claimed,
            int redeemed,
            int remaining,
            PoolDrift drift,
            long repaired,
            boolean passed,
            List<String> violations) {
        static TokenAuditView of(TokenAudit audit) {
            return new TokenAuditView(
                    audit.pool(),
                    audit.free(),
                    audit.claimed(),
                    audit.redeemed(),
                    audit.remaining(),
                    audit.drift().orElse(null),
                    audit.repaired(),
                    audit.passed(),
                    audit.violations());
        }
    }

    /** {@code tokens}: present for a SKU sold by tokens only; {@code passed} covers both audits then. */
    record AuditView(
            String skuId,
            boolean passed,
            int initialStock,
            int stock,
            long orders,
            long unitsInOrders,
            long oversold,
            long unaccountedUnits,
            long duplicateIdempotencyKeys,
            long buyersOverLimit,
            long repairedUnits,
            long pendingOrders,
            List<String> violations,
            @JsonInclude(JsonInclude.Include.NON_NULL) TokenAuditView tokens) {
        static AuditView of(SaleAudit audit, Optional<TokenAudit> tokens) {
            List<String> violations = new ArrayList<>(audit.violations());
            tokens.ifPresent(found -> violations.addAll(found.violations()));
            return new AuditView(
                    audit.skuId(),
                    violations.isEmpty(),
                    audit.initialStock(),
                    audit.stock(),
                    audit.orders(),
                    audit.unitsInOrders(),
                    audit.oversold(),
                    audit.unaccountedUnits(),
                    audit.duplicateKeys(),
                    audit.buyersOverLimit(),
                    audit.repairedUnits(),
                    audit.pendingOrders(),
                    List.copyOf(violations),
                    tokens.map(TokenAuditView::of).orElse(null));
        }
    }
}
