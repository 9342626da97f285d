package dev.stampede.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import dev.stampede.etcd.EtcdLeaseLock;
import dev.stampede.jdbc.Transactions;
import dev.stampede.kafka.KafkaEventPublisher;
import dev.stampede.payments.HttpPaymentProvider;
import dev.stampede.redis.archfixture.RedisStoreUsingJdbc;
import dev.stampede.server.archfixture.ControllerUsingJdbc;
import dev.stampede.server.config.archfixture.ConfigUsingJdbc;
import dev.stampede.server.sale.Sales;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each rule of {@link AdaptersStayBehindPortsTest}, run over a fixture class that breaks it, reports it. */
class ArchitectureRulesCanFailTest {

    @Test
    void serverCodeOutsideTheConfigPackageThatReachesAnAdapterIsReported() {
        assertThat(violations(
                        AdaptersStayBehindPortsTest.onlyTheServersConfigurationReachesAdapters,
                        ControllerUsingJdbc.class,
                        Sales.class))
                .isNotEmpty()
                .allMatch(violation -> violation.contains("<" + ControllerUsingJdbc.class.getName()));
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
        assertThat(violations(
                        AdaptersStayBehindPortsTest.noAdapterDependsOnAnother,
                        RedisStoreUsingJdbc.class,
                        Transactions.class,
                        EtcdLeaseLock.class,
                        HttpPaymentProvider.class,
                        KafkaEventPublisher.class))
                .isNotEmpty()
                .allMatch(violation -> violation.contains("<" + RedisStoreUsingJdbc.class.getName()));
    }

    /**
     * The rule's violations over these classes alone, one line each naming the class that breaks it. Each rule is given
     * at least one class it checks besides the fixture (a rule that checks no class fails for that reason alone).
     */
    private static List<String> violations(ArchRule rule, Class<?>... classes) {
        JavaClasses imported = new ClassFileImporter().importClasses(classes);
        return rule.evaluate(imported).getFailureReport().getDetails();
    }
}
