package dev.stampede.server.dashboard;

import dev.stampede.core.sale.Sku;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live feed of every open dashboard: once a {@link #tick()} (a second, on the service's one scheduler) one {@link
 * Snapshot} is made and written as JSON, and that one text is sent to every open stream as a server-sent event
 * ({@code event: snapshot}; WHATWG HTML, "Server-sent events"). With no dashboard open a tick only ends the window of
 * {@link HotKeys}. A stream the client closed is dropped at the next send that fails; a stream also ends after {@link
 * #STREAM_TIMEOUT}, after which the browser's {@code EventSource} reconnects by itself.
 */
public final class DashboardStream implements AutoCloseable {

    /** How long one stream stays open before the browser is made to reconnect. */
    static final Duration STREAM_TIMEOUT = Duration.ofMinutes(30);

    private final Snapshots snapshots;
    private final JsonMapper json = JsonMapper.builder().build();
    private final List<SseEmitter> open = new CopyOnWriteArrayList<>();
    private volatile String latest;

    /**
     * @param skus a SKU as {@code GET /api/skus/{id}} shows it (empty if there is none): the hot SKUs' sold and
     *     remaining units are read through it once a tick while a dashboard is open
     */
    public DashboardStream(MeterRegistry meters, HotKeys hotKeys, Function<String, Optional<Sku>> skus, Clock clock) {
        this.snapshots = new Snapshots(meters, hotKeys, skus, clock);
    }

    /** Opens a stream; it gets the latest snapshot at once, if there is one, and every next one. */
    public SseEmitter subscribe() {
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
        emitter.onCompletion(() -> open.remove(emitter));
        emitter.onTimeout(() -> open.remove(emitter));
        emitter.onError(e -> open.remove(emitter));
        String last = latest;
        if (last != null && !send(emitter, last)) {
            return emitter;
        }
        open.add(emitter);
        return emitter;
    }

    /** How many dashboards are open. */
    public int openStreams() {
        return open.size();
    }

    /** One second of the dashboard: the next snapshot, made once, sent to every open stream. */
    public void tick() {
        snapshots.window();
        if (open.isEmpty()) {
            latest = null;
            return;
        }
        String text = json.writeValueAsString(snapshots.take());
        latest = text;
        for (SseEmitter emitter : open) {
            if (!send(emitter, text)) {
                open.remove(emitter);
            }
        }
    }

    /** Ends every open stream, so that the service stops without waiting for them. */
    @Override
    public void close() {
        open.forEach(SseEmitter::complete);
        open.clear();
    }

    private static boolean send(SseEmitter emitter, String text) {
        try {
            emitter.send(SseEmitter.event().name("snapshot").data(text, MediaType.APPLICATION_JSON));
            return true;
        } catch (IOException | IllegalStateException e) {
            emitter.completeWithError(e);
            return false;
        }
    }
}
