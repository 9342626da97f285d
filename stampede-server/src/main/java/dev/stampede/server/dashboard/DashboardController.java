package dev.stampede.server.dashboard;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live dashboard: the page ({@code GET /dashboard}, static files under {@code /dashboard/}, uPlot vendored beside
 * them) and its feed ({@code GET /dashboard/stream}, server-sent events of {@link Snapshot}s). Both are reads open to
 * anyone, like {@code /actuator/prometheus}: they show what that endpoint shows, plus the sold and remaining units of
 * the hottest SKUs, which {@code GET /api/skus/{id}} shows anyone.
 */
@Controller
class DashboardController {

    private final DashboardStream stream;

    DashboardController(DashboardStream stream) {
        this.stream = stream;
    }

    @GetMapping("/dashboard")
    String page() {
        return "forward:/dashboard/index.html";
    }

    @GetMapping(path = "/dashboard/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream() {
        return stream.subscribe();
    }
}
