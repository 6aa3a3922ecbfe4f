package dev.foldhub.dashboard;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static dev.foldhub.testsupport.HttpTestClient.toJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.foldhub.dataset.DatasetService;
import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.prediction.Level1FileName;
import dev.foldhub.prediction.Npy;
import dev.foldhub.testsupport.HttpTestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
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
 * Item 7 of issue 15 in a real headless Chromium, on a blend of two imported models run by the embedded worker: the
 * ensemble page opens with its headline KPIs (OOF, tuned-threshold and post-processing F2, nested CV, the gains over
 * the best member and over equal weights) as the JSON has them, the members table shows each member's OOF F2 and fold
 * count beside its weight, and "Make submission" posts the options chosen in its form.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "foldhub.worker.poll-interval=200ms", "foldhub.worker.heartbeat-interval=1s"})
class EnsemblePageBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TempDir
    static Path temp;
    static ChromeDriver browser;
    static int k;
    static List<Long> members;
    static long ensemble;

    @LocalServerPort
    int port;
    @Autowired
    DatasetService datasets;

    private HttpTestClient client;
    private final WebDriverWait wait = new WebDriverWait(browser, WAIT, Duration.ofMillis(200));

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:ensemblepage;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        registry.add("foldhub.data-dir", () -> temp.resolve("data").toString());
        registry.add("foldhub.artifacts-dir", () -> temp.resolve("data/artifacts").toString());
    }

    @BeforeAll
    static void startBrowser() throws Exception {
        HeadlessChromium.assumeInstalled();
        new DemoDatasetGenerator().generate(temp.resolve("kpi"), new DemoSpec(200, 10, 16, 11L));
        browser = HeadlessChromium.start(temp.resolve("chromium-profile"));
        browser.manage().window().setSize(new Dimension(1366, 900));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** A good and a noisier imported model (all folds), blended by a greedy search that the embedded worker runs. */
    @BeforeEach
    void blendOnce() throws Exception {
        client = new HttpTestClient(port);
        if (ensemble != 0) {
            return;
        }
        HeadlessChromium.logInAsAdmin(browser, wait, port);
        JsonNode dataset = json(client.post("/api/datasets", "application/json", "{\"name\": \"kpi\", \"path\": \""
                + temp.resolve("kpi").toAbsolutePath() + "\"}"), 201);
        long datasetId = dataset.get("id").asLong();
        byte[] foldsNpy = client.getBytes("/api/datasets/" + datasetId + "/folds.npy").body();
        int[][] labels = datasets.table(datasetId).trainLabels();
        int classes = dataset.get("numLabels").asInt();
        members = List.of(importModel("kpi-good", foldsNpy, labels, classes, 0.25, 1),
                importModel("kpi-noisy", foldsNpy, labels, classes, 0.5, 2));
        ensemble = json(client.post("/api/ensembles", "application/json", toJson(Map.of("name", "kpi-blend",
                "dataset", "kpi", "experiments", members, "method", "greedy"))), 201).get("id").asLong();
        JsonNode finished = await("/api/ensembles/" + ensemble, Duration.ofMinutes(2));
        assertThat(finished.get("status").asString()).as(finished.toString()).isEqualTo("SUCCEEDED");
    }

    @Test // guards item 7: the gains are the blend's OOF F2 minus the best member's own OOF F2 and minus equal weights'
    void theEnsembleJsonReportsTheBestMemberAndBothGains() throws Exception {
        JsonNode e = json(client.get("/api/ensembles/" + ensemble), 200);
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < members.size(); i++) {
            JsonNode member = e.get("weights").get(i);
            JsonNode experiment = json(client.get("/api/experiments/" + members.get(i)), 200);
            assertThat(member.get("oofF2").asDouble()).isEqualTo(experiment.get("oofF2").asDouble());
            assertThat(member.get("foldsDone").asInt()).isEqualTo(experiment.get("foldsDone").asInt()).isEqualTo(k);
            assertThat(member.get("datasetFolds").asInt()).isEqualTo(k);
            best = Math.max(best, experiment.get("oofF2").asDouble());
        }
        double oof = e.get("oofF2").asDouble();
        assertThat(e.get("bestMemberOofF2").asDouble()).isEqualTo(best);
        assertThat(e.get("gainOverBestMember").asDouble()).isCloseTo(oof - best, offset(1e-12));
        assertThat(e.get("gainOverEqualWeights").asDouble())
                .isCloseTo(oof - e.get("equalWeightF2").asDouble(), offset(1e-12));
        // a blend search never does worse than equal weights, which it starts from
        assertThat(e.get("gainOverEqualWeights").asDouble()).isGreaterThanOrEqualTo(-1e-9);
    }

    @Test // guards item 7: the KPI cards come first and show the JSON's numbers; each member row its OOF F2 and folds
    void theKpiCardsOpenThePageAndShowTheJsonsNumbers() throws Exception {
        JsonNode e = json(client.get("/api/ensembles/" + ensemble), 200);
        open("/ensembles/" + ensemble);
        // the KPIs are the first cards of the page, above the submission form and the members table
        assertThat(browser.executeScript("return document.querySelector('main .cards').id")).isEqualTo("kpis");
        assertThat(browser.executeScript("return document.getElementById('kpis').compareDocumentPosition("
                + "document.getElementById('weights')) & Node.DOCUMENT_POSITION_FOLLOWING")).isNotEqualTo(0L);
        assertThat(big("kpi-oof")).isEqualTo(score(e.get("oofF2").asDouble()));
        assertThat(big("kpi-tuned")).isEqualTo(score(e.get("tuning").get("thresholdF2").asDouble()));
        JsonNode chosen = chosenRule(e.get("postprocess"));
        assertThat(big("kpi-postprocess")).isEqualTo(score(chosen.get("oofF2").asDouble()));
        assertThat(browser.findElement(By.id("kpi-postprocess")).getText()).contains("rule " + chosen.get("name").asString());
        assertThat(big("kpi-nested-cv")).isEqualTo(score(e.get("nestedCvF2").asDouble()));
        assertThat(big("kpi-gain-best")).isEqualTo(gain(e.get("gainOverBestMember").asDouble()));
        assertThat(browser.findElement(By.id("kpi-gain-best")).getText())
                .contains("best member OOF F2 " + score(e.get("bestMemberOofF2").asDouble()));
        assertThat(big("kpi-gain-equal")).isEqualTo(gain(e.get("gainOverEqualWeights").asDouble()));

        for (JsonNode member : e.get("weights")) {
            String row = "#member-" + member.get("experiment").asLong();
            assertThat(browser.findElement(By.cssSelector(row + " .member-oof")).getText())
                    .isEqualTo(score(member.get("oofF2").asDouble()));
            assertThat(browser.findElement(By.cssSelector(row + " .member-folds")).getText()).isEqualTo(k + " of " + k);
        }
        screenshot("ensemble-kpis");
    }

    @Test // guards item 7: "Make submission" posts the form's ttas, combine and thresholds (with the session's CSRF)
    void makeSubmissionPostsTheOptionsChosenInItsForm() throws Exception {
        open("/ensembles/" + ensemble);
        new Select(browser.findElement(By.id("submission-ttas"))).selectByValue("4");
        new Select(browser.findElement(By.id("submission-thresholds"))).selectByValue("tuned");
        // imported models hold test predictions combined by the mean only: "max" is refused, so it was posted
        new Select(browser.findElement(By.id("submission-combine"))).selectByValue("max");
        browser.findElement(By.id("make-submission")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("message")));
        assertThat(browser.findElement(By.id("message")).getText()).contains("imported without level1_test predictions");
        assertThat(browser.getCurrentUrl()).endsWith("/ensembles/" + ensemble);
        screenshot("ensemble-submission-refused");

        new Select(browser.findElement(By.id("submission-combine"))).selectByValue("mean");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("make-submission"))).click();
        wait.until(ExpectedConditions.urlContains("/submissions?submission="));
        long id = Long.parseLong(browser.getCurrentUrl().replaceFirst(".*submission=(\\d+).*", "$1"));
        JsonNode submission = json(client.get("/api/submissions/" + id), 200);
        assertThat(submission.get("ensemble").asLong()).isEqualTo(ensemble);
        assertThat(submission.get("ttas").asInt()).isEqualTo(4);
        assertThat(submission.get("combine").asString()).isEqualTo("mean");
        assertThat(submission.get("thresholds").asString()).isEqualTo("tuned");
        assertThat(browser.findElements(By.id("submission-" + id))).hasSize(1);
    }

    private static JsonNode chosenRule(JsonNode postprocess) {
        for (JsonNode rule : postprocess.get("rules")) {
            if (rule.get("name").asString().equals(postprocess.get("chosen").asString())) {
                return rule;
            }
        }
        throw new AssertionError("no chosen rule in " + postprocess);
    }

    private String big(String card) {
        return browser.findElement(By.cssSelector("#" + card + " .big")).getText();
    }

    private static String score(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    private static String gain(double value) {
        return String.format(Locale.ROOT, "%+.4f", value);
    }

    private JsonNode await(String path, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode node = json(client.get(path), 200);
            String status = node.get("status").asString();
            if (!status.equals("QUEUED") && !status.equals("RUNNING")) {
                return node;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(path + " still " + status + ": " + node);
            }
            Thread.sleep(300);
        }
    }

    private void open(String path) {
        browser.get("http://localhost:" + port + path);
        wait.until(d -> "complete".equals(browser.executeScript("return document.readyState")));
    }

    private void screenshot(String name) throws Exception {
        Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    /** An imported model on every fold: the truth plus gaussian noise of the given size, random test scores. */
    private long importModel(String model, byte[] foldsNpy, int[][] labels, int classes, double noise, long seed)
            throws Exception {
        byte[] folds = Npy.readUint8(foldsNpy);
        k = 0;
        for (byte f : folds) {
            k = Math.max(k, f + 1);
        }
        int testRows = Files.readAllLines(temp.resolve("kpi/sample_submission.csv")).size() - 1;
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("folds.npy", foldsNpy);
        for (int fold = 0; fold < k; fold++) {
            int finalFold = fold;
            int[] rows = java.util.stream.IntStream.range(0, folds.length).filter(r -> folds[r] == finalFold).toArray();
            float[] oof = new float[rows.length * classes];
            for (int i = 0; i < rows.length; i++) {
                for (int j = 0; j < classes; j++) {
                    oof[i * classes + j] = (float) (-0.3 + noise * gaussian(random));
                }
                for (int label : labels[rows[i]]) {
                    oof[i * classes + label] += 0.6f;
                }
            }
            float[] test = new float[testRows * classes];
            for (int i = 0; i < test.length; i++) {
                test[i] = (float) (noise * gaussian(random));
            }
            files.put(Level1FileName.ofTrain(model, fold, 3, 0.0).fileName(), Npy.writeFloat32(oof, rows.length, classes));
            files.put(String.format(Locale.ROOT, "level1_test_%s_f%d_e03_0.0000.npy", model, fold),
                    Npy.writeFloat32(test, testRows, classes));
        }
        return json(client.postMultipart("/api/experiments/import", Map.of("name", model, "dataset", "kpi"), "files",
                files), 201).get("id").asLong();
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller: sqrt(-2 ln u1) cos(2 pi u2)
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
