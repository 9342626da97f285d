package dev.stampede.jdbc.sale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.core.adaptive.AdaptivePurchase;
import dev.stampede.core.adaptive.AdaptiveSettings;
import dev.stampede.core.adaptive.ConflictRateRule;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult.Purchased;
import dev.stampede.jdbc.TestDatabase;
import dev.stampede.testkit.SaleFuzz;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The purchase contract for {@code adaptive} under the service's rule and default settings, on PostgreSQL. */
class AdaptivePurchaseTest extends AdaptiveContract {

    private static final SwitchCounts COUNTS = new SwitchCounts();
    private static final AdaptivePurchase ADAPTIVE =
            adaptive(ConflictRateRule.perSku(AdaptiveSettings.defaults()), COUNTS);

    @Override
    AdaptivePurchase adaptive() {
        return ADAPTIVE;
    }

    @Test
    void aSkuThatManyBuyAtOnceIsEscalatedToTheBatchedPathAndSellsExactlyItsStock() {
        String sku = newSku(500);
        int escalatedBefore = COUNTS.escalations.get();

        SaleFuzz.Outcome outcome = SaleFuzz.run(ADAPTIVE, 64, 1_000, i -> PurchaseRequest.of(sku, "buyer-" + i, 1));

        assertThat(outcome.of(Purchased.class)).hasSize(500);
        assertThat(audit(sku).violations()).isEmpty();
        assertThat(audit(sku).orders()).isEqualTo(500);
        assertThat(COUNTS.escalations.get()).isGreaterThan(escalatedBefore);
        assertThat(ADAPTIVE.mode(sku)).contains("batched");
    }

    @Test
    void aSkuBoughtOneBuyerAtATimeStaysOptimistic() {
        String sku = newSku(50);

        for (int i = 0; i < 50; i++) {
            assertThat(ADAPTIVE.purchase(PurchaseRequest.of(sku, "buyer-" + i, 1)))
                    .isInstanceOf(Purchased.class);
        }

        assertThat(ADAPTIVE.mode(sku)).contains("optimistic");
        assertThat(audit(sku).stock()).isZero();
    }

    @Test
    void aBatchedSaleRaisesTheSkusVersionSoThatAnOptimisticWriteThatReadBeforeItLoses() throws SQLException {
        String sku = newSku(10);
        long before = version(sku);

        assertThat(STRATEGIES.named("batched").orElseThrow().purchase(PurchaseRequest.of(sku, "buyer", 1)))
                .isInstanceOf(Purchased.class);

        assertThat(version(sku)).isEqualTo(before + 1);
    }

    private static long version(String sku) throws SQLException {
        try (Connection connection = TestDatabase.dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT version FROM skus WHERE id = ?")) {
            select.setString(1, sku);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getLong(1);
            }
        }
    }
}
