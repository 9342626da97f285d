package dev.stampede.payments;

import java.time.Duration;

/**
 * How the simulated provider behaves, per charge: a latency drawn uniformly from [{@code minLatency}, {@code
 * maxLatency}] (seed 003: "takes 2-6 seconds"); {@code declineRate} of the charges declined; {@code stallRate} of them
 * decided only after {@code stall} more (a client with a shorter timeout gives up first); {@code lostAnswerRate} of
 * them applied and then left unanswered, the connection closed (the ambiguous outcome: charged, answer lost). Rates are
 * fractions in [0, 1], drawn independently.
 */
public record PaymentBehaviour(
        Duration minLatency,
        Duration maxLatency,
        double declineRate,
        double stallRate,
        Duration stall,
        double lostAnswerRate) {

    /** 2-6 s, 10% declined, 1% stalled for 30 s, 1% answers lost. */
    public static final PaymentBehaviour DEFAULT = new PaymentBehaviour(
            Duration.ofSeconds(2), Duration.ofSeconds(6), 0.10, 0.01, Duration.ofSeconds(30), 0.01);

    /** Answers at once and always charges: the base the tests change one property of. */
    public static final PaymentBehaviour INSTANT =
            new PaymentBehaviour(Duration.ZERO, Duration.ZERO, 0, 0, Duration.ZERO, 0);

    public PaymentBehaviour {
        if (minLatency.isNegative() || maxLatency.compareTo(minLatency) < 0) {
            throw new IllegalArgumentException(
                    "latency must be 0 <= min <= max, was " + minLatency + ".." + maxLatency);
        }
        if (stall.isNegative()) {
            throw new IllegalArgumentException("stall must not be negative, was " + stall);
        }
        rate("decline rate", declineRate);
        rate("stall rate", stallRate);
        rate("lost-answer rate", lostAnswerRate);
    }

    public PaymentBehaviour withLatency(Duration min, Duration max) {
        return new PaymentBehaviour(min, max, declineRate, stallRate, stall, lostAnswerRate);
    }

    public PaymentBehaviour withDeclineRate(double rate) {
        return new PaymentBehaviour(minLatency, maxLatency, rate, stallRate, stall, lostAnswerRate);
    }

    public PaymentBehaviour withStalls(double rate, Duration duration) {
        return new PaymentBehaviour(minLatency, maxLatency, declineRate, rate, duration, lostAnswerRate);
    }

    public PaymentBehaviour withLostAnswerRate(double rate) {
        return new PaymentBehaviour(minLatency, maxLatency, declineRate, stallRate, stall, rate);
    }

    private static void rate(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be within [0, 1], was " + value);
        }
    }
}
