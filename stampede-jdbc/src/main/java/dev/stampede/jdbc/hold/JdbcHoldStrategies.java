package dev.stampede.jdbc.hold;

import dev.stampede.core.hold.HoldStrategy;
import dev.stampede.jdbc.Transactions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** The SQL hold strategies: {@code conditional} and {@code pessimistic}, sharing one database. */
public final class JdbcHoldStrategies {

    private JdbcHoldStrategies() {}

    /** {@code lockTimeout}: how long {@code pessimistic} waits for a seat row lock before answering busy. */
    public static List<HoldStrategy> create(Transactions transactions, Clock clock, Duration lockTimeout) {
        return List.of(
                new ConditionalUpdateHold(transactions, clock),
                new PessimisticRowLockHold(transactions, clock, lockTimeout));
    }
}
