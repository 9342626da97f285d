package dev.stampede.bench.report;

import java.util.List;

/**
 * What the audit after a run found.
 *
 * @param orders orders in the store (null when it could not be read)
 * @param oversold units sold beyond the initial stock (null when unknown)
 * @param sources where the numbers were read: {@code service}, {@code database}, {@code sql}
 * @param problems every mismatch found; empty when the audit passed
 */
public record AuditVerdict(
        boolean passed,
        Long orders,
        Long oversold,
        Integer initialStock,
        Integer stockLeft,
        List<String> sources,
        List<String> problems) {

    public static AuditVerdict skipped(String why) {
        return new AuditVerdict(true, null, null, null, null, List.of(), List.of("not audited: " + why));
    }
}
