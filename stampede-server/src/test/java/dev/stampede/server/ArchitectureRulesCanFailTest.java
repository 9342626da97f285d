package dev.stampede.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import dev.stampede.redis.archfixture.RedisStoreUsingJdbc;
import dev.stampede.server.archfixture.ControllerUsingJdbc;
import dev.stampede.server.config.archfixture.ConfigUsingJdbc;
import dev.stampede.server.sale.Sales;
import org.junit.jupiter.api.Test;

/** Each rule of {@link AdaptersStayBehindPortsTest}, run over a fixture class that breaks it, reports it. */
class ArchitectureRulesCanFailTest {

    @Test
    void serverCodeOutsideTheConfigPackageThatReachesAnAdapterIsReported() {
        assertThat(violations(
                        AdaptersStayBehindPortsTest.onlyTheServersConfigurationReachesAdapters,
                        ControllerUsingJdbc.class))
                .contains(ControllerUsingJdbc.class.getName());
    }

    @Test
    void theConfigPackageMayReachAnAdapter() {
        assertThat(violations(
                        AdaptersStayBehindPortsTest.onlyTheServersConfigurationReachesAdapters,
                        ConfigUsingJdbc.class,
                        Sales.class))
                .isEmpty();
    }

    @Test
    void anAdapterThatReachesAnotherIsReported() {
        assertThat(violations(AdaptersStayBehindPortsTest.noAdapterDependsOnAnother, RedisStoreUsingJdbc.class))
                .contains(RedisStoreUsingJdbc.class.getName());
    }

    /** The rule's failure report over these classes alone (it also fails when no class is one it checks). */
    private static String violations(ArchRule rule, Class<?>... fixtures) {
        JavaClasses classes = new ClassFileImporter().importClasses(fixtures);
        return rule.evaluate(classes).getFailureReport().getDetails().stream()
                .reduce("", (all, line) -> all + line + "\n");
    }
}
