package dev.foldhub.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.dataset.DatasetService;
import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.experiment.ExperimentService;
import dev.foldhub.experiment.FoldProgress;
import dev.foldhub.queue.DeviceKind;
import dev.foldhub.queue.Job;
import dev.foldhub.queue.JobKind;
import dev.foldhub.queue.JobQueue;
import dev.foldhub.queue.JobRequirement;
import dev.foldhub.queue.JobState;
import dev.foldhub.testsupport.FoldFinisher;
import dev.foldhub.testsupport.TinyConfigs;
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
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 15 item 1 in a real headless Chromium: an experiment created with folds 0 and 1 of a 5-fold data set shows
 * "2 of 5" and partial on its page and in the table, and its "Train missing folds" button queues folds 2, 3 and 4.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "foldhub.worker.embedded=false")
class TrainMissingFoldsBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(45);

    @TempDir
    static Path temp;
    static ChromeDriver browser;

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

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:missing-folds-browser;MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        registry.add("foldhub.data-dir", () -> temp.resolve("data").toString());
        registry.add("foldhub.artifacts-dir", () -> temp.resolve("data/artifacts").toString());
    }

    @BeforeAll
    static void startBrowser() throws Exception {
        HeadlessChromium.assumeInstalled();
        new DemoDatasetGenerator().generate(temp.resolve("tiny"), new DemoSpec(100, 10, 32, 7L));
        browser = HeadlessChromium.start(temp.resolve("chromium-profile"));
        Files.createDirectories(Path.of("target", "screenshots"));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test // guards: "2 of 5" and partial where the CV appears, and the button queues exactly the missing folds
    void anExperimentOfTwoFoldsOfFiveIsPartialAndItsButtonQueuesTheMissingFolds() throws Exception {
        WebDriverWait wait = new WebDriverWait(browser, WAIT, Duration.ofMillis(200));
        HeadlessChromium.logInAsAdmin(browser, wait, port);
        datasets.register("tiny", temp.resolve("tiny").toString());
        long id = experiments.create("two-of-five", "tiny", "0,1", TinyConfigs.resnet18(1),
                new JobRequirement(DeviceKind.GPU, 8000)).id();
        FoldFinisher folds = new FoldFinisher(queue, progress, datasets, experiments);
        folds.succeed(id, 0, 0.61);
        folds.succeed(id, 1, 0.64);

        open(wait, "/");
        WebElement row = browser.findElement(By.cssSelector("#experiments tr[data-id='" + id + "']"));
        assertThat(row.findElement(By.cssSelector(".folds-done")).getText()).startsWith("2 of 5 folds");
        assertThat(row.findElements(By.cssSelector(".badge.partial"))).hasSize(1);

        open(wait, "/experiments/" + id);
        assertThat(browser.findElement(By.id("folds-done")).getText()).isEqualTo("(2 of 5 folds)");
        assertThat(browser.findElement(By.id("partial")).isDisplayed()).isTrue();
        WebElement button = browser.findElement(By.id("train-missing"));
        assertThat(button.getAttribute("data-folds")).isEqualTo("2,3,4");
        screenshot("experiment-partial");
        button.click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("fold-4")));
        wait.until(d -> "complete".equals(browser.executeScript("return document.readyState")));
        assertThat(browser.findElements(By.id("train-missing"))).as("no fold is missing now").isEmpty();
        assertThat(browser.findElement(By.id("partial")).isDisplayed()).as("still 2 of 5 finished").isTrue();

        List<Job> jobs = queue.forSubject(JobKind.TRAIN_FOLD, id);
        assertThat(jobs.stream().map(Job::fold).toList()).containsExactly(0, 1, 2, 3, 4);
        assertThat(jobs.subList(2, 5)).allSatisfy(job -> {
            assertThat(job.state()).isEqualTo(JobState.QUEUED);
            assertThat(job.deviceKind()).isEqualTo("gpu");
            assertThat(job.minMemoryMb()).isEqualTo(8000);
        });
        assertThat(browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList()).isEmpty();
    }

    private void open(WebDriverWait wait, String path) {
        browser.get("http://localhost:" + port + path);
        wait.until(d -> "complete".equals(browser.executeScript("return document.readyState")));
    }

    private static void screenshot(String name) throws Exception {
        Files.write(Path.of("target", "screenshots", name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }
}
