package dev.stampede.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.bench.scenario.SaleShape;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code stampede demo}: the quick tour by default, the seeds' shapes with {@code --full}, and the tour end to end. */
class DemoCommandTest {

    private static DemoCommand parse(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "demo";
        System.arraycopy(args, 0, all, 1, args.length);
        return (DemoCommand) StampedeCommand.commandLine()
                .parseArgs(all)
                .subcommand()
                .commandSpec()
                .userObject();
    }

    @Test
    void theDefaultTourIsLastTicketThenATenthOfTheFlashSaleColdInThisJvm() {
        DemoCommand.Tour tour = parse().tour();

        assertThat(tour.sales()).containsExactly(SaleShape.LAST_TICKET, new SaleShape("flash-sale", 1_500, 1_000));
        assertThat(tour.warmUp()).isFalse();
        assertThat(tour.inProcess()).isTrue();
    }

    @Test
    void fullReplaysTheSeedsShapesWarmedUpOnAChildJvm() {
        DemoCommand.Tour tour = parse("--full").tour();

        assertThat(tour.sales()).containsExactly(SaleShape.FLASH_SALE, SaleShape.LAST_TICKET);
        assertThat(tour.warmUp()).isTrue();
        assertThat(tour.inProcess()).isFalse();
    }

    @Test
    void theQuickTourAuditsEveryStrategyCountsItsStepsAndOnlyUnsafeFails(@TempDir Path dir) {
        ByteArrayOutputStream steps = new ByteArrayOutputStream();
        PrintStream err = System.err;
        int exit;
        System.setErr(new PrintStream(steps, true, StandardCharsets.UTF_8));
        try {
            exit = StampedeCommand.commandLine().execute("demo", "--out", dir.toString(), "--no-progress");
        } finally {
            System.setErr(err);
        }

        assertThat(exit).isZero();
        JsonMapper json = JsonMapper.builder().build();
        List<String> strategies = new ArrayList<>();
        for (String sale : List.of("last-ticket", "flash-sale")) {
            assertThat(dir.resolve("stampede-demo-" + sale + ".html")).isNotEmptyFile();
            JsonNode report =
                    json.readTree(dir.resolve("stampede-demo-" + sale + ".json").toFile());
            assertThat(report.path("ceiling_rps").asDouble()).isPositive();
            strategies.clear();
            for (JsonNode run : report.path("runs")) {
                String strategy = run.path("strategy").asString();
                strategies.add(strategy);
                if (!strategy.equals("unsafe")) {
                    assertThat(run.path("audit").path("passed").asBoolean())
                            .as(sale + " " + strategy)
                            .isTrue();
                }
            }
            assertThat(strategies).contains("unsafe", "conditional", "batched");
        }
        int total = 2 * (strategies.size() + 1);
        List<String> lines = steps.toString(StandardCharsets.UTF_8)
                .lines()
                .filter(line -> line.matches("\\[\\d+:\\d\\d] demo \\d+/\\d+: .*"))
                .toList();
        assertThat(lines).hasSize(total);
        assertThat(lines.getFirst()).contains("demo 1/" + total + ": last-ticket, harness ceiling");
        assertThat(lines.getLast()).contains("demo " + total + "/" + total + ": flash-sale, ");
    }
}
