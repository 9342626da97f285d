package dev.stampede.jdbc.sale;

class BatchedPurchaseTest extends JdbcPurchaseContract {

    @Override
    String strategyName() {
        return "batched";
    }
}
