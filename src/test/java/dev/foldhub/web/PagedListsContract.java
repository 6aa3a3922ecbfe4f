package dev.foldhub.web;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.dataset.DatasetService;
import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.testsupport.HttpTestClient;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * GET /api/ensembles and GET /api/submissions page, sort and filter in SQL, the same on H2 and PostgreSQL; the
 * expected statuses and orders come from the unparameterised lists, whose statuses are derived in Java from the
 * jobs (independent of the SQL). Run by {@link PagedListsH2Test} and {@link PagedListsPostgresTest}.
 */
abstract class PagedListsContract {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DatasetService datasets;
    HttpTestClient client;

    @BeforeEach
    void seed() throws Exception {
        client = new HttpTestClient(port);
        if (jdbc.sql("SELECT COUNT(*) FROM ensembles").query(Long.class).single() > 0) {
            return;
        }
        Path dir = Files.createTempDirectory("foldhub-paged-lists-");
        new DemoDatasetGenerator().generate(dir, new DemoSpec(40, 4, 16, 5L));
        long dataset = datasets.register("paged-lists", dir.toString()).id();
        long assignment = datasets.defaultFolds(dataset).id();
        jdbc.sql("INSERT INTO experiments (name, dataset_id, fold_assignment_id, config, arch, input_size, loss,"
                        + " created_at) VALUES ('member', :d, :a, 'model: {}', 'resnet18', 32, 'bce', :t)")
                .param("d", dataset).param("a", assignment).param("t", at(0)).update();
        long experiment = jdbc.sql("SELECT MAX(id) FROM experiments").query(Long.class).single();

        long blend = ensemble("blend-a", "search", dataset, assignment, 1, 0.70, 0.68);
        job("BLEND", blend, null, "SUCCEEDED");
        job("BLEND", ensemble("blend_%b", "search", dataset, assignment, 2, null, null), null, "RUNNING");
        ensemble("blend-c", "search", dataset, assignment, 3, null, null);
        ensemble("imported-d", "imported", dataset, assignment, 4, 0.60, null);
        ensemble("experiment-e", "experiment", dataset, assignment, 5, 0.65, 0.64);
        long retried = ensemble("blend-f", "search", dataset, assignment, 6, 0.50, null);
        job("BLEND", retried, null, "FAILED");
        job("BLEND", retried, null, "CANCELLED");

        long s = submission(blend, 1, 0.60, "SUCCEEDED", true);
        s = submission(blend, 2, null, "SUCCEEDED", false); // finished without its CSV: FAILED
        s = submission(blend, 3, 0.70, null, false);
        input(s, experiment, 0, "RUNNING");
        s = submission(blend, 4, null, null, false);
        input(s, experiment, 0, "FAILED");
        input(s, experiment, 1, "CANCELLED");
        s = submission(blend, 5, 0.65, null, false);
        input(s, experiment, 0, "FAILED");
        input(s, experiment, 1, "RUNNING");
        s = submission(blend, 6, null, null, false);
        input(s, experiment, 0, null);
        s = submission(blend, 7, null, "RUNNING", false);
        input(s, experiment, 0, "FAILED");
    }

    @Test // guards: with no parameters both lists are what they were (all rows, newest id first, no paging headers)
    void theUnparameterisedListsAreUnchanged() throws Exception {
        for (String path : List.of("/api/ensembles", "/api/submissions")) {
            HttpResponse<String> response = client.get(path);
            List<Long> ids = json(response, 200).valueStream().map(j -> j.get("id").asLong()).toList();
            assertThat(ids).as(path).hasSize(path.endsWith("ensembles") ? 6 : 7)
                    .isSortedAccordingTo(Comparator.reverseOrder());
            assertThat(response.headers().firstValue("X-Total-Count")).isEmpty();
        }
    }

    @Test // guards: status filters and status order agree with the statuses the views derive in Java
    void statusesInSqlAreTheViewsStatuses() throws Exception {
        for (String list : List.of("/api/ensembles", "/api/submissions")) {
            List<JsonNode> all = json(client.get(list), 200).valueStream().toList();
            List<String> statuses = all.stream().map(j -> j.get("status").asString()).distinct().toList();
            assertThat(statuses).as(list).hasSizeGreaterThanOrEqualTo(5);
            for (String status : statuses) {
                assertThat(ids(list + "?sort=id&status=" + status.toLowerCase())).as(list + " " + status)
                        .isEqualTo(expected(all, j -> j.get("status").asString().equals(status), "id", false));
            }
        }
    }

    @Test // guards: every sort column both ways, empty values last either way, ties newest id first
    void sortsBothWaysWithEmptyValuesLast() throws Exception {
        List<JsonNode> ensembles = json(client.get("/api/ensembles"), 200).valueStream().toList();
        for (String key : List.of("id", "name", "status", "oofF2", "nestedCvF2", "created")) {
            for (boolean desc : List.of(false, true)) {
                assertThat(ids("/api/ensembles?sort=" + (desc ? "-" : "") + key)).as(key + " " + desc)
                        .isEqualTo(expected(ensembles, j -> true, key, desc));
            }
        }
        List<JsonNode> submissions = json(client.get("/api/submissions"), 200).valueStream().toList();
        for (String key : List.of("id", "status", "publicScore", "privateScore", "created")) {
            for (boolean desc : List.of(false, true)) {
                assertThat(ids("/api/submissions?sort=" + (desc ? "-" : "") + key)).as(key + " " + desc)
                        .isEqualTo(expected(submissions, j -> true, key, desc));
            }
        }
    }

    @Test // guards: pages with the total and a next link; filters by name (wildcards literal), data set, ensemble, time
    void pagesAndFilters() throws Exception {
        HttpResponse<String> first = client.get("/api/submissions?limit=3&sort=id");
        assertThat(first.headers().firstValue("X-Total-Count")).hasValue("7");
        assertThat(first.headers().firstValue("Link").orElseThrow()).contains("offset=3").contains("rel=\"next\"");
        HttpResponse<String> last = client.get("/api/submissions?limit=3&offset=6&sort=id");
        assertThat(json(last, 200).size()).isEqualTo(1);
        assertThat(last.headers().firstValue("Link")).isEmpty();

        assertThat(names("/api/ensembles?name=" + enc("_%"))).containsExactly("blend_%b");
        assertThat(names("/api/ensembles?name=BLEND&sort=name")).containsExactly("blend-a", "blend-c", "blend-f",
                "blend_%b");
        assertThat(names("/api/ensembles?dataset=paged-lists&limit=2")).containsExactly("blend-f", "experiment-e");
        assertThat(names("/api/ensembles?createdAfter=" + T0.plus(2, ChronoUnit.HOURS) + "&createdBefore="
                + T0.plus(4, ChronoUnit.HOURS) + "&sort=created")).containsExactly("blend_%b", "blend-c");
        long blend = jdbc.sql("SELECT id FROM ensembles WHERE name = 'blend-a'").query(Long.class).single();
        assertThat(json(client.get("/api/submissions?ensemble=" + blend), 200).size()).isEqualTo(7);
        assertThat(json(client.get("/api/submissions?ensemble=" + (blend + 100)), 200).size()).isZero();
        assertThat(json(client.get("/api/submissions?createdAfter=" + T0.plus(6, ChronoUnit.HOURS)), 200).size())
                .isEqualTo(2);
    }

    @Test // guards: a bad parameter is a 400 ProblemDetail naming it
    void badParametersAre400NamingTheField() throws Exception {
        String[][] cases = {
                {"/api/ensembles?limit=501", "limit"}, {"/api/ensembles?offset=-1", "offset"},
                {"/api/ensembles?sort=method", "sort"}, {"/api/ensembles?status=DONE", "status"},
                {"/api/ensembles?dataset=nope", "dataset"}, {"/api/ensembles?name=x%00", "name"},
                {"/api/ensembles?createdAfter=today", "createdAfter"},
                {"/api/submissions?limit=0", "limit"}, {"/api/submissions?sort=name", "sort"},
                {"/api/submissions?status=IMPORTED", "status"}, {"/api/submissions?ensemble=abc", "ensemble"},
                {"/api/submissions?createdBefore=2026", "createdBefore"}};
        for (String[] c : cases) {
            assertThat(json(client.get(c[0]), 400).get("field").asString()).as(c[0]).isEqualTo(c[1]);
        }
    }

    @Test // guards: the dashboard's ensembles table is a page of 50 from the same SQL, newest first; past the end: the last
    void theEnsemblesPageIsPaged() throws Exception {
        long dataset = jdbc.sql("SELECT id FROM datasets WHERE name = 'paged-lists'").query(Long.class).single();
        long assignment = datasets.defaultFolds(dataset).id();
        long before = jdbc.sql("SELECT MAX(id) FROM ensembles").query(Long.class).single();
        try {
            for (int i = 0; i < 45; i++) {
                ensemble("extra-" + i, "imported", dataset, assignment, 10 + i, null, null);
            }
            List<Long> newest = ids("/api/ensembles?limit=500");
            String first = html("/ensembles");
            assertThat(ensembleLinks(first)).isEqualTo(newest.subList(0, 50));
            assertThat(first).contains("page 1 of 2 (51 ensembles)").contains("next ›");
            assertThat(ensembleLinks(html("/ensembles?page=2"))).isEqualTo(newest.subList(50, 51));
            assertThat(html("/ensembles?page=9")).contains("page 2 of 2");
        } finally {
            jdbc.sql("DELETE FROM ensembles WHERE id > :id").param("id", before).update();
        }
    }

    @Test // guards: the submissions ledger is a page of 50 from the same SQL as the API, newest first, with a pager
    void theSubmissionsLedgerIsPaged() throws Exception {
        long blend = jdbc.sql("SELECT id FROM ensembles WHERE name = 'blend-a'").query(Long.class).single();
        long before = jdbc.sql("SELECT MAX(id) FROM submissions").query(Long.class).single();
        try {
            for (int i = 0; i < 45; i++) {
                submission(blend, 8 + i % 12, null, null, false);
            }
            List<Long> newest = ids("/api/submissions?limit=500");
            assertThat(newest.size()).isGreaterThan(50);
            String first = html("/submissions");
            assertThat(submissionRows(first)).isEqualTo(newest.subList(0, 50));
            assertThat(first).contains("page 1 of 2 (" + newest.size() + " submissions)").contains("next ›");
            assertThat(submissionRows(html("/submissions?page=2"))).isEqualTo(newest.subList(50, newest.size()));
            assertThat(html("/submissions?page=7")).contains("page 2 of 2");
            long old = newest.get(newest.size() - 1); // the queue links ?submission=ID to the page that holds it
            assertThat(submissionRows(html("/submissions?submission=" + old))).contains(old);
            assertThat(submissionRows(html("/submissions?submission=" + newest.get(3)))).contains(newest.get(3));
        } finally {
            jdbc.sql("DELETE FROM submissions WHERE id > :id").param("id", before).update();
        }
    }

    private static List<Long> submissionRows(String html) {
        String table = html.substring(html.indexOf("id=\"submissions\""), html.indexOf("</table>"));
        return Pattern.compile("id=\"submission-(\\d+)\"").matcher(table).results()
                .map(m -> Long.parseLong(m.group(1))).toList();
    }

    private String html(String path) throws Exception {
        HttpResponse<String> response = client.get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    private static List<Long> ensembleLinks(String html) {
        String table = html.substring(html.indexOf("id=\"ensembles\""), html.indexOf("</table>"));
        return Pattern.compile("href=\"/ensembles/(\\d+)\"").matcher(table).results()
                .map(m -> Long.parseLong(m.group(1))).toList();
    }

    private static List<Long> expected(List<JsonNode> all, Predicate<JsonNode> filter, String key, boolean descending) {
        Function<JsonNode, Comparable<?>> value = switch (key) {
            case "id" -> j -> j.get("id").asLong();
            case "name" -> j -> j.get("name").asString().toLowerCase();
            case "status" -> j -> j.get("status").asString();
            case "created" -> j -> Instant.parse(j.get("createdAt").asString());
            default -> j -> j.get(key).isNull() ? null : j.get(key).asDouble();
        };
        @SuppressWarnings({"unchecked", "rawtypes"})
        Comparator<Comparable> natural = descending ? Comparator.reverseOrder() : Comparator.naturalOrder();
        @SuppressWarnings({"unchecked", "rawtypes"})
        Comparator<JsonNode> order = Comparator.comparing(j -> (Comparable) value.apply(j), Comparator.nullsLast(natural));
        return all.stream().filter(filter)
                .sorted(order.thenComparing(Comparator.comparingLong((JsonNode j) -> j.get("id").asLong()).reversed()))
                .map(j -> j.get("id").asLong()).toList();
    }

    private List<Long> ids(String path) throws Exception {
        return json(client.get(path), 200).valueStream().map(j -> j.get("id").asLong()).toList();
    }

    private List<String> names(String path) throws Exception {
        return json(client.get(path), 200).valueStream().map(j -> j.get("name").asString()).toList();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static OffsetDateTime at(int hour) {
        return T0.plus(hour, ChronoUnit.HOURS).atOffset(ZoneOffset.UTC);
    }

    private long ensemble(String name, String source, long dataset, long assignment, int hour, Double oof, Double nested) {
        jdbc.sql("INSERT INTO ensembles (name, dataset_id, fold_assignment_id, method, source, oof_f2, nested_cv_f2,"
                        + " created_at) VALUES (:n, :d, :a, 'greedy', :s, :oof, :nested, :t)")
                .param("n", name).param("d", dataset).param("a", assignment).param("s", source).param("oof", oof)
                .param("nested", nested).param("t", at(hour)).update();
        return jdbc.sql("SELECT MAX(id) FROM ensembles").query(Long.class).single();
    }

    private Long job(String kind, long subject, Integer fold, String state) {
        if (state == null) {
            return null;
        }
        jdbc.sql("INSERT INTO jobs (kind, subject_id, fold, state, created_at) VALUES (:k, :s, :f, :state, :t)")
                .param("k", kind).param("s", subject).param("f", fold).param("state", state).param("t", at(0)).update();
        return jdbc.sql("SELECT MAX(id) FROM jobs").query(Long.class).single();
    }

    private long submission(long ensemble, int hour, Double publicScore, String blendState, boolean csv) {
        jdbc.sql("INSERT INTO submissions (ensemble_id, combine, thresholds, csv, public_score, private_score,"
                        + " created_at) VALUES (:e, 'mean', 'fold', :csv, :pub, :priv, :t)")
                .param("e", ensemble).param("csv", csv ? "Id,attribute_ids\n".getBytes(StandardCharsets.UTF_8) : null)
                .param("pub", publicScore).param("priv", publicScore == null ? null : publicScore - 0.01)
                .param("t", at(hour)).update();
        long id = jdbc.sql("SELECT MAX(id) FROM submissions").query(Long.class).single();
        Long blendJob = job("SUBMISSION", id, null, blendState);
        if (blendJob != null) {
            jdbc.sql("UPDATE submissions SET blend_job_id = :j WHERE id = :id").param("j", blendJob).param("id", id)
                    .update();
        }
        return id;
    }

    private void input(long submission, long experiment, int fold, String state) {
        Long job = job("TEST_PREDICT", submission, fold, state);
        jdbc.sql("INSERT INTO submission_inputs (submission_id, experiment_id, fold, combine, job_id, done)"
                        + " VALUES (:s, :e, :f, 'mean', :j, FALSE)")
                .param("s", submission).param("e", experiment).param("f", fold).param("j", job).update();
    }
}
