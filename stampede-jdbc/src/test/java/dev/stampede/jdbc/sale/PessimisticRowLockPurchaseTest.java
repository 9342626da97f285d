package dev.stampede.jdbc.sale;

class PessimisticRowLockPurchaseTest extends JdbcPurchaseContract {

    @Override
    String strategyName() {
        return "pessimistic";
    }
}
