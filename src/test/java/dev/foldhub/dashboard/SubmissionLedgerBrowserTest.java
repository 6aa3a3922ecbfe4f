package dev.foldhub.dashboard;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.dataset.DatasetService;
import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.ensemble.PostprocessJson;
import dev.foldhub.ensemble.PostprocessSpec;
import dev.foldhub.ensemble.PostprocessView;
import dev.foldhub.testsupport.HttpTestClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Item 6 of issue 15: the submissions ledger tells submissions apart. Five submissions of one four-member ensemble
 * differ only in TTA, combine and thresholds; each row shows those, the weights (three, the full list on hover), and
 * the OOF F2 of what was submitted (the blend's, the tuned, the group-tuned or the post-processed one); the CV-vs-LB
 * chart in a real headless Chromium has labelled public and private series and a y = x line; / shows the best public LB.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "foldhub.worker.embedded=false")
class SubmissionLedgerBrowserTest {

    private static final PostprocessSpec REFERENCE = new PostprocessSpec(0.0, Map.of(), null);
    private static final PostprocessSpec CHOSEN = new PostprocessSpec(0.1, Map.of(), null);
    private static final PostprocessSpec BY_HAND = new PostprocessSpec(0.2, Map.of(), null);

    @TempDir
    static Path temp;
    static ChromeDriver browser;
    static long fold;
    static long tuned;
    static long groups;
    static long postprocessed;
    static long byHand;
    static List<Long> members = new ArrayList<>();

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DatasetService datasets;

    private HttpTestClient client;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:ledger;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        registry.add("foldhub.data-dir", () -> temp.resolve("data").toString());
        registry.add("foldhub.artifacts-dir", () -> temp.resolve("data/artifacts").toString());
    }

    @BeforeAll
    static void startBrowser() throws Exception {
        HeadlessChromium.assumeInstalled();
        new DemoDatasetGenerator().generate(temp.resolve("tiny"), new DemoSpec(40, 4, 16, 5L));
        browser = HeadlessChromium.start(temp.resolve("chromium-profile"));
        Files.createDirectories(Path.of("target", "screenshots"));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** One ensemble (OOF 0.70, tuned 0.72, group-tuned 0.73, chosen rule 0.74) of four weighted members, five submissions. */
    @BeforeEach
    void seedOnce() {
        client = new HttpTestClient(port);
        if (fold != 0) {
            return;
        }
        long dataset = datasets.register("ledger", temp.resolve("tiny").toString()).id();
        long assignment = datasets.defaultFolds(dataset).id();
        for (int i = 0; i < 4; i++) {
            members.add(insert("INSERT INTO experiments (name, dataset_id, fold_assignment_id, config, arch, input_size,"
                    + " loss, created_at) VALUES (?, ?, ?, 'model: {}', 'resnet18', 32, 'bce', CURRENT_TIMESTAMP)",
                    "member-" + i, dataset, assignment));
        }
        PostprocessView report = new PostprocessView("caps", CHOSEN, List.of(
                new PostprocessView.RuleView("reference", REFERENCE, 0.70, null, 0, null, true, 0),
                new PostprocessView.RuleView("caps", CHOSEN, 0.74, null, 0.04, null, true, 0)), null);
        long ensemble = insert("INSERT INTO ensembles (name, dataset_id, fold_assignment_id, method, source, oof_f2,"
                + " nested_cv_f2, tuned_f2, group_tuned_f2, postprocess, created_at) VALUES ('ledger-blend', ?, ?, 'greedy',"
                + " 'search', 0.70, 0.69, 0.72, 0.73, ?, CURRENT_TIMESTAMP)", dataset, assignment,
                PostprocessJson.write(report));
        double[] weights = {0.1, 0.4, 0.3, 0.2};
        for (int i = 0; i < 4; i++) {
            insert("INSERT INTO ensemble_members (ensemble_id, experiment_id, position, weight) VALUES (?, ?, ?, ?)",
                    ensemble, members.get(i), i, weights[i]);
        }
        fold = submission(ensemble, null, "mean", "fold", null, 0.60, 0.62);
        tuned = submission(ensemble, 4, "gmean", "tuned", null, 0.65, 0.64);
        groups = submission(ensemble, 2, "mean", "groups", null, null, null);
        postprocessed = submission(ensemble, 8, "mean", "postprocess", CHOSEN, 0.651, 0.655);
        byHand = submission(ensemble, 8, "mean", "postprocess", BY_HAND, null, null);
    }

    @Test // guards item 6: TTA, combine, thresholds and weights columns, and the OOF F2 that matches what was submitted
    void eachRowShowsWhatWasSubmittedAndTheMatchingOofF2() throws Exception {
        String html = html("/submissions");
        assertThat(cell(html, fold, "ttas")).isEqualTo("own");
        assertThat(cell(html, tuned, "ttas")).isEqualTo("4");
        assertThat(cell(html, tuned, "combine")).isEqualTo("gmean");
        assertThat(cell(html, groups, "thresholds")).isEqualTo("groups");
        assertThat(cell(html, fold, "submitted-oof")).isEqualTo("0.7000");
        assertThat(cell(html, tuned, "submitted-oof")).isEqualTo("0.7200");
        assertThat(cell(html, groups, "submitted-oof")).isEqualTo("0.7300");
        assertThat(cell(html, postprocessed, "submitted-oof")).isEqualTo("0.7400");
        assertThat(cell(html, byHand, "submitted-oof")).isEqualTo("–");
        // the three largest weights, the fourth on hover
        String e = "e";
        assertThat(cell(html, fold, "weights")).isEqualTo(e + members.get(1) + " 0.400 · " + e + members.get(2)
                + " 0.300 · " + e + members.get(3) + " 0.200 +1");
        assertThat(row(html, fold)).contains("title=\"experiment " + members.get(1) + ": 0.400, experiment "
                + members.get(2) + ": 0.300, experiment " + members.get(3) + ": 0.200, experiment " + members.get(0)
                + ": 0.100\"");

        JsonNode api = json(client.get("/api/submissions/" + postprocessed), 200);
        assertThat(api.get("oofF2").asDouble()).as("oofF2 keeps its meaning: the blend's").isEqualTo(0.70);
        assertThat(api.get("submittedOofF2").asDouble()).isEqualTo(0.74);
        assertThat(api.get("submittedOofF2Source").asString()).contains("post-processed").contains("caps");
        assertThat(json(client.get("/api/submissions/" + tuned), 200).get("submittedOofF2Source").asString())
                .contains("tuned threshold");
        assertThat(json(client.get("/api/submissions/" + byHand), 200).get("submittedOofF2").isNull()).isTrue();
        assertThat(api.get("weights").size()).isEqualTo(4);
        assertThat(api.get("weights").get(1).get("experiment").asLong()).isEqualTo(members.get(1));
        assertThat(api.get("weights").get(1).get("weight").asDouble()).isEqualTo(0.4);
    }

    @Test // guards item 6: the CV-vs-LB chart has labelled public and private LB series, a legend and a y = x line
    void theChartHasLabelledPublicAndPrivateSeriesAndAYEqualsXLine() {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(45), Duration.ofMillis(200));
        HeadlessChromium.logInAsAdmin(browser, wait, port);
        browser.get("http://localhost:" + port + "/submissions");
        wait.until(d -> "complete".equals(browser.executeScript("return document.readyState")));
        List<?> sets = (List<?>) browser.executeScript("""
                const chart = Chart.getChart('cv-lb-chart');
                return chart.data.datasets.map(set => ({label: set.label,
                  points: set.data.map(p => [p.x, p.y, p.label || ''])}))
                  .concat([{label: 'legend', points: [[chart.options.plugins.legend.display ? 1 : 0, 0, '']]}]);""");
        assertThat(label(sets, 0)).isEqualTo("public LB");
        assertThat(label(sets, 1)).isEqualTo("private LB");
        assertThat(label(sets, 2)).isEqualTo("y = x");
        assertThat(points(sets, 0)).containsExactlyInAnyOrder(List.of(0.70, 0.60, "#" + fold + " ledger-blend"),
                List.of(0.72, 0.65, "#" + tuned + " ledger-blend"), List.of(0.74, 0.651, "#" + postprocessed + " ledger-blend"));
        assertThat(points(sets, 1)).containsExactlyInAnyOrder(List.of(0.70, 0.62, "#" + fold + " ledger-blend"),
                List.of(0.72, 0.64, "#" + tuned + " ledger-blend"), List.of(0.74, 0.655, "#" + postprocessed + " ledger-blend"));
        // y = x from the lowest to the highest value of any point
        assertThat(points(sets, 2)).containsExactly(List.of(0.60, 0.60, "y = x"), List.of(0.74, 0.74, "y = x"));
        assertThat(points(sets, 3).get(0).get(0)).as("legend shown").isEqualTo(1.0);
        try {
            Files.write(Path.of("target", "screenshots", "submissions-ledger.png"), browser.getScreenshotAs(OutputType.BYTES));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test // guards item 6: / shows the best public LB, its submission and ensemble (the highest score, not the newest)
    void theExperimentsPageShowsTheBestPublicLeaderboardScore() throws Exception {
        String html = html("/");
        String line = html.substring(html.indexOf("id=\"best-lb\""), html.indexOf("</p>", html.indexOf("id=\"best-lb\"")))
                .replaceAll("<[^>]+>", "").replaceAll("\\s+", " ");
        assertThat(line).contains("best public LB: 0.6510 (submission #" + postprocessed + ", ensemble ledger-blend)");
        assertThat(html).contains("href=\"/submissions?submission=" + postprocessed + "\"");
    }

    private String html(String path) throws Exception {
        HttpResponse<String> response = client.get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    private static String row(String html, long id) {
        int start = html.indexOf("id=\"submission-" + id + "\"");
        assertThat(start).as("row of submission " + id).isPositive();
        return html.substring(start, html.indexOf("</tr>", start));
    }

    private static String cell(String html, long id, String cssClass) {
        Matcher m = Pattern.compile("<td class=\"[^\"]*\\b" + cssClass + "\\b[^\"]*\"[^>]*>([^<]*)</td>").matcher(row(html, id));
        assertThat(m.find()).as(cssClass + " of submission " + id).isTrue();
        return m.group(1).trim();
    }

    private static String label(List<?> sets, int i) {
        return (String) ((Map<?, ?>) sets.get(i)).get("label");
    }

    private static List<List<Object>> points(List<?> sets, int i) {
        return ((List<?>) ((Map<?, ?>) sets.get(i)).get("points")).stream()
                .map(p -> ((List<?>) p).stream().map(v -> v instanceof Number n ? (Object) n.doubleValue() : v).toList())
                .toList();
    }

    private long submission(long ensemble, Integer ttas, String combine, String thresholds, PostprocessSpec rule,
                            Double publicScore, Double privateScore) {
        return insert("INSERT INTO submissions (ensemble_id, num_ttas, combine, thresholds, postprocess, public_score,"
                + " private_score, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP)", ensemble, ttas, combine,
                thresholds, PostprocessJson.write(rule), publicScore, privateScore);
    }

    private long insert(String sql, Object... params) {
        var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql(sql).params(params).update(keys, "id");
        return keys.getKey().longValue();
    }
}
