package dev.stampede.jdbc.hold;

class PessimisticRowLockHoldTest extends JdbcHoldContract {

    @Override
    String strategyName() {
        return "pessimistic";
    }
}
