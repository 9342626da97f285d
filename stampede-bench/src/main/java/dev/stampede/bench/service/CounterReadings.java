package dev.stampede.bench.service;

import java.util.HashMap;
import java.util.Map;

/** Two readings of the service's counters, by name, turned into what happened between them. */
public final class CounterReadings {

    private CounterReadings() {}

    /** {@code after - before}, counter by counter; a counter missing before counts from 0. */
    public static Map<String, Long> since(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> delta = new HashMap<>();
        after.forEach((name, value) -> delta.put(name, value - before.getOrDefault(name, 0L)));
        return delta;
    }
}
