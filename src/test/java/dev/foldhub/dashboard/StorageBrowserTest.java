package dev.foldhub.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.StorageProperties;
import dev.foldhub.dataset.DatasetService;
import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.ensemble.EnsembleBlend;
import dev.foldhub.ensemble.EnsembleService;
import dev.foldhub.experiment.ExperimentService;
import dev.foldhub.experiment.FoldProgress;
import dev.foldhub.queue.DeviceKind;
import dev.foldhub.queue.JobQueue;
import dev.foldhub.queue.JobRequirement;
import dev.foldhub.testsupport.FoldFinisher;
import dev.foldhub.testsupport.HttpTestClient;
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
import org.openqa.selenium.StaleElementReferenceException;
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

/**
 * Issue 15 item 3 in a real headless Chromium: /storage lists what each experiment takes (human-readable), archives
 * one (it leaves / until "Show archived"), refuses to delete an experiment an ensemble uses with the problem naming
 * the ensemble, and deletes the other after the confirmation (its checkpoints go with it).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "foldhub.worker.embedded=false")
class StorageBrowserTest {

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
    @Autowired
    EnsembleService ensembles;
    @Autowired
    StorageProperties storage;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:storage-browser;MODE=PostgreSQL;"
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

    @Test // guards: Archive hides from / (until Show archived), a used experiment's Delete shows who uses it, Delete deletes
    void archivesRefusesTheDeleteOfAUsedExperimentAndDeletesAnUnusedOne() throws Exception {
        WebDriverWait wait = new WebDriverWait(browser, WAIT, Duration.ofMillis(200));
        wait.ignoring(StaleElementReferenceException.class); // why: Archive reloads the rows while the wait reads them
        HeadlessChromium.logInAsAdmin(browser, wait, port);
        datasets.register("tiny", temp.resolve("tiny").toString());
        long spare = finished("spare", 3 * 1024 * 1024);
        long used = finished("used", 1024);
        EnsembleBlend blend = ensembles.ofExperiment(used);

        open(wait, "/storage");
        WebElement spareRow = row(spare);
        assertThat(spareRow.findElement(By.cssSelector("td.total")).getText()).endsWith("MiB");
        assertThat(browser.findElements(By.cssSelector("#storage-experiments tr[data-id]")).get(0).getAttribute("data-id"))
                .as("largest first").isEqualTo(String.valueOf(spare));
        assertThat(browser.findElement(By.id("free-bytes")).getText()).matches("[0-9.]+ (B|KiB|MiB|GiB|TiB|PiB)");
        screenshot("storage");

        spareRow.findElement(By.cssSelector("button.archive")).click();
        // why: one query from the document each time (a row found, then read, may be replaced in between: Chromium
        // then reports a stale element or "node does not belong to the document")
        String spareSelector = "#storage-experiments tr[data-id='" + spare + "']";
        wait.until(d -> d.findElements(By.cssSelector(spareSelector + " .badge.archived")).size() == 1);
        wait.until(ExpectedConditions.textToBe(By.cssSelector(spareSelector + " button.archive"), "Unarchive"));
        open(wait, "/");
        assertThat(browser.findElements(By.cssSelector("#experiments tr[data-id='" + spare + "']"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("#experiments tr[data-id='" + used + "']"))).hasSize(1);
        browser.findElement(By.id("toggle-archived")).click();
        wait.until(ExpectedConditions.textToBe(By.id("toggle-archived"), "Hide archived"));
        assertThat(browser.findElement(By.cssSelector("#experiments tr[data-id='" + spare + "'] .badge.archived"))
                .getText()).isEqualTo("archived");

        open(wait, "/storage");
        row(used).findElement(By.cssSelector("button.delete")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        WebElement message = browser.findElement(By.id("message"));
        wait.until(ExpectedConditions.visibilityOf(message));
        assertThat(message.getText()).contains("is used by").contains("ensemble " + blend.id() + " '" + blend.name() + "'");
        screenshot("storage-delete-refused");
        assertThat(row(used).isDisplayed()).isTrue();
        open(wait, "/experiments/" + used); // the experiment page's Delete refuses the same way
        browser.findElement(By.id("delete-experiment")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("message")));
        assertThat(browser.findElement(By.id("message")).getText()).contains("'" + blend.name() + "'");
        open(wait, "/storage");

        row(spare).findElement(By.cssSelector("button.delete")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(d -> browser.findElements(By.cssSelector("#storage-experiments tr[data-id='" + spare + "']")).isEmpty());
        assertThat(new HttpTestClient(port).get("/api/experiments/" + spare).statusCode()).isEqualTo(404);
        assertThat(Files.exists(storage.artifactsDir().resolve("experiments").resolve(String.valueOf(spare)))).isFalse();
        assertThat(new HttpTestClient(port).get("/api/experiments/" + used).statusCode()).isEqualTo(200);
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .filter(e -> !e.getMessage().contains("409")).toList(); // the refused delete's response is expected
        assertThat(errors).isEmpty();
    }

    /** An experiment with folds 0 and 1 finished and a checkpoint file of {@code bytes} in its directory. */
    private long finished(String name, int bytes) throws Exception {
        long id = experiments.create(name, "tiny", "0,1", TinyConfigs.resnet18(1),
                new JobRequirement(DeviceKind.GPU, 8000)).id();
        FoldFinisher folds = new FoldFinisher(queue, progress, datasets, experiments);
        folds.succeed(id, 0, 0.61);
        folds.succeed(id, 1, 0.64);
        Path dir = storage.artifactsDir().resolve("experiments").resolve(String.valueOf(id)).resolve("fold_0");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + "_f0_e01_0.6100.params"), new byte[bytes]);
        return id;
    }

    private WebElement row(long id) {
        return browser.findElement(By.cssSelector("#storage-experiments tr[data-id='" + id + "']"));
    }

    private void open(WebDriverWait wait, String path) {
        browser.get("http://localhost:" + port + path);
        wait.until(d -> "complete".equals(browser.executeScript("return document.readyState")));
    }

    private static void screenshot(String name) throws Exception {
        Files.write(Path.of("target", "screenshots", name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }
}
