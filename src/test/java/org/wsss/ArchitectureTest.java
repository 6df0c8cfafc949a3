package org.wsss;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the layers' imports pointing down (ARCHITECTURE.md): pure algorithms, model, jobs, edges. */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.wsss");

    @Test
    void pureAlgorithmsUseOnlyTheJdk() {
        classes().that().resideInAPackage("org.wsss.algo..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("org.wsss.algo..", "java..", "javax..", "org.w3c.dom..")
                .check(MAIN);
    }

    @Test
    void modelLayerKnowsNothingOfSparkOrHadoopOrJobs() {
        noClasses().that().resideInAPackage("org.wsss.model..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "org.apache.hadoop..",
                        "org.wsss.jobs..", "org.wsss.cli..", "org.wsss.spark..", "org.wsss.io..", "org.wsss.data..")
                .allowEmptyShould(true)
                .check(MAIN);
    }

    @Test
    void onlyTheCommandLineKnowsTheCommandLine() {
        noClasses().that().resideOutsideOfPackage("org.wsss.cli..")
                .should().dependOnClassesThat().resideInAPackage("org.wsss.cli..")
                .check(MAIN);
    }

    @Test
    void onlyTheDatasetLayerKnowsTheLayout() {
        noClasses().that().resideOutsideOfPackages("org.wsss.data..", "org.wsss.jobs..", "org.wsss.cli..")
                .should().dependOnClassesThat().haveSimpleName("PetLayout")
                .check(MAIN);
    }
}
