package dev.foldhub.experiment;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static dev.foldhub.testsupport.HttpTestClient.toJson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.security.ApiTokens;
import dev.foldhub.testsupport.HttpTestClient;
import dev.foldhub.testsupport.TinyConfigs;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Issue 15 item 2: tags and a note on experiments through the API (PATCH /api/experiments/{id}, PUT .../tags and
 * .../note, on creation and clone), validated with a 400 naming the field and nothing changed, filtered with
 * GET /api/experiments?tag=, and refused to a read-only viewer. No worker runs: the jobs stay queued.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "foldhub.worker.embedded=false")
class ExperimentTagsAndNoteTest {

    private static final String CONFIG = TinyConfigs.resnet18(1);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path temp;

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;

    private HttpTestClient client;
    private static boolean registered;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:experiment-tags;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        registry.add("foldhub.data-dir", () -> temp.resolve("data").toString());
        registry.add("foldhub.artifacts-dir", () -> temp.resolve("data/artifacts").toString());
    }

    @BeforeAll
    static void generateDataSet() throws Exception {
        new DemoDatasetGenerator().generate(temp.resolve("tiny-imet"), new DemoSpec(200, 20, 32, 7L));
    }

    @BeforeEach
    void registerOnce() throws Exception {
        client = new HttpTestClient(port);
        if (!registered) {
            json(client.post("/api/datasets", "application/json",
                    "{\"name\": \"tiny\", \"path\": \"" + temp.resolve("tiny-imet").toAbsolutePath() + "\"}"), 201);
            registered = true;
        }
    }

    @Test // guards: PATCH sets tags (sorted, duplicates once) and note; a field left out stays; GET shows both
    void patchSetsTagsAndNoteAndLeavesOutFieldsAsTheyWere() throws Exception {
        long id = create("tags-patch");
        JsonNode fresh = json(client.get("/api/experiments/" + id), 200);
        assertThat(fresh.get("tags")).as("no tags is an empty list").isEmpty();
        assertThat(fresh.get("note").isNull()).isTrue();

        JsonNode view = json(patch(id, Map.of("tags", List.of("lr:1e-3", "baseline", "baseline"), "note",
                "first try\nwith SWA")), 200);
        assertThat(strings(view.get("tags"))).containsExactly("baseline", "lr:1e-3");
        assertThat(view.get("note").asString()).isEqualTo("first try\nwith SWA");

        json(patch(id, Map.of("note", "second thoughts")), 200);
        JsonNode read = json(client.get("/api/experiments/" + id), 200);
        assertThat(strings(read.get("tags"))).as("tags left out of the PATCH stay").containsExactly("baseline", "lr:1e-3");
        assertThat(read.get("note").asString()).isEqualTo("second thoughts");

        Map<String, Object> clear = new LinkedHashMap<>();
        clear.put("tags", List.of());
        clear.put("note", null);
        JsonNode cleared = json(patch(id, clear), 200);
        assertThat(cleared.get("tags")).isEmpty();
        assertThat(cleared.get("note").isNull()).isTrue();
    }

    @Test // guards: the two PUTs replace tags and note
    void putReplacesTagsAndNote() throws Exception {
        long id = create("tags-put");
        JsonNode tagged = json(client.put("/api/experiments/" + id + "/tags", "application/json",
                toJson(Map.of("tags", List.of("a", "b_2")))), 200);
        assertThat(strings(tagged.get("tags"))).containsExactly("a", "b_2");
        json(client.put("/api/experiments/" + id + "/tags", "application/json", toJson(Map.of("tags", List.of("c")))), 200);
        JsonNode noted = json(client.put("/api/experiments/" + id + "/note", "application/json",
                toJson(Map.of("note", "ünïcode ok"))), 200);
        assertThat(strings(noted.get("tags"))).containsExactly("c");
        assertThat(noted.get("note").asString()).isEqualTo("ünïcode ok");
    }

    @Test // guards: bad tags and notes are a 400 naming the field, and what was stored is kept
    void badTagsOrNotesAreRefusedNamingTheFieldAndChangeNothing() throws Exception {
        long id = create("tags-bad");
        json(patch(id, Map.of("tags", List.of("keep"), "note", "kept")), 200);
        List<String> tooMany = IntStream.range(0, 21).mapToObj(i -> "t" + i).toList();
        List<Object> badTagBodies = new ArrayList<>(List.of(List.of("has space"), List.of(""), List.of("x".repeat(65)),
                List.of("semi;colon"), List.of(5), tooMany, "not-a-list", List.of("ok", "é")));
        for (Object tags : badTagBodies) {
            assertProblem(patch(id, Map.of("tags", tags, "note", "changed")), "tags");
            assertProblem(client.put("/api/experiments/" + id + "/tags", "application/json", toJson(Map.of("tags", tags))),
                    "tags");
        }
        assertProblem(client.put("/api/experiments/" + id + "/tags", "application/json", "{}"), "tags");
        assertProblem(patch(id, Map.of("note", "x".repeat(10_001), "tags", List.of("changed"))), "note");
        assertProblem(client.put("/api/experiments/" + id + "/note", "application/json", toJson(Map.of("note", 42))),
                "note");
        assertProblem(client.put("/api/experiments/" + id + "/note", "application/json", "{}"), "note");
        assertProblem(patch(id, Map.of("name", "renamed")), "name");
        // U+0000 cannot be stored in PostgreSQL text: refused the same everywhere, naming the field
        assertProblem(patch(id, Map.of("note", "a\u0000b")), "note");
        assertProblem(client.put("/api/experiments/" + id + "/note", "application/json", toJson(Map.of("note", "a\u0000b"))),
                "note");

        JsonNode read = json(client.get("/api/experiments/" + id), 200);
        assertThat(strings(read.get("tags"))).containsExactly("keep");
        assertThat(read.get("note").asString()).isEqualTo("kept");
        // the limits themselves are accepted: 20 tags of 64 characters, a note of 10,000
        List<String> twenty = IntStream.range(0, 20).mapToObj(i -> String.format("%064d", i)).toList();
        JsonNode atLimit = json(patch(id, Map.of("tags", twenty, "note", "n".repeat(10_000))), 200);
        assertThat(atLimit.get("tags")).hasSize(20);
        assertThat(atLimit.get("note").asString()).hasSize(10_000);
    }

    @Test // guards: GET /api/experiments?tag= lists only the experiments with that tag, with the other filters
    void theListFiltersByTag() throws Exception {
        long a = create("filter-a");
        long b = create("filter-b");
        long c = create("filter-c");
        json(patch(a, Map.of("tags", List.of("sweep-7", "best"))), 200);
        json(patch(b, Map.of("tags", List.of("sweep-7"))), 200);
        json(patch(c, Map.of("tags", List.of("sweep-8"))), 200);
        assertThat(ids(json(client.get("/api/experiments?tag=sweep-7"), 200))).containsExactlyInAnyOrder(a, b);
        assertThat(ids(json(client.get("/api/experiments?tag=best"), 200))).containsExactly(a);
        assertThat(ids(json(client.get("/api/experiments?tag=sweep-7&name=filter-b"), 200))).containsExactly(b);
        assertThat(ids(json(client.get("/api/experiments?tag=nobody-has-it"), 200))).isEmpty();
        assertProblem(client.get("/api/experiments?tag=bad%20tag"), "tag");
    }

    @Test // guards: tags and note can be given when an experiment is created or cloned, and are checked there too
    void creationAndCloneTakeTagsAndNote() throws Exception {
        JsonNode created = json(client.post("/api/experiments", "application/json", toJson(Map.of("name", "born-tagged",
                "dataset", "tiny", "folds", "0", "config", CONFIG, "tags", List.of("v1"), "note", "from the start"))), 201);
        long id = created.get("id").asLong();
        assertThat(strings(created.get("experiment").get("tags"))).containsExactly("v1");
        assertThat(created.get("experiment").get("note").asString()).isEqualTo("from the start");

        JsonNode clone = json(client.post("/api/experiments/" + id + "/clone", "application/json",
                toJson(Map.of("name", "born-tagged-clone", "tags", List.of("v2")))), 201);
        assertThat(strings(clone.get("experiment").get("tags"))).containsExactly("v2");
        assertThat(clone.get("experiment").get("note").isNull()).isTrue();

        int before = json(client.get("/api/experiments"), 200).size();
        assertProblem(client.post("/api/experiments", "application/json", toJson(Map.of("name", "born-bad",
                "dataset", "tiny", "folds", "0", "config", CONFIG, "tags", List.of("no spaces")))), "tags");
        assertProblem(client.post("/api/experiments/" + id + "/clone", "application/json",
                toJson(Map.of("note", "y".repeat(10_001)))), "note");
        assertThat(json(client.get("/api/experiments"), 200).size()).as("nothing created").isEqualTo(before);
    }

    @Test // guards: a read-only viewer may read tags but not change them (403), and nothing changes
    void aViewerCannotChangeTagsOrNote() throws Exception {
        long id = create("tags-viewer");
        json(patch(id, Map.of("tags", List.of("mine"))), 200);
        String viewer = tokens.create("tags-viewer", "viewer", null, "test").token();
        HttpTestClient asViewer = client.as(viewer);
        assertThat(send(asViewer, "PATCH", "/api/experiments/" + id, toJson(Map.of("tags", List.of("theirs"))))
                .statusCode()).isEqualTo(403);
        assertThat(asViewer.put("/api/experiments/" + id + "/tags", "application/json",
                toJson(Map.of("tags", List.of("theirs")))).statusCode()).isEqualTo(403);
        assertThat(asViewer.put("/api/experiments/" + id + "/note", "application/json",
                toJson(Map.of("note", "theirs"))).statusCode()).isEqualTo(403);
        JsonNode read = json(asViewer.get("/api/experiments/" + id), 200);
        assertThat(strings(read.get("tags"))).containsExactly("mine");
        assertThat(read.get("note").isNull()).isTrue();
        assertThat(send(client, "PATCH", "/api/experiments/999999", toJson(Map.of("tags", List.of("x")))).statusCode())
                .isEqualTo(404);
    }

    private HttpResponse<String> patch(long id, Map<String, ?> body) throws Exception {
        return send(client, "PATCH", "/api/experiments/" + id, toJson(body));
    }

    private static HttpResponse<String> send(HttpTestClient as, String method, String path, String body) throws Exception {
        return HTTP.send(as.request(path).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> response, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(response.body()).as("names the field").contains("\"" + field);
    }

    private long create(String name) throws Exception {
        return json(client.post("/api/experiments?name=" + name + "&dataset=tiny&folds=0", "application/yaml", CONFIG), 201)
                .get("id").asLong();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }

    private static List<Long> ids(JsonNode array) {
        List<Long> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get("id").asLong()));
        return out;
    }
}
