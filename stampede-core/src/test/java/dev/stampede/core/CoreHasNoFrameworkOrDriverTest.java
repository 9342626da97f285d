package dev.stampede.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

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
}
