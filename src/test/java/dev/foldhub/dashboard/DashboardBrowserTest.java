package dev.foldhub.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.dataset.DatasetService;
import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.experiment.ExperimentService;
import dev.foldhub.experiment.ExperimentView;
import dev.foldhub.experiment.FoldProgress;
import dev.foldhub.training.EpochStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The dashboard in a real headless Chromium: pages, sorting, cancelling from the queue, live epochs (SSE). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "foldhub.worker.embedded=false")
class DashboardBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TempDir
    static Path temp;
    static ChromeDriver browser;
    static long first;
    static long second;

    @LocalServerPort
    int port;
    @Autowired
    DatasetService datasets;
    @Autowired
    ExperimentService experiments;
    @Autowired
    FoldProgress progress;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:dashboard;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        registry.add("foldhub.data-dir", () -> temp.resolve("data").toString());
        registry.add("foldhub.artifacts-dir", () -> temp.resolve("data/artifacts").toString());
    }

    @BeforeAll
    static void startBrowser() throws Exception {
        HeadlessChromium.assumeInstalled();
        new DemoDatasetGenerator().generate(temp.resolve("tiny"), new DemoSpec(60, 10, 32, 7L));
        browser = HeadlessChromium.start(temp.resolve("chromium-profile"));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void seedOnce() {
        if (first != 0) {
            return;
        }
        logIn();
        datasets.register("tiny", temp.resolve("tiny").toString());
        first = experiments.create("b-resnet18", "tiny", "0,1", config("resnet18", 32)).id();
        second = experiments.create("a-resnet34", "tiny", "0,1", config("resnet34", 48)).id();
        experiments.create("c-resnet18-focal", "tiny", "0,1", config("resnet18", 64));
        epoch(first, 0, 1, 0.61, 0.42);
        epoch(first, 1, 1, 0.66, 0.39);
    }

    @Test // guards: every page renders, loads its scripts (Chart.js from the webjar) and logs no console error
    void everyPageLoadsWithoutJavaScriptErrors() {
        for (String[] page : new String[][] {{"/", "experiments"}, {"/experiments/" + first, "experiment"},
                {"/compare?ids=" + first + "," + second, "compare"}, {"/ensembles", "ensembles"},
                {"/submissions", "submissions"}, {"/queue", "queue"}, {"/workers", "workers"}}) {
            open(page[0]);
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav.nav")));
            if (page[1].equals("experiment") || page[1].equals("compare") || page[1].equals("submissions")) {
                wait.until(d -> browser.executeScript("return typeof Chart !== 'undefined'").equals(Boolean.TRUE));
            }
            screenshot(page[1]);
            assertThat(severeConsoleEntries()).as("console errors on " + page[0]).isEmpty();
        }
    }

    @Test // guards: the column headers sort the table server-side, both directions
    void experimentsTableSortsByNameBothWays() {
        open("/?sort=name&dir=asc");
        assertThat(names()).isSortedAccordingTo(Comparator.naturalOrder()).hasSizeGreaterThanOrEqualTo(3);
        browser.findElement(By.id("sort-name")).click();
        wait.until(ExpectedConditions.urlContains("dir=desc"));
        assertThat(names()).isSortedAccordingTo(Comparator.reverseOrder());
    }

    @Test // guards: the Queue page's Cancel button cancels a queued job and the page shows it without a reload
    void cancellingAQueuedJobFromTheQueuePageChangesItsState() {
        ExperimentView victim = experiments.create("to-cancel", "tiny", "0", config("resnet18", 32));
        long job = victim.folds().get(0).jobId();
        open("/queue");
        wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("button[data-action=cancel][data-job='" + job + "']"))).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#job-" + job + " .state"), "CANCELLED"));
        assertThat(browser.findElements(By.cssSelector("#state-CANCELLED #job-" + job))).hasSize(1);
        screenshot("queue-after-cancel");
    }

    @Test // guards: the experiment page shows an epoch recorded while it is open, through SSE, without a reload
    void experimentPageShowsANewEpochWithoutReload() {
        open("/experiments/" + first);
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#fold-0 [data-field=epochs]"), "1"));
        browser.executeScript("window.notReloaded = true");
        epoch(first, 0, 2, 0.48, 0.51);
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#fold-0 [data-field=epochs]"), "2"));
        assertThat(browser.executeScript("return window.notReloaded === true")).isEqualTo(true);
        wait.until(d -> Long.valueOf(2).equals(browser.executeScript(
                "return Chart.getChart('chart-f2').data.datasets[0].data.length")));
        screenshot("experiment-live");
    }

    @Test // guards: the login form's session works on every page, and logging out ends it (back to the login page)
    void logsOutAndBackInThroughTheForm() {
        open("/queue");
        assertThat(browser.findElement(By.id("current-user")).getText()).isEqualTo("admin");
        browser.findElement(By.id("logout")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("logged-out")));
        open("/queue");
        wait.until(ExpectedConditions.urlContains("/login"));
        logIn();
        open("/queue");
        assertThat(browser.getCurrentUrl()).doesNotContain("/login");
    }

    private final WebDriverWait wait = new WebDriverWait(browser, WAIT, Duration.ofMillis(200));

    /** Logs in as admin through the real form (a page without a session redirects to it). */
    private void logIn() {
        HeadlessChromium.logInAsAdmin(browser, wait, port);
    }

    private void open(String path) {
        browser.get("http://localhost:" + port + path);
        wait.until(d -> "complete".equals(browser.executeScript("return document.readyState")));
    }

    private List<String> names() {
        return browser.findElements(By.cssSelector("#experiments .exp-name")).stream().map(WebElement::getText).toList();
    }

    private List<String> severeConsoleEntries() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::toString).toList();
    }

    private void screenshot(String name) {
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void epoch(long experiment, int fold, int epoch, double loss, double f2) {
        long job = experiments.get(experiment).folds().get(fold).jobId();
        progress.recordEpoch(experiment, fold, job, new EpochStats(epoch, loss, f2, 0.12, 0.001, 3.5, 120.0));
    }

    private static String config(String arch, int size) {
        return """
                model:
                  arch: %s
                  input_size: %d
                train:
                  batch_size: 16
                  num_epochs: 3
                optimizer:
                  name: adam
                  params:
                    lr: 0.001
                loss:
                  name: binary_cross_entropy
                """.formatted(arch, size);
    }
}
