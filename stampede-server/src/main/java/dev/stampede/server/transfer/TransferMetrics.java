package dev.stampede.server.transfer;

import dev.stampede.core.transfer.TransferResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter.MeterProvider;
import io.micrometer.core.instrument.MeterRegistry;

/** The meters of transfers, in one place: transfer requests by strategy and outcome. */
final class TransferMetrics {

    private final MeterProvider<Counter> transfers;

    TransferMetrics(MeterRegistry meters) {
        transfers = Counter.builder("stampede.transfers")
                .description("Transfer requests by strategy and outcome")
                .withRegistry(meters);
    }

    void record(String strategy, TransferResult result) {
        transfers.withTags("strategy", strategy, "outcome", outcome(result)).increment();
    }

    private static String outcome(TransferResult result) {
        return switch (result) {
            case TransferResult.Transferred t -> t.replayed() ? "replayed" : "transferred";
            case TransferResult.InsufficientFunds i -> "insufficient_funds";
            case TransferResult.UnknownAccount u -> "unknown_account";
            case TransferResult.KeyReused k -> "key_reused";
            case TransferResult.Busy b -> "busy";
        };
    }
}
