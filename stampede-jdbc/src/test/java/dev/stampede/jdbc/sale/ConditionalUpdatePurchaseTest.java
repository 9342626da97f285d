package dev.stampede.jdbc.sale;

class ConditionalUpdatePurchaseTest extends JdbcPurchaseContract {

    @Override
    String strategyName() {
        return "conditional";
    }
}
