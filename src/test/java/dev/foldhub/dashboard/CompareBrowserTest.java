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
import dev.foldhub.testsupport.TinyConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.logging.Level;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Issue 15 item 5 (compare for model selection) and item 2 (tags on /) in a real headless Chromium. Two imported
 * models with OOF and fold F2 around 0.6 ("good" better than "weak" on every fold), and two trained experiments still
 * queued (no worker runs, so no OOF), the second a clone with another learning rate.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "foldhub.worker.embedded=false")
class CompareBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final double[] WEAK = {0.600, 0.612, 0.604, 0.609, 0.598};
    private static final double[] GOOD = {0.618, 0.625, 0.621, 0.630, 0.617};

    @TempDir
    static Path temp;
    static ChromeDriver browser;
    static long weak;
    static long good;
    static long queued;
    static long clone;
    static int k;

    @LocalServerPort
    int port;
    @Autowired
    DatasetService datasets;
    @Autowired
    JdbcClient jdbc;

    private HttpTestClient client;
    private final WebDriverWait wait = new WebDriverWait(browser, WAIT, Duration.ofMillis(200));

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:comparepage;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        registry.add("foldhub.data-dir", () -> temp.resolve("data").toString());
        registry.add("foldhub.artifacts-dir", () -> temp.resolve("data/artifacts").toString());
    }

    @BeforeAll
    static void startBrowser() throws Exception {
        HeadlessChromium.assumeInstalled();
        new DemoDatasetGenerator().generate(temp.resolve("cmp"), new DemoSpec(200, 10, 16, 13L));
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

    @BeforeEach
    void seedOnce() throws Exception {
        client = new HttpTestClient(port);
        if (weak != 0) {
            return;
        }
        HeadlessChromium.logInAsAdmin(browser, wait, port);
        JsonNode dataset = json(client.post("/api/datasets", "application/json", "{\"name\": \"cmp\", \"path\": \""
                + temp.resolve("cmp").toAbsolutePath() + "\"}"), 201);
        long datasetId = dataset.get("id").asLong();
        byte[] foldsNpy = client.getBytes("/api/datasets/" + datasetId + "/folds.npy").body();
        int[][] labels = datasets.table(datasetId).trainLabels();
        int classes = dataset.get("numLabels").asInt();
        weak = importModel("cmp-weak", foldsNpy, labels, classes, WEAK, 1.4, 1);
        good = importModel("cmp-good", foldsNpy, labels, classes, GOOD, 0.25, 2);
        // validation F2 by epoch: weak 0.50, 0.55, 0.60 plus 0.01 a fold; good 0.52, 0.58, 0.62 plus 0.01 a fold
        epochs(weak, new double[] {0.50, 0.55, 0.60});
        epochs(good, new double[] {0.52, 0.58, 0.62});
        queued = json(client.post("/api/experiments?name=cmp-queued&dataset=cmp&folds=0", "application/yaml",
                TinyConfigs.resnet18(1)), 201).get("id").asLong();
        clone = json(client.post("/api/experiments/" + queued + "/clone?name=cmp-lr", "application/yaml",
                "optimizer:\n  params:\n    lr: 0.0003\n"), 201).get("id").asLong();
        json(client.put("/api/experiments/" + weak + "/tags", "application/json",
                toJson(Map.of("tags", List.of("sweep-1")))), 200);
        json(client.put("/api/experiments/" + good + "/tags", "application/json",
                toJson(Map.of("tags", List.of("sweep-1", "best")))), 200);
    }

    @Test // guards: mean ± std as points with error bars on an axis zoomed to the data (not from 0), colours by id
    void theMeanAndStdChartIsZoomedToTheData() throws Exception {
        browser.manage().logs().get(LogType.BROWSER).getAll(); // drop what earlier pages logged
        open("/compare?ids=" + weak + "," + good + "," + queued + "," + clone);
        double min = number("return Chart.getChart(document.getElementById('f2-chart')).scales.y.min");
        double max = number("return Chart.getChart(document.getElementById('f2-chart')).scales.y.max");
        double lowest = IntStream.range(0, k).mapToDouble(i -> WEAK[i]).min().orElseThrow();
        double highest = IntStream.range(0, k).mapToDouble(i -> GOOD[i]).max().orElseThrow();
        assertThat(min).as("zoomed: not from 0").isGreaterThan(0.5).isLessThan(lowest);
        assertThat(max).isGreaterThan(highest).isLessThan(0.7);
        // one mean point with an error bar of ± std per experiment with folds; the API's mean and std
        for (long id : List.of(weak, good)) {
            JsonNode e = json(client.get("/api/experiments/" + id), 200);
            Map<?, ?> ds = (Map<?, ?>) browser.executeScript("return Chart.getChart(document.getElementById('f2-chart'))"
                    + ".data.datasets.find(d => d.label === arguments[0] && d.errorBar)", e.get("name").asString());
            Map<?, ?> bar = (Map<?, ?>) ds.get("errorBar");
            double mean = e.get("cvMean").asDouble();
            double std = e.get("cvStd").asDouble();
            assertThat(((Number) bar.get("lo")).doubleValue()).isCloseTo(mean - std, offset(1e-9));
            assertThat(((Number) bar.get("hi")).doubleValue()).isCloseTo(mean + std, offset(1e-9));
            assertThat(std).as("the folds differ").isGreaterThan(0.001);
            assertThat(ds.get("borderColor")).as("the experiment's own colour").isEqualTo(new ExperimentColours().of(id));
        }
        assertThat(browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(Object::toString).toList())
                .as("no console errors").isEmpty();
        screenshot("compare-overview");
    }

    @Test // guards: the best value of each row (folds, mean, OOF) is highlighted, and only that one
    void theBestValueOfEachRowIsHighlighted() throws Exception {
        open("/compare?ids=" + weak + "," + good + "," + queued);
        List<WebElement> foldRows = browser.findElements(By.cssSelector("#fold-table tr.fold-row"));
        assertThat(foldRows).hasSize(k);
        for (WebElement row : foldRows) {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            assertThat(cells.get(1).getAttribute("class")).doesNotContain("best");
            assertThat(cells.get(2).getAttribute("class")).as("good beats weak on every fold").contains("best");
            assertThat(cells.get(3).getAttribute("class")).doesNotContain("best");
        }
        assertThat(bestColumns("tr.mean-row")).containsExactly(2);
        double weakOof = json(client.get("/api/experiments/" + weak), 200).get("oofF2").asDouble();
        double goodOof = json(client.get("/api/experiments/" + good), 200).get("oofF2").asDouble();
        assertThat(goodOof).as("the noisier model's OOF is worse").isGreaterThan(weakOof);
        assertThat(bestColumns("tr.oof-row")).containsExactly(2);
    }

    @Test // guards: one mean validation-F2 curve per experiment with epochs, the mean over folds at each epoch
    @SuppressWarnings("unchecked")
    void theValidationCurvesAreOverlaid() throws Exception {
        open("/compare?ids=" + weak + "," + good + "," + queued);
        List<Object> labels = (List<Object>) browser.executeScript("return Chart.getChart(document.getElementById('curve-chart'))"
                + ".data.datasets.map(d => d.label)");
        assertThat(labels).containsExactly("cmp-weak", "cmp-good");
        List<?> goodCurve = (List<?>) browser.executeScript("return Chart.getChart(document.getElementById('curve-chart'))"
                + ".data.datasets[1].data.map(p => p.y)");
        // fold f adds 0.01 f at every epoch: the mean adds 0.01 (k - 1) / 2
        double shift = 0.01 * (k - 1) / 2.0;
        assertThat(goodCurve).hasSize(3);
        assertThat(((Number) goodCurve.get(0)).doubleValue()).isCloseTo(0.52 + shift, offset(1e-9));
        assertThat(((Number) goodCurve.get(2)).doubleValue()).isCloseTo(0.62 + shift, offset(1e-9));
        assertThat(browser.findElement(By.cssSelector("#curve-chart")).isDisplayed()).isTrue();
        scrollTo("curve-chart");
        screenshot("compare-curves");
    }

    @Test // guards: the config diff lists the key the clone changed with both values, and not the keys it kept
    void theConfigDiffShowsTheChangedKey() throws Exception {
        open("/compare?ids=" + weak + "," + queued + "," + clone);
        assertThat(browser.findElement(By.id("config-diff-without")).getText()).contains("cmp-weak");
        WebElement row = browser.findElement(By.cssSelector("#config-diff tr[data-key='optimizer.params.lr']"));
        List<WebElement> cells = row.findElements(By.tagName("td"));
        assertThat(browser.findElements(By.cssSelector("#config-diff thead th")).stream().map(WebElement::getText).toList())
                .containsExactly("key", "cmp-queued", "cmp-lr");
        assertThat(cells.get(1).getText()).isEqualTo("0.001");
        assertThat(cells.get(2).getText()).isEqualTo("3.0E-4");
        assertThat(cells.get(2).getAttribute("class")).contains("changed");
        assertThat(browser.findElements(By.cssSelector("#config-diff tbody tr"))).as("only the changed key").hasSize(1);
        scrollTo("config-diff");
        screenshot("compare-config-diff");
    }

    @Test // guards: experiments without OOF are listed as left out and the heatmap is drawn for the others
    void theHeatmapIsDrawnOverTheExperimentsWithOof() throws Exception {
        open("/compare?ids=" + weak + "," + queued + "," + good + "," + clone);
        assertThat(browser.findElements(By.cssSelector("#heatmap tbody tr"))).hasSize(2);
        assertThat(browser.findElements(By.cssSelector("#heatmap thead th")).stream().map(WebElement::getText).toList())
                .containsExactly("", "cmp-weak", "cmp-good");
        List<WebElement> leftOut = browser.findElements(By.cssSelector("#heatmap-left-out li"));
        assertThat(leftOut.stream().map(li -> li.getAttribute("data-id")).toList())
                .containsExactly(String.valueOf(queued), String.valueOf(clone));
        assertThat(leftOut.get(0).getText()).contains("cmp-queued").contains("no stored OOF");
        assertThat(browser.findElements(By.id("heatmap-problem"))).isEmpty();
        scrollTo("heatmap-left-out");
        screenshot("compare-heatmap");
    }

    @Test // guards item 2 on /: tags are chips; a click on one filters to its experiments; the tag box filters too
    void tagsAreChipsThatFilterTheExperimentsTable() throws Exception {
        open("/");
        assertThat(rowIds()).contains(weak, good, queued, clone);
        List<String> chips = browser.findElements(By.cssSelector("tr[data-id='" + good + "'] .tag-chip")).stream()
                .map(WebElement::getText).toList();
        assertThat(chips).containsExactly("best", "sweep-1");
        browser.findElement(By.cssSelector("tr[data-id='" + good + "'] .tag-chip[href*='tag=best']")).click();
        wait.until(ExpectedConditions.urlContains("tag=best"));
        assertThat(rowIds()).containsExactly(good);
        screenshot("experiments-tag-best");

        open("/");
        WebElement box = browser.findElement(By.id("tag-filter"));
        box.sendKeys("sweep-1", Keys.ENTER);
        wait.until(ExpectedConditions.urlContains("tag=sweep-1"));
        assertThat(rowIds()).containsExactlyInAnyOrder(weak, good);
        browser.findElement(By.id("tag-filter-clear")).click();
        wait.until(d -> !d.getCurrentUrl().contains("tag=sweep"));
        assertThat(rowIds()).contains(weak, good, queued, clone);
    }

    @Test // guards item 2: the experiment page's editor saves tags and note through the API
    void theExperimentPageEditsTagsAndNote() throws Exception {
        open("/experiments/" + clone);
        WebElement tags = browser.findElement(By.id("tags-input"));
        tags.clear();
        tags.sendKeys("lr-sweep, v2");
        browser.findElement(By.id("note-input")).sendKeys("lower lr");
        browser.findElement(By.id("annotations-save")).click();
        wait.until(ExpectedConditions.textToBe(By.id("annotations-message"), "saved"));
        JsonNode e = json(client.get("/api/experiments/" + clone), 200);
        assertThat(e.get("tags").toString()).isEqualTo("[\"lr-sweep\",\"v2\"]");
        assertThat(e.get("note").asString()).isEqualTo("lower lr");
        assertThat(browser.findElement(By.id("note-text")).getText()).isEqualTo("lower lr");
        assertThat(browser.findElements(By.cssSelector("#tag-chips .tag-chip")).stream().map(WebElement::getText).toList())
                .containsExactly("lr-sweep", "v2");
        tags.clear();
        tags.sendKeys("bad tag!");
        browser.findElement(By.id("annotations-save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("annotations-message"), "tags"));
        assertThat(json(client.get("/api/experiments/" + clone), 200).get("tags")).hasSize(2);
        scrollTo("annotations");
        screenshot("experiment-annotations");
    }

    private List<Integer> bestColumns(String rowSelector) {
        List<WebElement> cells = browser.findElements(By.cssSelector("#fold-table " + rowSelector + " td"));
        List<Integer> best = new ArrayList<>();
        for (int i = 1; i < cells.size(); i++) {
            if (cells.get(i).getAttribute("class").contains("best")) {
                best.add(i);
            }
        }
        return best;
    }

    private List<Long> rowIds() {
        return browser.findElements(By.cssSelector("#experiments tbody tr[data-id]")).stream()
                .map(tr -> Long.parseLong(tr.getAttribute("data-id"))).toList();
    }

    private double number(String script) {
        return ((Number) browser.executeScript(script)).doubleValue();
    }

    private void open(String path) {
        browser.get("http://localhost:" + port + path);
        wait.until(d -> "complete".equals(browser.executeScript("return document.readyState")));
    }

    private void scrollTo(String id) {
        browser.executeScript("document.getElementById(arguments[0]).scrollIntoView({block: 'center'})", id);
    }

    private static void screenshot(String name) throws Exception {
        Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    /** Epochs 1..n of every fold: base[e] + 0.01 * fold. */
    private void epochs(long experiment, double[] base) {
        for (int fold = 0; fold < k; fold++) {
            for (int e = 0; e < base.length; e++) {
                jdbc.sql("INSERT INTO epoch_metrics (experiment_id, fold, epoch, f2, created_at)"
                                + " VALUES (:x, :fold, :epoch, :f2, :at)")
                        .param("x", experiment).param("fold", fold).param("epoch", e + 1)
                        .param("f2", base[e] + 0.01 * fold).param("at", OffsetDateTime.now()).update();
            }
        }
    }

    /** An imported model on every fold, fold f scored {@code scores[f]} in its file name; OOF = truth plus noise. */
    private long importModel(String model, byte[] foldsNpy, int[][] labels, int classes, double[] scores, double noise,
                             long seed) throws Exception {
        byte[] folds = Npy.readUint8(foldsNpy);
        k = 0;
        for (byte f : folds) {
            k = Math.max(k, f + 1);
        }
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("folds.npy", foldsNpy);
        for (int fold = 0; fold < k; fold++) {
            int current = fold;
            int[] rows = IntStream.range(0, folds.length).filter(r -> folds[r] == current).toArray();
            float[] oof = new float[rows.length * classes];
            for (int i = 0; i < rows.length; i++) {
                for (int j = 0; j < classes; j++) {
                    oof[i * classes + j] = (float) (-0.3 + noise * (random.nextDouble() - 0.5));
                }
                for (int label : labels[rows[i]]) {
                    oof[i * classes + label] += 0.6f;
                }
            }
            files.put(Level1FileName.ofTrain(model, fold, 3, scores[fold]).fileName(),
                    Npy.writeFloat32(oof, rows.length, classes));
        }
        return json(client.postMultipart("/api/experiments/import", Map.of("name", model, "dataset", "cmp"), "files",
                files), 201).get("id").asLong();
    }
}
