package dev.foldhub.dashboard;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.dataset.DatasetService;
import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.experiment.ExperimentService;
import dev.foldhub.testsupport.HttpTestClient;
import dev.foldhub.testsupport.TinyConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Issue 16, item 2 in headless Chromium: the experiment page charts the folds' MLflow step metrics from the bucketed
 * series (at most 2,000 points a run for 5,000 logged), and zooming (the from/to inputs, a drag across the chart)
 * asks the server again for that range, which comes back at full detail.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "foldhub.worker.embedded=false")
class StepMetricsBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final int VALUES = 5000;

    @TempDir
    static Path temp;
    static ChromeDriver browser;

    @LocalServerPort
    int port;
    @Autowired
    DatasetService datasets;
    @Autowired
    ExperimentService experiments;

    private final WebDriverWait wait = new WebDriverWait(browser, WAIT, Duration.ofMillis(200));

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:step-metrics;MODE=PostgreSQL;"
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

    @Test // guards: the chart draws bucketed series, and each zoom (inputs, then a drag) re-fetches that range
    void stepMetricsChartLoadsBucketedSeriesAndZoomRefetchesTheRange() throws Exception {
        HeadlessChromium.logInAsAdmin(browser, wait, port);
        datasets.register("tiny", temp.resolve("tiny").toString());
        HttpTestClient http = new HttpTestClient(port);
        long plain = experiments.create("no-mlflow", "tiny", "0", TinyConfigs.resnet18(1)).id();
        for (int fold = 0; fold < 2; fold++) {
            String run = json(http.post("/api/2.0/mlflow/runs/create", "application/json", "{\"experiment_id\": \"0\","
                    + " \"start_time\": 1000, \"tags\": [{\"key\": \"foldhub.experiment\", \"value\": \"steps\"},"
                    + " {\"key\": \"foldhub.fold\", \"value\": \"" + fold + "\"}, {\"key\": \"foldhub.dataset\", \"value\": \"tiny\"}]}"), 200)
                    .get("run").get("info").get("run_id").asString();
            logBatchLoss(http, run, fold);
        }
        long id = experimentId(http, "steps");

        open("/experiments/" + id);
        WebElement section = browser.findElement(By.id("step-metrics"));
        wait.until(d -> "loaded".equals(section.getAttribute("data-state")));
        assertThat(section.isDisplayed()).isTrue();
        assertThat(section.getAttribute("data-requests")).isEqualTo("1");
        assertThat(section.getAttribute("data-from")).isEqualTo("0");
        assertThat(section.getAttribute("data-to")).isEqualTo(String.valueOf(VALUES - 1));
        List<Long> sizes = pointsPerLine();
        assertThat(sizes).hasSize(2).allSatisfy(n -> assertThat(n).isBetween(1000L, 2000L)); // 5,000 logged, bucketed
        assertThat(((Number) browser.executeScript("return Math.max(...Chart.getChart('chart-steps').data.datasets[0]"
                + ".data.map((p) => p.y))")).doubleValue()).isEqualTo(9.0); // the spike at step 1234 survives the thinning

        browser.findElement(By.id("step-from")).clear();
        browser.findElement(By.id("step-from")).sendKeys("1000");
        browser.findElement(By.id("step-to")).clear();
        browser.findElement(By.id("step-to")).sendKeys("1499");
        browser.findElement(By.id("step-zoom")).click();
        wait.until(d -> "2".equals(section.getAttribute("data-requests")) && "loaded".equals(section.getAttribute("data-state")));
        assertThat(section.getAttribute("data-from")).isEqualTo("1000");
        assertThat(section.getAttribute("data-to")).isEqualTo("1499");
        assertThat(pointsPerLine()).containsExactly(500L, 500L); // few enough now: every value of the range
        browser.executeScript("document.getElementById('step-metrics').scrollIntoView()");
        Files.write(SCREENSHOTS.resolve("step-metrics-zoomed.png"), browser.getScreenshotAs(OutputType.BYTES));

        // a drag across the middle of the chart narrows the range again
        WebElement canvas = browser.findElement(By.id("chart-steps"));
        int width = canvas.getSize().getWidth();
        new Actions(browser).moveToElement(canvas, -width / 8, 0).clickAndHold().moveByOffset(width / 4, 0).release().perform();
        wait.until(d -> "3".equals(section.getAttribute("data-requests")) && "loaded".equals(section.getAttribute("data-state")));
        long from = Long.parseLong(section.getAttribute("data-from"));
        long to = Long.parseLong(section.getAttribute("data-to"));
        assertThat(from).isGreaterThan(1000L);
        assertThat(to).isLessThan(1499L).isGreaterThan(from);

        // an experiment no MLflow run logged into has no step-metrics section to show
        open("/experiments/" + plain);
        wait.until(d -> browser.executeScript("return document.readyState").equals("complete"));
        Thread.sleep(500); // the keys request answers empty
        assertThat(browser.findElement(By.id("step-metrics")).isDisplayed()).isFalse();
        assertThat(browser.findElements(By.id("chart-steps"))).as("no empty canvas").isEmpty();
    }

    /** batch_loss at steps 0..VALUES-1 decaying from 1, a spike of 9 at step 1234, 1,000 values a request. */
    private static void logBatchLoss(HttpTestClient http, String run, int fold) throws Exception {
        for (int start = 0; start < VALUES; start += 1000) {
            StringBuilder metrics = new StringBuilder();
            for (int step = start; step < start + 1000; step++) {
                double value = step == 1234 ? 9.0 : 1.0 - step / (double) VALUES + fold * 0.01;
                metrics.append(metrics.isEmpty() ? "" : ",").append("{\"key\": \"batch_loss\", \"value\": ").append(value)
                        .append(", \"timestamp\": ").append(5_000L + step).append(", \"step\": ").append(step).append('}');
            }
            json(http.post("/api/2.0/mlflow/runs/log-batch", "application/json",
                    "{\"run_id\": \"" + run + "\", \"metrics\": [" + metrics + "]}"), 200);
        }
    }

    private List<Long> pointsPerLine() {
        List<?> sizes = (List<?>) browser.executeScript(
                "return Chart.getChart('chart-steps').data.datasets.map((s) => s.data.length)");
        return sizes.stream().map(n -> ((Number) n).longValue()).toList();
    }

    private static long experimentId(HttpTestClient http, String name) throws Exception {
        JsonNode all = json(http.get("/api/experiments"), 200);
        return StreamSupport.stream(all.spliterator(), false).filter(e -> e.get("name").asString().equals(name))
                .findFirst().orElseThrow().get("id").asLong();
    }

    private void open(String path) {
        browser.get("http://localhost:" + port + path);
    }
}
