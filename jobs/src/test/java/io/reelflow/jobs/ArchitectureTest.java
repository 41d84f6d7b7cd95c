package io.reelflow.jobs;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Keeps the layering: engines are plain Java, adapters are the only Flink code in operators, operators do not reach
 * into each other or into jobs and infra, and jobs only wire public stage APIs.
 */
@AnalyzeClasses(packages = "io.reelflow", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule enginesDoNotImportFlink = noClasses()
            .that().resideInAnyPackage("io.reelflow.operators..", "io.reelflow.pipeline..", "io.reelflow.config..",
                    "io.reelflow.model..", "io.reelflow.schema..")
            .and().resideOutsideOfPackage("..flink..")
            .should().dependOnClassesThat().resideInAPackage("org.apache.flink..")
            .because("engines are plain Java, unit-testable without Flink; adapters live in .flink packages");

    @ArchTest
    static final ArchRule operatorsDoNotDependOnJobsOrInfra = noClasses()
            .that().resideInAnyPackage("io.reelflow.operators..", "io.reelflow.pipeline..", "io.reelflow.config..",
                    "io.reelflow.model..", "io.reelflow.schema..")
            .should().dependOnClassesThat().resideInAnyPackage("io.reelflow.jobs..", "io.reelflow.infra..", "io.reelflow.cli..")
            .because("engines never depend on jobs; jobs only wire");

    @ArchTest
    static final ArchRule operatorsAreIndependentOfEachOther = slices()
            .matching("io.reelflow.operators.(*)..")
            .should().notDependOnEachOther()
            .because("each stage talks to the others only through the records in io.reelflow.pipeline");

    @ArchTest
    static final ArchRule jobsUseOnlyPublicStageApis = noClasses()
            .that().resideInAPackage("io.reelflow.jobs..")
            .should().dependOnClassesThat().resideInAPackage("..internal..")
            .orShould().dependOnClassesThat().resideInAnyPackage("io.reelflow.infra..", "io.reelflow.cli..");
}
