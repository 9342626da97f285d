package dev.stampede.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.stampede.core.archfixture.StoreUsingJdbc;
import org.junit.jupiter.api.Test;

@AnalyzeClasses(packages = "dev.stampede.core", importOptions = ImportOption.DoNotIncludeTests.class)
class CoreHasNoFrameworkOrDriverTest {

    @ArchTest
    static final ArchRule coreDependsOnNoSpringAndNoDriver = noClasses()
            .that()
            .resideInAPackage("dev.stampede.core..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.springframework..",
                    "java.sql..",
                    "javax.sql..",
                    "org.postgresql..",
                    "io.lettuce..",
                    "io.etcd..",
                    "com.zaxxer..",
                    "io.micrometer..");

    /** The rule above, run over a core class that uses JDBC, reports it: it can fail. */
    @Test
    void aCoreClassThatReachesADriverApiIsReported() {
        var result =
                coreDependsOnNoSpringAndNoDriver.evaluate(new ClassFileImporter().importClasses(StoreUsingJdbc.class));

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).anyMatch(line -> line.contains("java.sql.Connection"));
    }
}
