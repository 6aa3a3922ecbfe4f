package dev.foldhub.dashboard;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.prediction.Npy;
import dev.foldhub.testsupport.HttpTestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Issue 18 item 3 in a real headless Chromium: the experiment page links to its OOF error browser, whose labels
 * table sorts by a clicked column, whose worst images show their thumbnails, and whose ticked suspect labels
 * export a cleaned train.csv as a new data set.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "foldhub.worker.embedded=false")
class ErrorPagesBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(45);

    @TempDir
    static Path temp;
    static ChromeDriver browser;
    private static final Set<String> removed = new HashSet<>(); // "imageId attributeId"

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:errors-browser;MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        registry.add("foldhub.data-dir", () -> temp.resolve("data").toString());
        registry.add("foldhub.artifacts-dir", () -> temp.resolve("data/artifacts").toString());
    }

    @BeforeAll
    static void startBrowser() throws Exception {
        HeadlessChromium.assumeInstalled();
        new DemoDatasetGenerator().generate(temp.resolve("tiny"), new DemoSpec(60, 6, 32, 7L));
        browser = HeadlessChromium.start(temp.resolve("chromium-profile"));
        Files.createDirectories(Path.of("target", "screenshots"));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test // guards: link from the experiment page, sortable labels, thumbnails load, ticked suspects export a data set
    void browsesTheErrorsAndExportsTheTickedSuspects() throws Exception {
        long id = oracleExperimentOnSpoiledLabels();
        WebDriverWait wait = new WebDriverWait(browser, WAIT, Duration.ofMillis(200));
        HeadlessChromium.logInAsAdmin(browser, wait, port);
        open(wait, "/experiments/" + id);
        browser.findElement(By.id("oof-errors")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("label-table")));
        wait.until(d -> "complete".equals(browser.executeScript("return document.readyState")));

        browser.findElement(By.id("sort-support")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("sort-support"), "↓"));
        List<Integer> supports = browser.findElements(By.cssSelector("#label-table td.support")).stream()
                .map(td -> Integer.parseInt(td.getText())).toList();
        assertThat(supports).isNotEmpty().isSortedAccordingTo((a, b) -> Integer.compare(b, a));

        List<WebElement> images = browser.findElements(By.cssSelector("#worst-images img"));
        assertThat(images).hasSize(removed.size()); // only rows with an error: those that lost a label
        assertThat(images.stream().map(img -> img.getAttribute("alt")).toList())
                .containsExactlyInAnyOrderElementsOf(removed.stream().map(k -> k.split(" ")[0]).toList());
        wait.until(d -> images.stream().allMatch(img -> Boolean.TRUE.equals(browser.executeScript(
                "return arguments[0].complete && arguments[0].naturalWidth > 0", img))));

        browser.executeScript("window.scrollTo(0, 0)");
        screenshot("oof-errors-top");
        List<WebElement> missing = browser.findElements(By.cssSelector("#suspect-table tr.missing input"));
        assertThat(missing).hasSize(removed.size());
        missing.get(0).click();
        missing.get(1).click();
        Set<String> ticked = Set.of(key(missing.get(0)), key(missing.get(1)));
        assertThat(removed).containsAll(ticked);
        WebElement name = browser.findElement(By.id("clean-name"));
        name.clear();
        name.sendKeys("tiny-cleaned");
        screenshot("oof-errors");
        browser.findElement(By.id("clean-export")).click();
        WebElement message = browser.findElement(By.id("message"));
        wait.until(ExpectedConditions.visibilityOf(message));
        assertThat(message.getText()).startsWith("Registered data set tiny-cleaned").contains("2 labels added");
        screenshot("oof-errors-exported");

        JsonNode listed = json(new HttpTestClient(port).get("/api/datasets"), 200);
        String path = null;
        for (JsonNode d : listed) {
            if (d.get("name").asString().equals("tiny-cleaned")) {
                path = d.get("path").asString();
            }
        }
        assertThat(path).isNotNull();
        List<String> changes = Files.readAllLines(Path.of(path).resolve("changes.csv"));
        assertThat(changes.subList(1, changes.size())).containsExactlyInAnyOrderElementsOf(
                ticked.stream().map(k -> k.replace(" ", ",add,")).toList());
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(errors).isEmpty();
    }

    private static String key(WebElement box) {
        return box.getAttribute("data-image") + " " + box.getAttribute("data-attribute");
    }

    /** Registers the demo data set with one label removed from every fifth row, and an external experiment whose OOF
     *  gives every originally true label p = 0.97 (0.03 elsewhere). */
    private long oracleExperimentOnSpoiledLabels() throws Exception {
        Path dir = temp.resolve("tiny");
        List<String> attributeIds = Files.readAllLines(dir.resolve("labels.csv")).stream().skip(1)
                .map(l -> l.split(",")[0]).toList();
        List<String> lines = Files.readAllLines(dir.resolve("train.csv"));
        List<Set<String>> original = new ArrayList<>();
        StringBuilder spoiled = new StringBuilder(lines.get(0)).append('\n');
        for (int r = 1; r < lines.size(); r++) {
            String[] parts = lines.get(r).split(",");
            Set<String> truth = new LinkedHashSet<>(List.of(parts[1].strip().split(" ")));
            Set<String> kept = new LinkedHashSet<>(truth);
            if ((r - 1) % 5 == 0 && truth.size() > 1) {
                String drop = truth.iterator().next();
                kept.remove(drop);
                removed.add(parts[0] + " " + drop);
            }
            original.add(truth);
            spoiled.append(parts[0]).append(',').append(String.join(" ", kept)).append('\n');
        }
        Files.writeString(dir.resolve("train.csv"), spoiled);
        assertThat(removed).hasSizeGreaterThan(2);
        HttpTestClient client = new HttpTestClient(port);
        long datasetId = json(client.post("/api/datasets", "application/json", "{\"name\": \"tiny\", \"path\": \""
                + dir.toAbsolutePath() + "\"}"), 201).get("id").asLong();
        byte[] folds = Npy.readUint8(client.getBytes("/api/datasets/" + datasetId + "/folds.npy").body());
        long id = json(client.post("/api/experiments", "application/json",
                "{\"name\": \"oracle\", \"dataset\": \"tiny\", \"source\": \"external\"}"), 201).get("id").asLong();
        int classes = attributeIds.size();
        for (int fold = 0; fold < 5; fold++) {
            List<Integer> rows = new ArrayList<>();
            for (int r = 0; r < folds.length; r++) {
                if (folds[r] == fold) {
                    rows.add(r);
                }
            }
            float[] all = new float[rows.size() * classes];
            for (int i = 0; i < rows.size(); i++) {
                for (int c = 0; c < classes; c++) {
                    all[i * classes + c] = original.get(rows.get(i)).contains(attributeIds.get(c)) ? 0.97f : 0.03f;
                }
            }
            json(client.put("/api/experiments/" + id + "/folds/" + fold + "/oof?threshold=0.5",
                    "application/octet-stream", Npy.writeFloat32(all, rows.size(), classes)), 200);
        }
        return id;
    }

    private void open(WebDriverWait wait, String path) {
        browser.get("http://localhost:" + port + path);
        wait.until(d -> "complete".equals(browser.executeScript("return document.readyState")));
    }

    private static void screenshot(String name) throws Exception {
        Files.write(Path.of("target", "screenshots", name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }
}
