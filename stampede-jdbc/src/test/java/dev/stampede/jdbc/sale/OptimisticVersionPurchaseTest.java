package dev.stampede.jdbc.sale;

class OptimisticVersionPurchaseTest extends JdbcPurchaseContract {

    @Override
    String strategyName() {
        return "optimistic";
    }
}
