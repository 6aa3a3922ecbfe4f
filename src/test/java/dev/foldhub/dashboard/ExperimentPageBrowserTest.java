package dev.foldhub.dashboard;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.foldhub.dataset.DatasetService;
import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.experiment.ExperimentService;
import dev.foldhub.experiment.FoldProgress;
import dev.foldhub.experiment.OofRecomputation;
import dev.foldhub.experiment.OofRecomputations;
import dev.foldhub.prediction.Level1FileName;
import dev.foldhub.prediction.Npy;
import dev.foldhub.queue.Job;
import dev.foldhub.queue.JobKind;
import dev.foldhub.queue.JobQueue;
import dev.foldhub.testsupport.FoldFinisher;
import dev.foldhub.testsupport.HttpTestClient;
import dev.foldhub.testsupport.TinyConfigs;
import dev.foldhub.training.EpochStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Item 4 of issue 15 in a real headless Chromium: the experiment page opens with KPI cards, charts each fold's F2 with
 * the mean over folds, a ± std band and each fold's best epoch, charts train vs validation loss, offers the actions
 * that fit (clone lands on the child's page) and shows an imported experiment's fold scores instead of empty charts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "foldhub.worker.embedded=false")
class ExperimentPageBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** Validation F2 of folds 0, 1 (three epochs) and 2 (one epoch, still running). */
    private static final double[][] F2 = {{0.40, 0.55, 0.60}, {0.44, 0.59, 0.58}, {0.30}};

    @TempDir
    static Path temp;
    static ChromeDriver browser;
    static long trained;
    static long imported;

    @LocalServerPort
    int port;
    @Autowired
    DatasetService datasets;
    @Autowired
    ExperimentService experiments;
    @Autowired
    FoldProgress progress;
    @Autowired
    JobQueue queue;
    @Autowired
    OofRecomputations recomputations;

    private final WebDriverWait wait = new WebDriverWait(browser, WAIT, Duration.ofMillis(200));

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:experiment-page;MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        registry.add("foldhub.data-dir", () -> temp.resolve("data").toString());
        registry.add("foldhub.artifacts-dir", () -> temp.resolve("data/artifacts").toString());
    }

    @BeforeAll
    static void startBrowser() throws Exception {
        HeadlessChromium.assumeInstalled();
        new DemoDatasetGenerator().generate(temp.resolve("tiny"), new DemoSpec(100, 10, 32, 7L));
        browser = HeadlessChromium.start(temp.resolve("chromium-profile"));
        browser.manage().window().setSize(new Dimension(1366, 1000));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** A trained experiment (folds 0 and 1 finished, fold 2 running) and one imported from level1 files. */
    @BeforeEach
    void seedOnce() throws Exception {
        if (trained != 0) {
            return;
        }
        HeadlessChromium.logInAsAdmin(browser, wait, port);
        long datasetId = datasets.register("tiny", temp.resolve("tiny").toString()).id();
        trained = experiments.create("kpi-trained", "tiny", "0,1,2", TinyConfigs.resnet18(3)).id();
        for (int fold = 0; fold < F2.length; fold++) {
            long job = experiments.get(trained).folds().get(fold).jobId();
            for (int e = 0; e < F2[fold].length; e++) {
                progress.recordEpoch(trained, fold, job, new EpochStats(e + 1, 0.7 - 0.1 * e, F2[fold][e], 0.2, 0.001,
                        e % 2 == 0 ? 3.0 : 5.0, 100.0 + e, 0.5, 0.6 - 0.05 * e));
            }
        }
        FoldFinisher finisher = new FoldFinisher(queue, progress, datasets, experiments);
        finisher.succeed(trained, 0, 0.61);
        finisher.succeed(trained, 1, 0.64);
        imported = importTwoFolds(datasetId);
    }

    @Test // guards item 4: the KPI cards open the page with the experiment's numbers (partial: 2 of the 5 folds)
    void kpiCardsShowTheExperimentsNumbers() throws Exception {
        JsonNode e = json(new HttpTestClient(port).get("/api/experiments/" + trained), 200);
        open("/experiments/" + trained);
        assertThat(browser.executeScript("return document.querySelector('main .cards').id")).isEqualTo("kpis");
        assertThat(big("kpi-cv")).isEqualTo("0.6250 ± 0.0150"); // mean and population std of 0.61 and 0.64
        assertThat(browser.findElement(By.id("folds-done")).getText()).isEqualTo("(2 of 5 folds)");
        assertThat(big("kpi-oof")).isEqualTo(String.format(Locale.ROOT, "%.4f", e.get("oofF2").asDouble()));
        assertThat(browser.findElement(By.id("oof-partial")).isDisplayed()).as("pooled over 2 of 5 folds").isTrue();
        assertThat(big("kpi-best-epoch")).isEqualTo("1"); // both finished folds' best epoch (as FoldFinisher stores)
        assertThat(big("kpi-threshold")).isEqualTo("0.400");
        assertThat(big("kpi-folds")).isEqualTo("2 of 5");
        assertThat(browser.findElement(By.id("kpi-folds")).getText()).contains("missing: 3, 4");
        // epoch times 3, 5, 3 | 3, 5, 3 | 3: mean 25 / 7; images/s 100, 101, 102 | 100, 101, 102 | 100: mean 706 / 7
        assertThat(big("kpi-speed")).isEqualTo(String.format(Locale.ROOT, "%.1f s", 25.0 / 7));
        assertThat(browser.findElement(By.id("kpi-speed")).getText())
                .contains(String.format(Locale.ROOT, "%.1f training images/s, mean of 7 epochs", 706.0 / 7));
        // actions that fit a running, trainable experiment with two trained folds
        assertThat(browser.findElement(By.id("cancel")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("predict-oof")).getAttribute("data-folds")).isEqualTo("0,1");
        assertThat(browser.findElement(By.id("compare")).getAttribute("href")).endsWith("/compare?ids=" + trained);
        assertThat(browser.findElement(By.id("blend")).getAttribute("href")).endsWith("/ensembles?ids=" + trained
                + "#blend-form");
        assertThat(browser.findElement(By.id("train-missing")).getAttribute("data-folds")).isEqualTo("3,4");
        // the effective config: the experiment's own values and the defaults it left out
        assertThat(browser.findElement(By.cssSelector("#effective-config pre.yaml")).getText())
                .contains("batch_size: 16").contains("num_epochs: 3").contains("tta_combine_func: mean");
        assertThat(browser.findElement(By.cssSelector("#config pre.yaml")).getAttribute("textContent"))
                .contains("num_ttas: 1").doesNotContain("tta_combine_func");
        screenshot("experiment-page-kpis");
        assertNoConsoleErrors();
    }

    @Test // guards item 4: the F2 chart draws the mean over folds with a ± std band and a marker at each best epoch
    void theF2ChartHasTheMeanLineItsStdBandAndBestEpochMarkers() {
        open("/experiments/" + trained);
        String sets = "Chart.getChart('chart-f2').data.datasets";
        wait.until(d -> Boolean.TRUE.equals(browser.executeScript(
                "return " + sets + ".some((s) => s.label === 'mean')")));
        List<?> mean = ys(sets, "mean");
        List<?> upper = ys(sets, "mean + std");
        List<?> lower = ys(sets, "mean - std");
        // epoch 1 of the three folds, epochs 2 and 3 of the two that reached them; population std
        double[] means = {(0.40 + 0.44 + 0.30) / 3, 0.57, 0.59};
        double[] stds = {Math.sqrt((Math.pow(0.02, 2) + Math.pow(0.06, 2) + Math.pow(0.08, 2)) / 3), 0.02, 0.01};
        assertThat(mean).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(((Number) mean.get(i)).doubleValue()).isCloseTo(means[i], offset(1e-9));
            assertThat(((Number) upper.get(i)).doubleValue()).isCloseTo(means[i] + stds[i], offset(1e-9));
            assertThat(((Number) lower.get(i)).doubleValue()).isCloseTo(means[i] - stds[i], offset(1e-9));
        }
        assertThat(browser.executeScript("return " + sets + ".find((s) => s.label === 'mean + std').fill"))
                .as("the band fills down to the lower line").isEqualTo("+1");
        // best epochs: folds 0 and 1 at the epoch their results stored (FoldFinisher's 1, not their highest F2, so
        // the marker is the kept checkpoint's), running fold 2 at its highest F2 so far (epoch 1)
        assertThat(browser.executeScript("return JSON.stringify(" + sets
                + ".find((s) => s.label === 'best epoch').data)"))
                .isEqualTo("[{\"x\":1,\"y\":0.4},{\"x\":1,\"y\":0.44},{\"x\":1,\"y\":0.3}]");
        assertThat(browser.executeScript("return " + sets + "[0].label")).isEqualTo("fold 0");
        // the loss chart has each fold's validation loss beside its train loss
        String loss = "Chart.getChart('chart-loss').data.datasets";
        assertThat(ys(loss, "fold 0 validation")).hasSize(3);
        assertThat(((Number) ys(loss, "fold 0 validation").get(0)).doubleValue()).isCloseTo(0.6, offset(1e-9));
        assertThat(ys(loss, "fold 0 train")).hasSize(3);
        assertThat(browser.findElement(By.id("no-val-loss")).isDisplayed()).isFalse();
        browser.executeScript("document.getElementById('charts').scrollIntoView()");
        screenshot("experiment-page-charts");
        assertNoConsoleErrors();
    }

    @Test // guards item 4: an imported experiment (no epochs) shows its fold scores, not empty chart boxes
    void anImportedExperimentShowsItsFoldScoresInsteadOfEmptyCharts() {
        open("/experiments/" + imported);
        assertThat(browser.findElements(By.cssSelector("main canvas"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector(".chart"))).isEmpty();
        String line = browser.findElement(By.id("no-epochs")).getText();
        assertThat(line).startsWith("Imported without a per-epoch history").contains("fold 0 0.7000")
                .contains("fold 1 0.6000");
        assertThat(line).contains("fold 4 0.5000");
        assertThat(big("kpi-folds")).isEqualTo("5 of 5");
        assertThat(browser.findElement(By.id("partial")).isDisplayed()).isFalse();
        assertThat(browser.findElements(By.id("kpi-speed"))).as("no epochs, no epoch time").isEmpty();
        assertThat(browser.findElement(By.id("cancel")).isDisplayed()).as("nothing runs").isFalse();
        assertThat(browser.findElements(By.id("clone"))).as("an imported model has no config to train").isEmpty();
        assertThat(browser.findElements(By.id("predict-oof"))).as("and no checkpoints").isEmpty();
        assertThat(browser.findElements(By.id("blend"))).hasSize(1);
        screenshot("experiment-page-imported");
        assertNoConsoleErrors();
    }

    @Test // guards item 4: Clone opens a form (name, YAML overrides); its child is created and its page opens
    void cloneCreatesAChildAndLandsOnItsPage() {
        open("/experiments/" + trained);
        browser.findElement(By.id("clone")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("clone-form")));
        browser.findElement(By.id("clone-name")).clear();
        browser.findElement(By.id("clone-name")).sendKeys("kpi-child");
        browser.findElement(By.id("clone-overrides")).sendKeys("optimizer:\n  params:\n    lr: 0.0003\n");
        browser.findElement(By.id("clone-submit")).click();
        wait.until(d -> d.getCurrentUrl().matches(".*/experiments/\\d+$")
                && !d.getCurrentUrl().endsWith("/experiments/" + trained));
        wait.until(d -> "complete".equals(browser.executeScript("return document.readyState")));
        assertThat(browser.findElement(By.cssSelector("h1")).getText()).isEqualTo("kpi-child");
        assertThat(browser.findElement(By.id("parent")).getText()).isEqualTo("kpi-trained");
        String[] lr = browser.findElement(By.cssSelector("#config-changes tr[data-key='optimizer.params.lr']"))
                .getText().split(" "); // key, parent, this
        assertThat(Double.parseDouble(lr[1])).isEqualTo(0.001);
        assertThat(Double.parseDouble(lr[2])).isEqualTo(0.0003);
        long child = Long.parseLong(browser.getCurrentUrl().replaceAll(".*/experiments/", ""));
        assertThat(experiments.get(child).parentId()).isEqualTo(trained);
        screenshot("experiment-page-clone");
        assertNoConsoleErrors();
    }

    @Test // guards item 4: "Predict OOF with TTA" queues one OOF prediction per trained fold with the TTAs chosen
    void predictOofQueuesEachTrainedFoldWithTheChosenTtas() throws Exception {
        for (int fold = 0; fold < 2; fold++) { // FoldFinisher names these checkpoints; the request needs the files
            Path checkpoint = temp.resolve("data/artifacts/fold" + fold + ".params");
            Files.createDirectories(checkpoint.getParent());
            Files.write(checkpoint, new byte[] {1});
        }
        open("/experiments/" + trained);
        new Select(browser.findElement(By.id("predict-ttas"))).selectByValue("4");
        browser.findElement(By.id("predict-oof")).click();
        wait.until(ExpectedConditions.textMatches(By.id("message"), java.util.regex.Pattern.compile("Queued")));
        assertThat(browser.findElement(By.id("message")).getText()).startsWith("Queued OOF predictions of folds 0, 1");
        List<Job> jobs = queue.ofKind(JobKind.PREDICT_OOF);
        assertThat(jobs).hasSize(2);
        assertThat(jobs.stream().map(j -> recomputations.find(j.subjectId())).toList()).allSatisfy(r -> {
            assertThat(r.experimentId()).isEqualTo(trained);
            assertThat(r.numTtas()).isEqualTo(4);
        }).extracting(OofRecomputation::fold).containsExactlyInAnyOrder(0, 1);
        assertNoConsoleErrors();
    }

    private void open(String path) {
        browser.get("http://localhost:" + port + path);
        wait.until(d -> "complete".equals(browser.executeScript("return document.readyState")));
    }

    private String big(String card) {
        return browser.findElement(By.cssSelector("#" + card + " .big")).getText();
    }

    /** The y values of the chart dataset with this label. */
    private List<?> ys(String datasets, String label) {
        return (List<?>) browser.executeScript("return " + datasets + ".find((s) => s.label === '" + label
                + "').data.map((p) => p.y)");
    }

    private void assertNoConsoleErrors() {
        assertThat(browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList()).isEmpty();
    }

    private static void screenshot(String name) {
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Imports "imported-5f": level1 OOF files of the 5 folds (F2 0.7, 0.6, 0.65, 0.55, 0.5 in their names), no epochs. */
    private long importTwoFolds(long datasetId) throws Exception {
        HttpTestClient client = new HttpTestClient(port);
        byte[] foldsNpy = client.getBytes("/api/datasets/" + datasetId + "/folds.npy").body();
        byte[] folds = Npy.readUint8(foldsNpy);
        int classes = datasets.get(datasetId).numLabels();
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("folds.npy", foldsNpy);
        double[] scores = {0.7, 0.6, 0.65, 0.55, 0.5};
        for (int fold = 0; fold < scores.length; fold++) {
            int f = fold;
            int rows = (int) java.util.stream.IntStream.range(0, folds.length).filter(r -> folds[r] == f).count();
            float[] oof = new float[rows * classes];
            files.put(Level1FileName.ofTrain("imported-5f", fold, 3, scores[fold]).fileName(),
                    Npy.writeFloat32(oof, rows, classes));
        }
        return json(client.postMultipart("/api/experiments/import", Map.of("name", "imported-5f", "dataset", "tiny"),
                "files", files), 201).get("id").asLong();
    }
}
