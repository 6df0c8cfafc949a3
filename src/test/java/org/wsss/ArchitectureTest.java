package org.wsss;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
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

    /**
     * The import rules as designed: the pure algorithms under everything; the model on them; settings, storage,
     * Spark helpers, the dataset layout and the report page as the edges the stages use; the stages; and the
     * command line on top. No arrow runs up.
     */
    @Test
    void layersImportOnlyDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("algorithms").definedBy("org.wsss.algo..")
                .layer("model").definedBy("org.wsss.model..")
                .layer("settings").definedBy("org.wsss.config..")
                .layer("storage").definedBy("org.wsss.io..")
                .layer("spark").definedBy("org.wsss.spark..")
                .layer("dataset").definedBy("org.wsss.data..")
                .layer("report page").definedBy("org.wsss.report..")
                .layer("stages").definedBy("org.wsss.jobs..")
                .layer("command line").definedBy("org.wsss.cli..")
                .whereLayer("command line").mayNotBeAccessedByAnyLayer()
                .whereLayer("stages").mayOnlyBeAccessedByLayers("command line")
                .whereLayer("report page").mayOnlyBeAccessedByLayers("stages", "command line")
                .whereLayer("dataset").mayOnlyBeAccessedByLayers("report page", "stages", "command line")
                .whereLayer("spark").mayOnlyBeAccessedByLayers("stages", "command line")
                .whereLayer("storage").mayOnlyBeAccessedByLayers("dataset", "report page", "stages", "command line")
                .whereLayer("settings").mayOnlyBeAccessedByLayers("spark", "dataset", "stages", "command line")
                .whereLayer("model").mayOnlyBeAccessedByLayers("settings", "stages", "command line")
                .check(MAIN);
    }

    /** The stage packages in the order the pipeline runs them. */
    private static final List<String> STAGES_IN_ORDER =
            List.of("index", "cam", "affinity", "tune", "walk", "seg", "evaluate", "report");

    /**
     * A stage may know the stages before it (their names, tables and checkpoints are its inputs), never one after
     * it: the packages read as the pipeline they are.
     */
    @Test
    void stagePackagesKnowOnlyEarlierStages() {
        for (int i = 0; i < STAGES_IN_ORDER.size(); i++) {
            String[] later = STAGES_IN_ORDER.subList(i + 1, STAGES_IN_ORDER.size()).stream()
                    .map(name -> "org.wsss.jobs." + name + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage("org.wsss.jobs." + STAGES_IN_ORDER.get(i) + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(later)
                    .allowEmptyShould(true)
                    .check(MAIN);
        }
    }

    /** What every stage shares (templates, declarations, the training loop) knows no particular stage. */
    @Test
    void sharedStageMachineryKnowsNoStage() {
        String[] stages = STAGES_IN_ORDER.stream().map(name -> "org.wsss.jobs." + name + "..").toArray(String[]::new);
        noClasses().that().resideInAnyPackage("org.wsss.jobs.stage..", "org.wsss.jobs.train..")
                .should().dependOnClassesThat().resideInAnyPackage(stages)
                .check(MAIN);
    }

    /** Every class under jobs sits in a stage's package or the shared ones: nothing loose at the top. */
    @Test
    void jobsHaveNoLooseClasses() {
        List<String> known = new java.util.ArrayList<>(STAGES_IN_ORDER);
        known.addAll(List.of("stage", "train"));
        classes().that().resideInAPackage("org.wsss.jobs..")
                .should().resideInAnyPackage(known.stream().map(name -> "org.wsss.jobs." + name + "..")
                        .toArray(String[]::new))
                .check(MAIN);
    }

    /**
     * Stages read Spark rows by column name, never by position (ARCHITECTURE.md): a join or a new column moves
     * positions silently. ArchUnit sees calls, not their arguments, so this reads the sources.
     */
    @Test
    void stagesReadRowsByName() throws java.io.IOException {
        java.util.regex.Pattern positional = java.util.regex.Pattern.compile(
                "\\.(getString|getInt|getLong|getDouble|getFloat|getBoolean|getList|getSeq|getStruct|isNullAt)"
                        + "\\(\\d+\\)");
        List<String> found = new java.util.ArrayList<>();
        try (var files = java.nio.file.Files.walk(java.nio.file.Path.of("src/main/java/org/wsss/jobs"))) {
            for (java.nio.file.Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                List<String> lines = java.nio.file.Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (positional.matcher(lines.get(i)).find()) {
                        found.add(file + ":" + (i + 1) + ": " + lines.get(i).trim());
                    }
                }
            }
        }
        org.junit.jupiter.api.Assertions.assertEquals(List.of(), found, "rows read by position");
    }

    @Test
    void everyStageIsAJobsClass() {
        classes().that().implement(org.wsss.jobs.stage.Stage.class)
                .should().resideInAPackage("org.wsss.jobs..")
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
