package dev.foldhub.experiment;

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
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * GET /api/experiments pages, sorts and filters in SQL, the same on H2 and PostgreSQL, and the dashboard's table
 * pages through it. The expected order and statuses come from the unparameterised list, whose views are assembled
 * in Java from every fold (an implementation independent of the SQL that derives status and CV mean). Run by
 * {@link ExperimentListH2Test} and {@link ExperimentListPostgresTest}.
 */
abstract class ExperimentListContract {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DatasetService datasets;
    HttpTestClient client;

    private long main;
    private long other;

    @BeforeEach
    void seed() throws Exception {
        client = new HttpTestClient(port);
        if (jdbc.sql("SELECT COUNT(*) FROM experiments").query(Long.class).single() > 0) {
            main = datasets.resolve("lists-main").id();
            other = datasets.resolve("lists-other").id();
            return;
        }
        main = register("lists-main");
        other = register("lists-other");
        long e;
        e = experiment("alpha-r18", "resnet18", "trained", main, 1, 0.63);
        ok(e, 0, 0.60); ok(e, 1, 0.62); ok(e, 2, 0.64);
        e = experiment("bravo-r34", "resnet34", "trained", main, 2, null);
        job(e, 0, "QUEUED"); job(e, 1, "QUEUED");
        e = experiment("charlie-r18", "resnet18", "trained", other, 3, null);
        ok(e, 0, 0.70); job(e, 1, "QUEUED");
        e = experiment("delta-r50", "resnet50", "trained", main, 4, null);
        job(e, 0, "RUNNING"); ok(e, 1, 0.50);
        e = experiment("echo-r18", "resnet18", "trained", main, 5, 0.56);
        job(e, 0, "FAILED"); ok(e, 1, 0.55);
        e = experiment("foxtrot-r18", "resnet18", "trained", main, 5, null); // same created time as echo
        job(e, 0, "CANCELLED"); ok(e, 1, 0.52);
        e = experiment("golf-retried", "resnet34", "trained", other, 6, 0.69);
        job(e, 0, "FAILED"); ok(e, 0, 0.66); ok(e, 1, 0.68); // fold 0 failed, then succeeded on a retry
        e = experiment("hotel-requeued", "resnet34", "trained", main, 7, null);
        ok(e, 0, 0.90); job(e, 0, "QUEUED"); ok(e, 1, 0.58); // fold 0's old result no longer counts
        e = experiment("india-imported", "imported", "imported", main, 8, 0.60);
        result(e, 0, 0.61); result(e, 1, 0.65);
        e = experiment("juliet-external", "external", "external", main, 9, null);
        external(e, 0, "SUCCEEDED"); epoch(e, 0, 1, 0.40); epoch(e, 0, 2, 0.45); external(e, 1, "RUNNING");
        experiment("kilo-nojobs", "resnet18", "trained", main, 10, null);
        e = experiment("mike_%wild", "resnet50", "trained", main, 11, 0.51);
        ok(e, 0, 0.47);
        e = experiment("mikeXXwild", "resnet50", "trained", main, 12, 0.50);
        ok(e, 0, 0.48);
    }

    @Test // guards: with no parameters the list is what it was (every experiment, newest id first, no paging headers)
    void theUnparameterisedListIsUnchanged() throws Exception {
        HttpResponse<String> response = client.get("/api/experiments");
        List<JsonNode> all = json(response, 200).valueStream().toList();
        assertThat(all).hasSize(13);
        assertThat(all.stream().map(j -> j.get("id").asLong()).toList())
                .isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(response.headers().firstValue("X-Total-Count")).isEmpty();
        assertThat(all.get(0).get("folds").isArray()).isTrue();
        assertThat(all.stream().map(j -> j.get("status").asString()).collect(Collectors.toSet()))
                .as("the seeds reach every status").isEqualTo(EnumSet.allOf(RunStatus.class).stream()
                        .map(Enum::name).collect(Collectors.toSet()));
    }

    @Test // guards: the status filter derives each experiment's status in SQL exactly as the views do in Java
    void filtersByStatusAsTheViewsDeriveIt() throws Exception {
        List<JsonNode> all = all();
        for (RunStatus status : RunStatus.values()) {
            assertThat(ids("/api/experiments?limit=500&sort=id&status=" + status.name().toLowerCase()))
                    .as(status.name()).isEqualTo(expected(all, j -> j.get("status").asString().equals(status.name()),
                            "id", false));
        }
    }

    @Test // guards: every sort column, both directions, in SQL: empty values last either way, ties newest id first
    void sortsEveryColumnBothWaysWithEmptyValuesLast() throws Exception {
        List<JsonNode> all = all();
        for (String key : List.of("id", "name", "arch", "inputSize", "loss", "status", "cvMean", "oofF2", "created")) {
            for (boolean descending : List.of(false, true)) {
                String sort = (descending ? "-" : "") + key;
                assertThat(ids("/api/experiments?limit=500&sort=" + sort)).as(sort)
                        .isEqualTo(expected(all, j -> true, key, descending));
            }
        }
        assertThat(ids("/api/experiments?sort=-cvF2")).isEqualTo(ids("/api/experiments?sort=-cvMean"));
        assertThat(ids("/api/experiments?sort=-created")).isEqualTo(ids("/api/experiments?limit=50"));
    }

    @Test // guards: pages of the same query add up to the whole list, with the total and a next link until the last
    void pagesAddUpWithTotalAndNextLink() throws Exception {
        List<Long> whole = ids("/api/experiments?limit=500&sort=-oofF2");
        List<Long> paged = new ArrayList<>();
        String next = "/api/experiments?sort=-oofF2&limit=5";
        int pages = 0;
        while (next != null) {
            HttpResponse<String> response = client.get(next);
            json(response, 200).valueStream().forEach(j -> paged.add(j.get("id").asLong()));
            assertThat(response.headers().firstValue("X-Total-Count")).hasValue("13");
            next = response.headers().firstValue("Link").map(ExperimentListContract::nextPath).orElse(null);
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(paged).isEqualTo(whole);
        assertThat(json(client.get("/api/experiments?offset=100"), 200).size()).isZero();
        assertThat(json(client.get("/api/experiments?sort=name"), 200).size()).isEqualTo(13);
    }

    @Test // guards: filters combine in SQL; % and _ in a name are plain characters; dataset by id or name; created range
    void filtersCombineAndWildcardsAreLiteral() throws Exception {
        assertThat(names("/api/experiments?name=" + enc("_%"))).containsExactly("mike_%wild");
        assertThat(names("/api/experiments?name=" + enc("E_%W"))).containsExactly("mike_%wild");
        assertThat(names("/api/experiments?name=" + enc("%"))).containsExactly("mike_%wild");
        assertThat(names("/api/experiments?name=mike&sort=name")).containsExactly("mike_%wild", "mikeXXwild");
        assertThat(names("/api/experiments?name=" + enc("\\"))).isEmpty();
        assertThat(names("/api/experiments?arch=resnet34&sort=name"))
                .containsExactly("bravo-r34", "golf-retried", "hotel-requeued");
        assertThat(names("/api/experiments?dataset=lists-other&sort=name")).containsExactly("charlie-r18", "golf-retried");
        assertThat(names("/api/experiments?dataset=" + other + "&arch=resnet18")).containsExactly("charlie-r18");
        assertThat(names("/api/experiments?q=OTHER&sort=name")).containsExactly("charlie-r18", "golf-retried");
        assertThat(names("/api/experiments?q=RESNET50&sort=name")).containsExactly("delta-r50", "mike_%wild", "mikeXXwild");
        assertThat(names("/api/experiments?status=SUCCEEDED&arch=resnet18")).containsExactly("alpha-r18");
        String after = T0.plus(5, ChronoUnit.HOURS).toString();
        String before = T0.plus(7, ChronoUnit.HOURS).toString();
        assertThat(names("/api/experiments?sort=name&createdAfter=" + after + "&createdBefore=" + before))
                .containsExactly("echo-r18", "foxtrot-r18", "golf-retried");
    }

    @Test // guards: a bad parameter is a 400 ProblemDetail naming it, a U+0000 included; nothing reaches SQL unchecked
    void badParametersAre400NamingTheField() throws Exception {
        String[][] cases = {
                {"limit=501", "limit"}, {"limit=0", "limit"}, {"limit=many", "limit"}, {"offset=-1", "offset"},
                {"sort=config", "sort"}, {"sort=" + enc("id; DROP TABLE experiments"), "sort"},
                {"status=DONE", "status"}, {"createdAfter=yesterday", "createdAfter"},
                {"createdBefore=2026-01-01", "createdBefore"}, {"dataset=no-such-set", "dataset"},
                {"name=a%00b", "name"}, {"q=%00", "q"}, {"arch=x%00", "arch"}};
        for (String[] c : cases) {
            JsonNode problem = json(client.get("/api/experiments?" + c[0]), 400);
            assertThat(problem.get("field").asString()).as(c[0]).isEqualTo(c[1]);
        }
        assertThat(json(client.get("/api/experiments?limit=500"), 200).size()).isEqualTo(13);
    }

    @Test // guards: the dashboard's table pages, sorts and filters through the same SQL; a page past the end is the last
    void theDashboardTablePagesThroughSql() throws Exception {
        List<String> byOof = names("/api/experiments?sort=-oofF2&limit=500");
        String page1 = html("/?sort=oofF2&dir=desc&size=5");
        assertThat(rowNames(page1)).isEqualTo(byOof.subList(0, 5));
        assertThat(page1).contains("13 experiments").contains("page 1 of 3").contains("next ›");
        String last = html("/?sort=oofF2&dir=desc&size=5&page=9");
        assertThat(rowNames(last)).isEqualTo(byOof.subList(10, 13));
        assertThat(last).contains("page 3 of 3");
        assertThat(rowNames(html("/?sort=nonsense&size=2"))).isEqualTo(names("/api/experiments?limit=2"));
        assertThat(rowNames(html("/?q=MIKE&status=SUCCEEDED&sort=name"))).containsExactly("mike_%wild", "mikeXXwild");
        assertThat(rowNames(html("/?status=NOPE"))).isEmpty();
    }

    @Test // guards item 2: ?tag= is an SQL condition on both databases, combined with the others, on the API and on /
    void filtersByTagOnTheApiAndTheDashboard() throws Exception {
        tag("alpha-r18", "sweep-1", "best");
        tag("golf-retried", "sweep-1");
        tag("hotel-requeued", "sweep-2");
        assertThat(names("/api/experiments?tag=sweep-1&sort=name")).containsExactly("alpha-r18", "golf-retried");
        assertThat(names("/api/experiments?tag=sweep-1&dataset=lists-other")).containsExactly("golf-retried");
        assertThat(names("/api/experiments?tag=best&status=SUCCEEDED")).containsExactly("alpha-r18");
        assertThat(names("/api/experiments?tag=sweep")).as("a tag matches whole, not as a prefix").isEmpty();
        JsonNode tagged = json(client.get("/api/experiments?tag=best"), 200).get(0);
        assertThat(tagged.get("tags").toString()).isEqualTo("[\"best\",\"sweep-1\"]");
        assertThat(json(client.get("/api/experiments?tag=" + enc("a b")), 400).get("field").asString()).isEqualTo("tag");
        assertThat(json(client.get("/api/experiments?tag=%00"), 400).get("field").asString()).isEqualTo("tag");
        assertThat(rowNames(html("/?tag=sweep-1&sort=name"))).containsExactly("alpha-r18", "golf-retried");
        assertThat(rowNames(html("/?tag=sweep-1&q=golf"))).containsExactly("golf-retried");
        assertThat(rowNames(html("/?tag=" + enc("not a tag")))).as("a hand-typed bad tag matches nothing").isEmpty();
    }

    private void tag(String name, String... tags) throws Exception {
        long id = json(client.get("/api/experiments?name=" + name), 200).get(0).get("id").asLong();
        json(client.put("/api/experiments/" + id + "/tags", "application/json",
                HttpTestClient.toJson(java.util.Map.of("tags", List.of(tags)))), 200);
    }

    // --- expectations from the Java-assembled views ---

    private List<JsonNode> all() throws Exception {
        return json(client.get("/api/experiments"), 200).valueStream().toList();
    }

    private static List<Long> expected(List<JsonNode> all, Predicate<JsonNode> filter, String key, boolean descending) {
        Function<JsonNode, Comparable<?>> value = switch (key) {
            case "id" -> j -> j.get("id").asLong();
            case "name" -> j -> j.get("name").asString().toLowerCase();
            case "arch", "loss", "status" -> j -> j.get(key).asString();
            case "inputSize" -> j -> j.get("inputSize").asInt();
            case "cvMean", "oofF2" -> j -> j.get(key).isNull() ? null : j.get(key).asDouble();
            case "created" -> j -> Instant.parse(j.get("createdAt").asString());
            default -> throw new IllegalArgumentException(key);
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

    private String html(String path) throws Exception {
        HttpResponse<String> response = client.get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    private static List<String> rowNames(String html) {
        Matcher m = Pattern.compile("class=\"exp-name\">([^<]*)<").matcher(html);
        List<String> names = new ArrayList<>();
        while (m.find()) {
            names.add(m.group(1).replace("&amp;", "&"));
        }
        return names;
    }

    private static String nextPath(String link) {
        String uri = link.substring(link.indexOf('<') + 1, link.indexOf('>'));
        return uri.substring(uri.indexOf("/api/"));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    // --- seeding: rows as the services write them, straight into the tables ---

    private long register(String name) throws Exception {
        Path dir = Files.createTempDirectory("foldhub-lists-");
        new DemoDatasetGenerator().generate(dir, new DemoSpec(40, 4, 16, 5L));
        return datasets.register(name, dir.toString()).id();
    }

    private long experiment(String name, String arch, String source, long dataset, int hour, Double oofF2) {
        long assignment = datasets.defaultFolds(dataset).id();
        jdbc.sql("INSERT INTO experiments (name, dataset_id, fold_assignment_id, config, arch, input_size, loss, oof_f2,"
                        + " created_at, source) VALUES (:name, :dataset, :assignment, 'model: {}', :arch, :size, :loss,"
                        + " :oof, :created, :source)")
                .param("name", name).param("dataset", dataset).param("assignment", assignment).param("arch", arch)
                .param("size", arch.startsWith("resnet") ? 32 + hour : 0)
                .param("loss", hour % 2 == 0 ? "bce" : "focal").param("oof", oofF2)
                .param("created", T0.plus(hour, ChronoUnit.HOURS).atOffset(ZoneOffset.UTC)).param("source", source)
                .update();
        return jdbc.sql("SELECT MAX(id) FROM experiments").query(Long.class).single();
    }

    private void job(long experiment, int fold, String state) {
        jdbc.sql("INSERT INTO jobs (kind, subject_id, fold, state, created_at) VALUES ('TRAIN_FOLD', :e, :fold, :state, :t)")
                .param("e", experiment).param("fold", fold).param("state", state)
                .param("t", T0.atOffset(ZoneOffset.UTC)).update();
    }

    /** A fold trained to the end: a SUCCEEDED job and its result. */
    private void ok(long experiment, int fold, double f2) {
        job(experiment, fold, "SUCCEEDED");
        result(experiment, fold, f2);
    }

    private void result(long experiment, int fold, double f2) {
        jdbc.sql("DELETE FROM fold_results WHERE experiment_id = :e AND fold = :fold").param("e", experiment)
                .param("fold", fold).update();
        jdbc.sql("INSERT INTO fold_results (experiment_id, fold, best_epoch, best_f2, threshold, created_at)"
                        + " VALUES (:e, :fold, 1, :f2, 0.2, :t)")
                .param("e", experiment).param("fold", fold).param("f2", f2).param("t", T0.atOffset(ZoneOffset.UTC))
                .update();
    }

    private void external(long experiment, int fold, String status) {
        jdbc.sql("INSERT INTO external_folds (experiment_id, fold, status, updated_at) VALUES (:e, :fold, :s, :t)")
                .param("e", experiment).param("fold", fold).param("s", status).param("t", T0.atOffset(ZoneOffset.UTC))
                .update();
    }

    private void epoch(long experiment, int fold, int epoch, double f2) {
        jdbc.sql("INSERT INTO epoch_metrics (experiment_id, fold, epoch, f2, threshold, created_at)"
                        + " VALUES (:e, :fold, :epoch, :f2, 0.2, :t)")
                .param("e", experiment).param("fold", fold).param("epoch", epoch).param("f2", f2)
                .param("t", T0.atOffset(ZoneOffset.UTC)).update();
    }
}
