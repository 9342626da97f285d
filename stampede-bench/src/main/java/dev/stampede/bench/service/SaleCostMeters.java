package dev.stampede.bench.service;

import dev.stampede.bench.report.SaleCostFigures;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a sale cost the service's stores, from one Prometheus scrape (read by {@link ServiceScrapes}) as the counters of
 * {@link SaleCostFigures}: the Redis commands Lettuce completed ({@code lettuce_command_completion_seconds_count},
 * every command and node), the Lua scripts among them ({@code EVALSHA} and {@code EVAL}) per node that answered, and
 * the connections borrowed from the service's database pools ({@code hikaricp_connections_usage_seconds_count}: one
 * per transaction or group-committed batch).
 */
public final class SaleCostMeters {

    private static final Pattern REDIS =
            Pattern.compile("^lettuce_command_completion_seconds_count\\{([^}]*)}\\s+(\\S+)$");
    private static final Pattern DATABASE =
            Pattern.compile("^hikaricp_connections_usage_seconds_count(\\{[^}]*})?\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private SaleCostMeters() {}

    /** The counters of one scrape: {@link SaleCostFigures#REDIS_CALLS} and {@link SaleCostFigures#DATABASE_USES} always (0 when absent), one {@link SaleCostFigures#scriptsAt} per node that ran a script. */
    public static Map<String, Long> parse(String scrape) {
        Map<String, Long> totals =
                new HashMap<>(Map.of(SaleCostFigures.REDIS_CALLS, 0L, SaleCostFigures.DATABASE_USES, 0L));
        scrape.lines().forEach(line -> {
            Matcher redis = REDIS.matcher(line);
            if (redis.matches()) {
                long count = count(redis.group(2));
                totals.merge(SaleCostFigures.REDIS_CALLS, count, Long::sum);
                Map<String, String> labels = labels(redis.group(1));
                String command = labels.getOrDefault("command", "");
                if (command.equals("EVALSHA") || command.equals("EVAL")) {
                    totals.merge(SaleCostFigures.scriptsAt(labels.getOrDefault("remote", "?")), count, Long::sum);
                }
                return;
            }
            Matcher database = DATABASE.matcher(line);
            if (database.matches()) {
                totals.merge(SaleCostFigures.DATABASE_USES, count(database.group(2)), Long::sum);
            }
        });
        return totals;
    }

    private static Map<String, String> labels(String labels) {
        Map<String, String> parsed = new HashMap<>();
        Matcher label = LABEL.matcher(labels);
        while (label.find()) {
            parsed.put(label.group(1), label.group(2));
        }
        return parsed;
    }

    private static long count(String value) {
        return Math.round(Double.parseDouble(value));
    }
}
