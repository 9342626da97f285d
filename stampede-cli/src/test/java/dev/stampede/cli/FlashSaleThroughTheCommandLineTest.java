package dev.stampede.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.bench.service.ServiceProfile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code stampede bench flash-sale} end to end on a local service in this JVM: targets, driver, audit, exit code. */
class FlashSaleThroughTheCommandLineTest {

    @Test
    void anOversellingStrategyFailsItsAuditAndTheCommandExitsOne(@TempDir Path dir) {
        Path json = dir.resolve("flash.json");

        String words = "bench flash-sale --vus 200 --stock 50 --strategies conditional,unsafe --no-warmup --no-ceiling"
                + " --in-process --patient --no-progress --json ";

        int exit = StampedeCommand.commandLine().execute((words + json).split(" "));

        assertThat(exit).isEqualTo(1);
        JsonNode report = JsonMapper.builder().build().readTree(json.toFile());
        assertThat(report.path("scenario").asString()).isEqualTo("flash-sale");
        JsonNode parameters = report.path("parameters");
        assertThat(parameters.path("stock").asInt()).isEqualTo(50);
        assertThat(parameters.path("model").asString()).contains("200 VUs x 1 iteration");
        assertThat(parameters.path("instances").asInt()).isEqualTo(1);
        assertThat(parameters.path("runs").asInt()).isEqualTo(1);
        List<String> properties = new ArrayList<>();
        parameters.path("service properties").forEach(property -> properties.add(property.asString()));
        assertThat(properties).isEqualTo(ServiceProfile.PATIENT.properties());
        assertThat(report.path("ceiling_rps").isNull()).isTrue();

        JsonNode conditional = report.path("runs").get(0);
        assertThat(conditional.path("strategy").asString()).isEqualTo("conditional");
        assertThat(conditional.path("audit").path("passed").asBoolean()).isTrue();
        assertThat(conditional.path("outcomes").path("success").asLong()).isEqualTo(50);
        JsonNode unsafe = report.path("runs").get(1);
        assertThat(unsafe.path("strategy").asString()).isEqualTo("unsafe");
        assertThat(unsafe.path("audit").path("passed").asBoolean()).isFalse();
        assertThat(unsafe.path("audit").path("oversold").asLong()).isPositive();
    }
}
