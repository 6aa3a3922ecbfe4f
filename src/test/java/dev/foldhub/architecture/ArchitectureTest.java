package dev.foldhub.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The floors of the house, checked on the production classes: feature packages form no cycle, the numeric and
 * parsing code runs without Spring, nothing depends on the dashboard, and the web layer knows no feature.
 */
class ArchitectureTest {

    private static final String[] FEATURES = {"dev.foldhub.dataset..", "dev.foldhub.experiment..",
        "dev.foldhub.queue..", "dev.foldhub.worker..", "dev.foldhub.training..", "dev.foldhub.prediction..",
        "dev.foldhub.scoring..", "dev.foldhub.ensemble..", "dev.foldhub.submission..", "dev.foldhub.dashboard..",
        "dev.foldhub.security..", "dev.foldhub.mlflow..", "dev.foldhub.demo..", "dev.foldhub.errorbrowser..",
        "dev.foldhub.pseudolabel..", "dev.foldhub.series..", "dev.foldhub.storage..", "dev.foldhub.bundle.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.foldhub");
    }

    @Test
    void featurePackagesFormNoCycle() {
        // guards the package-by-feature floors: a feature that reaches back into one above it is a cycle
        slices().matching("dev.foldhub.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void trainingScoringErrorsAndYamlImportNoSpring() {
        // guards that the numeric code, the training pipeline and the domain's refusals run (and test) without Spring
        noClasses().that().resideInAnyPackage("dev.foldhub.training..", "dev.foldhub.scoring..",
                        "dev.foldhub.errors..", "dev.foldhub.yaml..", "dev.foldhub.files..")
                .should().dependOnClassesThat().resideInAPackage("org.springframework..")
                .check(classes);
    }

    @Test
    void predictionCodecsImportNoSpring() {
        // guards that the .npy and float16 codecs stay plain Java; only the stores (JDBC) use Spring
        noClasses().that().resideInAPackage("dev.foldhub.prediction")
                .and().haveSimpleNameNotEndingWith("Store")
                .should().dependOnClassesThat().resideInAPackage("org.springframework..")
                .check(classes);
    }

    @Test
    void noFeatureDependsOnTheDashboard() {
        // guards that pages sit on top: a service that imports a page class inverts the floors
        noClasses().that().resideOutsideOfPackage("dev.foldhub.dashboard..")
                .should().dependOnClassesThat().resideInAPackage("dev.foldhub.dashboard..")
                .check(classes);
    }

    @Test
    void theWebLayerKnowsNoFeature() {
        // guards that web/ (problem details, limits, paging) is shared ground that any feature may stand on
        noClasses().that().resideInAPackage("dev.foldhub.web..")
                .should().dependOnClassesThat().resideInAnyPackage(FEATURES)
                .check(classes);
    }

    @Test
    void otherPackagesSeeTrainingOnlyThroughItsFacade() {
        // guards the façade: FoldTrainer, TestPredictor, the config and its parser in dev.foldhub.training; the
        // sub-packages (config, model, optim, schedule, data, image, augment, checkpoint, loop) are its own business
        noClasses().that().resideOutsideOfPackage("dev.foldhub.training..")
                .should().dependOnClassesThat().resideInAPackage("dev.foldhub.training.*..")
                .check(classes);
    }

    @Test
    void trainingSubPackagesFormNoCycle() {
        // guards the order inside training: image and config at the bottom, the loop on top
        slices().matching("dev.foldhub.training.(*)..").should().beFreeOfCycles().check(classes);
    }
}
