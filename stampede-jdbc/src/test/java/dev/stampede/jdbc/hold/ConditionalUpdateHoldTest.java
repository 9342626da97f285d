package dev.stampede.jdbc.hold;

class ConditionalUpdateHoldTest extends JdbcHoldContract {

    @Override
    String strategyName() {
        return "conditional";
    }
}
