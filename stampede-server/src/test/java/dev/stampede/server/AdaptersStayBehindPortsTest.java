package dev.stampede.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.List;

/**
 * The adapters stay behind the core's ports (issue 12): the server reaches them only where it wires them, and no
 * adapter leans on another. {@link ArchitectureRulesCanFailTest} shows each rule failing on a class that breaks it.
 * The third rule, the core free of frameworks and drivers, is {@code CoreHasNoFrameworkOrDriverTest} in the core.
 */
@AnalyzeClasses(packages = "dev.stampede", importOptions = ImportOption.DoNotIncludeTests.class)
class AdaptersStayBehindPortsTest {

    /** The adapters, by the package under {@code dev.stampede} of each (declared before the rules that use it). */
    static final List<String> ADAPTERS = List.of("jdbc", "redis", "etcd", "payments", "kafka");

    @ArchTest
    static final ArchRule onlyTheServersConfigurationReachesAdapters = noClasses()
            .that()
            .resideInAPackage("dev.stampede.server..")
            .and()
            .resideOutsideOfPackage("dev.stampede.server.config..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(packages(ADAPTERS))
            .because("the server uses the core's ports; only dev.stampede.server.config chooses their implementations");

    @ArchTest
    static final ArchRule noAdapterDependsOnAnother = CompositeArchRule.of(dependsOnNoOtherAdapter("jdbc"))
            .and(dependsOnNoOtherAdapter("redis"))
            .and(dependsOnNoOtherAdapter("etcd"))
            .and(dependsOnNoOtherAdapter("payments"))
            .and(dependsOnNoOtherAdapter("kafka"));

    private static ArchRule dependsOnNoOtherAdapter(String adapter) {
        return noClasses()
                .that()
                .resideInAPackage("dev.stampede." + adapter + "..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(packages(ADAPTERS.stream()
                        .filter(other -> !other.equals(adapter))
                        .toList()))
                .because("an adapter depends on the core only; what it needs of another store is a port");
    }

    private static String[] packages(List<String> adapters) {
        return adapters.stream()
                .map(adapter -> "dev.stampede." + adapter + "..")
                .toArray(String[]::new);
    }
}
