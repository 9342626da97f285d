package dev.stampede.bench.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.stampede.bench.report.AdaptiveSwitchFigures;
import dev.stampede.bench.report.InstanceShares;
import dev.stampede.bench.report.LeaseFigures;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServiceScrapesTest {

    private final List<HttpServer> instances = new ArrayList<>();

    @AfterEach
    void stop() {
        instances.forEach(server -> server.stop(0));
    }

    @Test
    void everyParsersCountersAreSummedOverTheInstancesFromOneScrapeOfEach() throws IOException {
        ServiceScrapes scrapes = new ServiceScrapes(List.of(instanceAnswering("""
                        stampede_adaptive_switches_total{direction="escalate"} 2.0
                        stampede_lease_lost_total{backend="jdbc"} 1.0
                        """), instanceAnswering("""
                        stampede_adaptive_switches_total{direction="escalate"} 3.0
                        stampede_adaptive_switches_total{direction="step_down"} 1.0
                        """)));

        Map<String, Long> totals = scrapes.summed(List.of(AdaptiveSwitchMeters::parse, LeaseMeters::parse));

        assertThat(totals)
                .containsOnly(
                        Map.entry(AdaptiveSwitchFigures.ESCALATED, 5L),
                        Map.entry(AdaptiveSwitchFigures.STEPPED_DOWN, 1L),
                        Map.entry(LeaseFigures.ACQUIRED, 0L),
                        Map.entry(LeaseFigures.LOST, 1L));
    }

    @Test
    void eachInstancesPurchasesAreCountedApartInTheInstancesOrder() throws IOException {
        ServiceScrapes scrapes = new ServiceScrapes(List.of(
                instanceAnswering("stampede_purchases_total{outcome=\"purchased\",strategy=\"batched\"} 7.0\n"),
                instanceAnswering("""
                        stampede_purchases_total{outcome="purchased",strategy="batched"} 4.0
                        stampede_purchases_total{outcome="sold_out",strategy="batched"} 5.0
                        """)));

        assertThat(InstancePurchases.read(scrapes))
                .containsOnly(Map.entry(InstanceShares.counter(1), 7L), Map.entry(InstanceShares.counter(2), 9L));
    }

    private URI instanceAnswering(String scrape) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/actuator/prometheus", exchange -> {
            byte[] body = scrape.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        instances.add(server);
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }
}
