package dev.foldhub.dashboard;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static dev.foldhub.testsupport.HttpTestClient.toJson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.prediction.Level1FileName;
import dev.foldhub.prediction.Npy;
import dev.foldhub.queue.Job;
import dev.foldhub.queue.JobKind;
import dev.foldhub.queue.JobQueue;
import dev.foldhub.queue.JobState;
import dev.foldhub.testsupport.HttpTestClient;
import dev.foldhub.worker.EmbeddedWorkerName;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
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
 * Item 8 of issue 15 in a real headless Chromium: each job on /queue links to its subject's page whatever its kind,
 * an unknown or malformed id on a page is an HTML error page (the API keeps its ProblemDetail), a 400 px window never
 * scrolls sideways (wide tables scroll inside their box), at 1440 px no table cell wraps, an unknown path is an HTML
 * error page for a browser, and an experiment has one colour on every page that shows it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "foldhub.worker.embedded=false")
class DashboardPolishBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Dimension LAPTOP = new Dimension(1366, 900);

    @TempDir
    static Path temp;
    static ChromeDriver browser;
    static long experiment;
    static long imported;
    static long importedB;
    static long ensemble;
    static long submission;
    static long testInput;
    static long oofRequest;

    @LocalServerPort
    int port;
    @Autowired
    JobQueue queue;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    EmbeddedWorkerName embeddedName;

    private HttpTestClient client;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:polish;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
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

    /**
     * One job of every kind, each on a real subject: an experiment's TRAIN_FOLD jobs, an imported model's blend
     * search (BLEND) and submission (SUBMISSION), a test prediction input of that submission (TEST_PREDICT) and an OOF
     * recomputation request of the experiment (PREDICT_OOF); the embedded worker is off, so all stay queued.
     */
    @BeforeEach
    void seedOnce() throws Exception {
        client = new HttpTestClient(port);
        if (experiment != 0) {
            return;
        }
        logIn();
        JsonNode dataset = json(client.post("/api/datasets", "application/json", "{\"name\": \"tiny\", \"path\": \""
                + temp.resolve("tiny").toAbsolutePath() + "\"}"), 201);
        byte[] folds = client.getBytes("/api/datasets/" + dataset.get("id").asLong() + "/folds.npy").body();
        int classes = dataset.get("numLabels").asInt();
        imported = importModel("imported-a", folds, classes, 1);
        importedB = importModel("imported-b", folds, classes, 2);
        ensemble = json(client.post("/api/ensembles", "application/json", toJson(Map.of("name", "polish-blend",
                "dataset", "tiny", "experiments", List.of(imported, importedB), "method", "greedy"))), 201).get("id").asLong();
        submission = json(client.post("/api/experiments/" + imported + "/submissions", "application/json", "{}"), 201)
                .get("id").asLong();
        // made last, so its id differs from those of the subjects above: a link by the wrong id cannot pass
        experiment = json(client.post("/api/experiments?name=polish-r18&dataset=tiny&folds=0,1", "application/yaml",
                "model:\n  arch: resnet18\n  input_size: 32\ntrain:\n  batch_size: 16\n  num_epochs: 1\n"), 201)
                .get("id").asLong();
        // why: a TEST_PREDICT input and a PREDICT_OOF request need a checkpoint to be made through the API; the rows
        // their jobs point at are all the links read
        Timestamp now = Timestamp.from(Instant.now());
        testInput = insert("INSERT INTO submission_inputs (submission_id, experiment_id, fold, num_ttas, combine, done) "
                + "VALUES (?, ?, 1, 2, 'mean', FALSE)", submission, experiment);
        queue.enqueue(JobKind.TEST_PREDICT, testInput, 1, 0);
        oofRequest = insert("INSERT INTO oof_recomputations (experiment_id, fold, num_ttas, created_at) "
                + "VALUES (?, 0, 2, ?)", experiment, now);
        queue.enqueue(JobKind.PREDICT_OOF, oofRequest, 0, 0);
    }

    @AfterEach
    void backToLaptopSize() {
        browser.manage().window().setSize(LAPTOP);
    }

    @Test // guards item 8: each kind of job links to its subject's page (SUBMISSION once led to /experiments/{id})
    void everyQueueJobLinksToItsSubjectsPage() throws Exception {
        // the subject ids of the looked-up kinds are not those of the pages they lead to (else a link by id passes)
        assertThat(testInput).isNotEqualTo(submission);
        assertThat(oofRequest).isNotEqualTo(experiment);
        open("/queue");
        List<Job> queued = queue.list(JobState.QUEUED);
        assertThat(queued.stream().map(Job::kind).distinct()).containsExactlyInAnyOrder(JobKind.values());
        for (Job job : queued) {
            String href = browser.findElement(By.cssSelector("#job-" + job.id() + " a.subject")).getDomAttribute("href");
            assertThat(href).as(job.kind() + " job " + job.id()).isEqualTo(expectedLink(job.kind()));
            assertThat(client.get(href.replaceFirst("#.*", "")).statusCode()).as(href).isEqualTo(200);
        }
        screenshot("queue-links");

        browser.findElement(By.cssSelector("#state-QUEUED a.subject[href='/submissions?submission=" + submission + "#submission-" + submission + "']"))
                .click();
        wait.until(ExpectedConditions.urlContains("/submissions?submission=" + submission + "#submission-" + submission));
        assertThat(browser.findElements(By.id("submission-" + submission))).hasSize(1);
    }

    @Test // guards item 8: the workers page links each running job (embedded or external worker) to its subject's page
    void theWorkersPageLinksEachRunningJobToItsSubjectsPage() throws Exception {
        Job embedded = queue.lease(embeddedName.value()).orElseThrow();
        Job external = queue.lease("polish-worker").orElseThrow();
        try {
            open("/workers");
            assertThat(browser.findElement(By.cssSelector("#embedded-worker li a")).getDomAttribute("href"))
                    .isEqualTo(expectedLink(embedded.kind()));
            assertThat(browser.findElement(By.cssSelector(".card:not(#embedded-worker) li a")).getDomAttribute("href"))
                    .isEqualTo(expectedLink(external.kind()));
            screenshot("workers-links");
        } finally {
            queue.release(embedded);
            queue.release(external);
        }
    }

    @Test // guards item 8: an unknown id on a page is an HTML 404 naming it, a malformed one an HTML 400; the API is JSON
    void unknownAndMalformedIdsAnswerAnHtmlErrorPageWhileTheApiKeepsProblemDetail() throws Exception {
        for (String[] page : new String[][] {{"/experiments/999999", "experiment 999999 not found"},
                {"/ensembles/999999", "ensemble 999999 not found"},
                {"/compare?ids=" + experiment + ",999999", "experiment 999999 not found"},
                {"/submissions?submission=999999", "submission 999999 not found"}}) {
            HttpResponse<String> response = client.get(page[0]);
            assertThat(response.statusCode()).as(page[0]).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow()).as(page[0]).startsWith("text/html");
            assertThat(response.body()).as(page[0]).contains(page[1]).doesNotContain("\"status\"");
        }
        for (String path : new String[] {"/ensembles/abc", "/submissions?submission=abc", "/compare?ids=abc"}) {
            HttpResponse<String> response = client.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow()).as(path).startsWith("text/html");
        }
        HttpResponse<String> malformed = client.get("/experiments/abc");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(malformed.body()).contains("&#39;abc&#39; is not a valid id");
        HttpResponse<String> api = client.get("/api/experiments/999999");
        assertThat(api.statusCode()).isEqualTo(404);
        assertThat(json(api, 404).get("detail").asString()).isEqualTo("experiment 999999 not found");

        open("/experiments/999999");
        assertThat(browser.findElement(By.id("error-status")).getText()).isEqualTo("404");
        assertThat(browser.findElement(By.id("error-message")).getText()).isEqualTo("experiment 999999 not found");
        assertThat(browser.getTitle()).contains("Not found");
        screenshot("error-404");
        browser.findElement(By.id("error-home")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("experiments")));
        open("/experiments/abc");
        assertThat(browser.findElement(By.id("error-status")).getText()).isEqualTo("400");
        screenshot("error-400");
    }

    @Test // guards item 8: a path nothing serves is the HTML error page for a browser, ProblemDetail for a program
    void anUnknownPathIsAnHtmlErrorPageForABrowserAndProblemDetailForAProgram() throws Exception {
        HttpResponse<String> page = getAccepting("/nonexistent", "text/html,application/xhtml+xml,*/*;q=0.8");
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.body()).contains("id=\"error-status\"").contains("/nonexistent").doesNotContain("\"status\"");
        for (String[] program : new String[][] {{"/nonexistent", "*/*"}, {"/api/nonexistent", "text/html"},
                {"/api/nonexistent", "application/json"}}) {
            HttpResponse<String> response = getAccepting(program[0], program[1]);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow()).as(program[0] + " " + program[1])
                    .startsWith("application/problem+json");
            assertThat(json(response, 404).get("status").asInt()).isEqualTo(404);
        }

        open("/nonexistent");
        assertThat(browser.findElement(By.id("error-status")).getText()).isEqualTo("404");
        assertThat(browser.findElement(By.id("error-path")).getText()).contains("/nonexistent");
        screenshot("error-unknown-path");
    }

    @Test // guards item 5: an experiment has the same colour on /, its page, /compare, /ensembles and its ensemble's page
    void anExperimentHasOneColourOnEveryPage() {
        open("/");
        String colour = cssColour(new ExperimentColours().of(imported));
        assertThat(colour).isNotEqualTo(cssColour(new ExperimentColours().of(importedB)));
        assertThat(swatch("#experiments tr[data-id='" + imported + "'] .swatch")).as("/").isEqualTo(colour);
        open("/experiments/" + imported);
        assertThat(swatch("#colour")).as("experiment page").isEqualTo(colour);
        screenshot("experiment-colour");
        open("/compare?ids=" + experiment + "," + imported);
        assertThat(swatch("#fold-table th[data-id='" + imported + "'] .swatch")).as("/compare").isEqualTo(colour);
        open("/ensembles");
        assertThat(swatch("#ensembles .member[data-id='" + imported + "'] .swatch")).as("/ensembles").isEqualTo(colour);
        open("/ensembles/" + ensemble);
        assertThat(swatch("#member-" + imported + " .swatch")).as("ensemble page").isEqualTo(colour);
        assertThat(swatch("#member-" + importedB + " .swatch")).isEqualTo(cssColour(new ExperimentColours().of(importedB)));
        wait.until(d -> browser.executeScript("return !!Chart.getChart(document.getElementById('weights-chart'))"));
        Object bars = browser.executeScript("""
                const rows = [...document.querySelectorAll('#weights tbody tr')].map(r => r.id);
                const colours = Chart.getChart(document.getElementById('weights-chart')).data.datasets[0].backgroundColor;
                return rows.map((id, i) => [id, colours[i]]);""");
        for (Object bar : (List<?>) bars) {
            List<?> idAndColour = (List<?>) bar;
            long member = Long.parseLong(String.valueOf(idAndColour.get(0)).substring("member-".length()));
            assertThat(cssColour(String.valueOf(idAndColour.get(1)))).as("weights bar of " + member)
                    .isEqualTo(cssColour(new ExperimentColours().of(member)));
        }
        screenshot("ensemble-colours");
    }

    /** The computed background colour of the element, as the browser draws it (rgb(...)). */
    private String swatch(String css) {
        return (String) browser.executeScript("return getComputedStyle(arguments[0]).backgroundColor",
                browser.findElement(By.cssSelector(css)));
    }

    /** A CSS colour as the browser computes it, so hsl(...) and rgb(...) of one colour compare equal. */
    private String cssColour(String css) {
        return (String) browser.executeScript("""
                const probe = document.createElement('span');
                probe.style.color = arguments[0];
                document.body.appendChild(probe);
                const computed = getComputedStyle(probe).color;
                probe.remove();
                return computed;""", css);
    }

    private HttpResponse<String> getAccepting(String path, String accept) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(client.request(path).header("Accept", accept).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test // guards item 8: at 400 px the page never scrolls sideways; a wide table scrolls inside its own box
    void aNarrowWindowNeverScrollsSideways() {
        browser.manage().window().setSize(new Dimension(400, 900));
        for (String[] page : pages()) {
            open(page[0]);
            Object widths = browser.executeScript(
                    "return [document.documentElement.scrollWidth, window.innerWidth]");
            List<?> w = (List<?>) widths;
            assertThat(((Number) w.get(0)).longValue()).as("scroll width vs window on " + page[0])
                    .isLessThanOrEqualTo(((Number) w.get(1)).longValue());
            screenshot("narrow-" + page[1]);
        }
        open("/queue");
        assertThat(browser.executeScript("return [...document.querySelectorAll('.table-scroll')]"
                + ".some(box => box.scrollWidth > box.clientWidth)"))
                .as("a queue table wider than the window scrolls inside its box").isEqualTo(true);
    }

    @Test // guards item 8: at 1440 px every table row is one line: no text in a cell wraps, and nothing scrolls sideways
    void aWideWindowShowsEveryTableRowOnOneLine() {
        browser.manage().window().setSize(new Dimension(1440, 900));
        for (String[] page : pages()) {
            open(page[0]);
            assertThat(browser.executeScript("""
                    const wrapped = [];
                    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
                    while (walker.nextNode()) {
                      const text = walker.currentNode;
                      if (!text.textContent.trim() || !text.parentElement.closest('table.grid td')) continue;
                      const range = document.createRange();
                      range.selectNodeContents(text);
                      const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                      if (lines.size > 1) wrapped.push(text.textContent.trim());
                    }
                    return wrapped;""")).as("cell text that wraps on " + page[0]).isEqualTo(List.of());
            assertThat(browser.executeScript(
                    "return document.documentElement.scrollWidth <= window.innerWidth")).as(page[0]).isEqualTo(true);
            screenshot("wide-" + page[1]);
        }
    }

    private String expectedLink(JobKind kind) {
        return switch (kind) {
            case TRAIN_FOLD, PREDICT_OOF -> "/experiments/" + experiment;
            case BLEND -> "/ensembles/" + ensemble;
            case SUBMISSION, TEST_PREDICT -> "/submissions?submission=" + submission + "#submission-" + submission;
        };
    }

    private String[][] pages() {
        return new String[][] {{"/", "experiments"}, {"/queue", "queue"}, {"/submissions", "submissions"},
            {"/experiments/" + experiment, "experiment"}, {"/ensembles/" + ensemble, "ensemble"},
            {"/ensembles", "ensembles"}, {"/compare?ids=" + experiment + "," + imported, "compare"}, {"/workers", "workers"},
            {"/storage", "storage"}, {"/experiments/999999", "error"}};
    }

    private final WebDriverWait wait = new WebDriverWait(browser, WAIT, Duration.ofMillis(200));

    private void logIn() {
        open("/");
        wait.until(ExpectedConditions.urlContains("/login"));
        screenshot("login");
        browser.findElement(By.id("username")).sendKeys("admin");
        browser.findElement(By.id("password")).sendKeys(HttpTestClient.ADMIN_PASSWORD);
        browser.findElement(By.id("login")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("current-user")));
    }

    private void open(String path) {
        browser.get("http://localhost:" + port + path);
        wait.until(d -> "complete".equals(browser.executeScript("return document.readyState")));
    }

    private void screenshot(String name) {
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private long insert(String sql, Object... params) {
        var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql(sql).params(params).update(keys, "id");
        return keys.getKey().longValue();
    }

    /** An imported model: random OOF and test scores for every fold (the links need its rows, not its quality). */
    private long importModel(String model, byte[] foldsNpy, int classes, long seed) throws Exception {
        byte[] folds = Npy.readUint8(foldsNpy);
        int k = 0;
        for (byte f : folds) {
            k = Math.max(k, f + 1);
        }
        int testRows = Files.readAllLines(temp.resolve("tiny/sample_submission.csv")).size() - 1;
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("folds.npy", foldsNpy);
        for (int fold = 0; fold < k; fold++) {
            int rows = 0;
            for (byte f : folds) {
                rows += f == fold ? 1 : 0;
            }
            files.put(Level1FileName.ofTrain(model, fold, 3, 0.6).fileName(),
                    Npy.writeFloat32(randomScores(random, rows * classes), rows, classes));
            files.put(String.format(Locale.ROOT, "level1_test_%s_f%d_e03_0.6000.npy", model, fold),
                    Npy.writeFloat32(randomScores(random, testRows * classes), testRows, classes));
        }
        return json(client.postMultipart("/api/experiments/import", Map.of("name", model, "dataset", "tiny"), "files",
                files), 201).get("id").asLong();
    }

    private static float[] randomScores(SplittableRandom random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextDouble();
        }
        return values;
    }
}
