package dev.stampede.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code stampede bench ... --dashboard}: the URL of the local service's live dashboard, live while the run goes on. */
class DashboardThroughTheCommandLineTest {

    private static final Pattern DASHBOARD = Pattern.compile("Live dashboard: (http://\\S+/dashboard)");

    @Test
    void theBenchPrintsItsServicesDashboardWhichStreamsSnapshotsDuringTheRun() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream terminal = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        HttpClient http = HttpClient.newHttpClient();
        try (ExecutorService bench = Executors.newSingleThreadExecutor()) {
            Future<Integer> exit = bench.submit(() -> StampedeCommand.commandLine()
                    .execute(("bench flash-sale --vus 3000 --stock 2000 --strategies conditional,pessimistic"
                                    + " --runs 2 --no-warmup --no-ceiling --in-process --no-progress --dashboard")
                            .split(" ")));

            String url = await().atMost(Duration.ofMinutes(2))
                    .until(() -> dashboardUrl(printed.toString(StandardCharsets.UTF_8)), Objects::nonNull);
            HttpResponse<String> page =
                    http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<Stream<String>> stream = http.send(
                    HttpRequest.newBuilder(URI.create(url + "/stream")).build(), HttpResponse.BodyHandlers.ofLines());
            try (Stream<String> lines = stream.body()) {
                String snapshot = lines.filter(line -> line.startsWith("data:"))
                        .findFirst()
                        .orElseThrow();
                assertThat(snapshot).contains("\"purchases\"", "\"lockWait\"");
            }

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("Stampede · live");
            assertThat(exit.get()).isZero();
        } finally {
            System.setOut(terminal);
        }
    }

    private static String dashboardUrl(String printed) {
        Matcher matcher = DASHBOARD.matcher(printed);
        return matcher.find() ? matcher.group(1) : null;
    }
}
