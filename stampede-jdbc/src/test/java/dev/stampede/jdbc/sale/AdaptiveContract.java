package dev.stampede.jdbc.sale;

import dev.stampede.core.adaptive.AdaptivePurchase;
import dev.stampede.core.adaptive.ModeRule;
import dev.stampede.core.sale.PurchaseStrategy;
import java.time.Duration;
import java.util.function.Supplier;

/** The purchase contract for {@code adaptive} on embedded PostgreSQL; each test names the rule that switches SKUs. */
abstract class AdaptiveContract extends JdbcPurchaseContract {

    abstract AdaptivePurchase adaptive();

    @Override
    String strategyName() {
        return "adaptive";
    }

    @Override
    protected PurchaseStrategy strategy() {
        return adaptive();
    }

    /** {@code adaptive} over the test database, its SKUs' modes decided by {@code rules}, reporting to {@code counts}. */
    static AdaptivePurchase adaptive(Supplier<ModeRule> rules, SwitchCounts counts) {
        return strategies(TRANSACTIONS, StrategySettings.defaults(), counts).adaptive(rules, 8, Duration.ofSeconds(80));
    }
}
