package dev.foldhub.dashboard;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.prediction.Level1FileName;
import dev.foldhub.prediction.Npy;
import dev.foldhub.testsupport.HttpTestClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import tools.jackson.databind.JsonNode;

/**
 * Issue 18 item 2 in a real headless Chromium: the /submissions page's "Pseudo-labels…" form previews what a finished
 * submission would add, then registers the new data set version.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "foldhub.worker.poll-interval=200ms", "foldhub.worker.heartbeat-interval=1s"})
class PseudoLabelsBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(45);

    @TempDir
    static Path temp;
    static ChromeDriver browser;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:pseudo-browser;MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        registry.add("foldhub.data-dir", () -> temp.resolve("data").toString());
        registry.add("foldhub.artifacts-dir", () -> temp.resolve("data/artifacts").toString());
    }

    @BeforeAll
    static void startBrowser() throws Exception {
        HeadlessChromium.assumeInstalled();
        new DemoDatasetGenerator().generate(temp.resolve("plb"), new DemoSpec(60, 8, 16, 9L));
        browser = HeadlessChromium.start(temp.resolve("chromium-profile"));
        Files.createDirectories(Path.of("target", "screenshots"));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test // guards: Preview shows the counts and histogram, Create version registers the data set and says so
    void previewsThenCreatesAPseudoLabelledVersion() throws Exception {
        long submission = finishedSubmission(new HttpTestClient(port));
        WebDriverWait wait = new WebDriverWait(browser, WAIT, Duration.ofMillis(200));
        HeadlessChromium.logInAsAdmin(browser, wait, port);
        browser.get("http://localhost:" + port + "/submissions");
        wait.until(d -> "complete".equals(browser.executeScript("return document.readyState")));
        browser.findElement(By.cssSelector("#pseudo-labels summary")).click();
        WebElement form = browser.findElement(By.id("pseudo-form"));
        assertThat(form.findElement(By.name("submission")).getAttribute("value")).isEqualTo(String.valueOf(submission));
        WebElement min = form.findElement(By.name("minConfidence"));
        min.clear();
        min.sendKeys("0.6");
        browser.findElement(By.id("pseudo-preview")).click();
        WebElement result = browser.findElement(By.id("pseudo-result"));
        wait.until(d -> result.isDisplayed() && result.getText().startsWith("adds "));
        assertThat(result.getText()).contains("of 8 test images", "0.9–1.0");
        form.findElement(By.name("name")).sendKeys("plb-pseudo");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        WebElement message = browser.findElement(By.id("message"));
        wait.until(d -> message.isDisplayed() && message.getText().contains("registered"));
        Files.write(Path.of("target", "screenshots", "pseudo-labels.png"), browser.getScreenshotAs(OutputType.BYTES));
        JsonNode created = json(new HttpTestClient(port).get("/api/datasets"), 200);
        assertThat(created.findValuesAsString("name")).contains("plb-pseudo");
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(errors).isEmpty();
    }

    /** An imported experiment (threshold 0.5; every test value 0.4 above it) and its finished submission. */
    private long finishedSubmission(HttpTestClient client) throws Exception {
        JsonNode dataset = json(client.post("/api/datasets", "application/json",
                "{\"name\": \"plb\", \"path\": \"" + temp.resolve("plb").toAbsolutePath() + "\"}"), 201);
        int classes = dataset.get("numLabels").asInt();
        byte[] foldsNpy = client.getBytes("/api/datasets/" + dataset.get("id").asLong() + "/folds.npy").body();
        byte[] folds = Npy.readUint8(foldsNpy);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("folds.npy", foldsNpy);
        for (int fold = 0; fold < dataset.get("numFolds").asInt(); fold++) {
            int rows = 0;
            for (byte f : folds) {
                rows += f == fold ? 1 : 0;
            }
            float[] test = new float[8 * classes];
            for (int i = 0; i < test.length; i++) {
                test[i] = i % 5 == 0 ? 0.40625f : -0.25f; // 0.90625 or 0.25 once 0.5 is added back
            }
            files.put(Level1FileName.ofTrain("plb", fold, 1, 0.5).fileName(),
                    Npy.writeFloat32(new float[rows * classes], rows, classes));
            files.put("level1_test_plb_f" + fold + "_e01_0.5000.npy", Npy.writeFloat32(test, 8, classes));
            files.put("plb_f" + fold + "_e01.yml", "threshold: 0.5\n".getBytes(StandardCharsets.UTF_8));
        }
        long experiment = json(client.postMultipart("/api/experiments/import", Map.of("name", "plb-model",
                "dataset", "plb"), "files", files), 201).get("id").asLong();
        long id = json(client.post("/api/experiments/" + experiment + "/submissions", "application/json", "{}"), 201)
                .get("id").asLong();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!json(client.get("/api/submissions/" + id), 200).get("status").asString().equals("SUCCEEDED")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("submission " + id + " did not succeed");
            }
            Thread.sleep(200);
        }
        return id;
    }
}
