package dev.foldhub.dashboard;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.testsupport.HttpTestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 17 item 2 in a real headless Chromium: /mlflow (linked from the nav) lists MLflow experiments and their runs
 * with status, last metric values and params, including runs that carry no foldhub.* tag; pages of 50 runs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "foldhub.worker.embedded=false")
class MlflowPageBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(45);

    @TempDir
    static Path temp;
    static ChromeDriver browser;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:mlflow-browser;MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        registry.add("foldhub.data-dir", () -> temp.resolve("data").toString());
        registry.add("foldhub.artifacts-dir", () -> temp.resolve("data/artifacts").toString());
    }

    @BeforeAll
    static void startBrowser() throws Exception {
        HeadlessChromium.assumeInstalled();
        browser = HeadlessChromium.start(temp.resolve("chromium-profile"));
        Files.createDirectories(Path.of("target", "screenshots"));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test // guards: an untagged run's metrics and params are visible on /mlflow, newest first, paged by 50
    void theMlflowPageListsUntaggedRunsWithTheirMetricsAndParamsPaged() throws Exception {
        HttpTestClient http = new HttpTestClient(port);
        String experiment = json(http.post("/api/2.0/mlflow/experiments/create", "application/json",
                "{\"name\": \"kaggle-notebook\"}"), 200).get("experiment_id").asString();
        for (int i = 0; i < MlflowPages.RUNS_PER_PAGE; i++) { // older runs, so the page overflows
            json(http.post("/api/2.0/mlflow/runs/create", "application/json", "{\"experiment_id\": \"" + experiment
                    + "\", \"run_name\": \"old-" + i + "\", \"start_time\": " + (1_600_000_000_000L + i) + "}"), 200);
        }
        String runId = json(http.post("/api/2.0/mlflow/runs/create", "application/json", "{\"experiment_id\": \""
                + experiment + "\", \"run_name\": \"lgbm-untagged\", \"start_time\": 1700000000000}"), 200)
                .get("run").get("info").get("run_id").asString();
        json(http.post("/api/2.0/mlflow/runs/log-batch", "application/json", "{\"run_id\": \"" + runId + "\", \"metrics\": ["
                + "{\"key\": \"val_f2\", \"value\": 0.5, \"timestamp\": 1, \"step\": 1},"
                + "{\"key\": \"val_f2\", \"value\": 0.61234, \"timestamp\": 2, \"step\": 2}],"
                + " \"params\": [{\"key\": \"num_leaves\", \"value\": \"63\"}]}"), 200);
        json(http.post("/api/2.0/mlflow/runs/update", "application/json", "{\"run_id\": \"" + runId
                + "\", \"status\": \"FINISHED\", \"end_time\": 1700000100000}"), 200);

        WebDriverWait wait = new WebDriverWait(browser, WAIT, Duration.ofMillis(200));
        HeadlessChromium.logInAsAdmin(browser, wait, port);
        open(wait, "/");
        browser.findElement(By.cssSelector("nav a[href='/mlflow']")).click();
        wait.until(d -> !browser.findElements(By.id("mlflow-runs")).isEmpty());

        WebElement experimentRow = browser.findElement(By.cssSelector("#mlflow-experiments tr[data-id='" + experiment + "']"));
        assertThat(experimentRow.findElement(By.cssSelector("td.name")).getText()).isEqualTo("kaggle-notebook");
        assertThat(experimentRow.findElement(By.cssSelector("td.runs")).getText()).isEqualTo(String.valueOf(MlflowPages.RUNS_PER_PAGE + 1));
        List<WebElement> rows = browser.findElements(By.cssSelector("#mlflow-runs tr[data-run-id]"));
        assertThat(rows).hasSize(MlflowPages.RUNS_PER_PAGE);
        WebElement run = rows.get(0);
        assertThat(run.getAttribute("data-run-id")).as("newest first").isEqualTo(runId);
        assertThat(run.findElement(By.cssSelector(".name")).getText()).isEqualTo("lgbm-untagged");
        assertThat(run.findElement(By.cssSelector("td.status")).getText()).isEqualTo("FINISHED");
        assertThat(run.findElement(By.cssSelector("td.experiment")).getText()).isEqualTo("kaggle-notebook");
        assertThat(run.findElement(By.cssSelector("td.metrics")).getText()).as("the last value").contains("val_f2=0.6123");
        assertThat(run.findElement(By.cssSelector("td.params")).getText()).contains("num_leaves=63");
        assertThat(run.findElement(By.cssSelector("td.fold")).getText()).isEqualTo("none");
        Files.write(Path.of("target", "screenshots", "mlflow.png"), browser.getScreenshotAs(OutputType.BYTES));

        browser.findElement(By.id("next-page")).click();
        wait.until(d -> browser.getCurrentUrl().contains("page=1"));
        List<WebElement> second = browser.findElements(By.cssSelector("#mlflow-runs tr[data-run-id]"));
        assertThat(second).hasSize(1);
        assertThat(second.get(0).findElement(By.cssSelector(".name")).getText()).as("the oldest").isEqualTo("old-0");
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(errors).isEmpty();
    }

    private void open(WebDriverWait wait, String path) {
        browser.get("http://localhost:" + port + path);
        wait.until(d -> "complete".equals(browser.executeScript("return document.readyState")));
    }
}
