package dev.stampede.bench.report;

import java.util.List;
import java.util.function.ToDoubleFunction;

/** The median of a figure over several runs (the mean of the middle two for an even count). */
public final class Medians {

    private Medians() {}

    public static <T> double of(List<T> runs, ToDoubleFunction<T> figure) {
        if (runs.isEmpty()) {
            return 0;
        }
        double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
