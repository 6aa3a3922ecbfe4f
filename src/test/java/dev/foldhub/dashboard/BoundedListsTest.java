package dev.foldhub.dashboard;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.queue.Job;
import dev.foldhub.queue.JobKind;
import dev.foldhub.queue.JobPages;
import dev.foldhub.queue.JobQueue;
import dev.foldhub.queue.JobState;
import dev.foldhub.testsupport.HttpTestClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.JsonNode;

/**
 * What people read stays bounded however much has run: the jobs API is paged and capped, the queue page lists the
 * newest jobs of each state, experiment views read one job per fold, and live event streams are capped per user and
 * in all, each one's poll stopping when it ends.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "foldhub.worker.embedded=false",
        "foldhub.dashboard.max-event-streams=3",
        "foldhub.dashboard.max-event-streams-per-user=2",
        "foldhub.dashboard.queue-jobs-per-state=5",
        "foldhub.dashboard.event-keep-alive=500ms"})
class BoundedListsTest {

    @TempDir
    static Path temp;

    @LocalServerPort
    int port;

    @Autowired
    JobQueue queue;

    @Autowired
    JobPages pages;

    @Autowired
    ExperimentEventStream stream;

    private HttpTestClient client;
    private final List<InputStream> streams = new ArrayList<>();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:boundedlists;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        registry.add("foldhub.data-dir", () -> temp.resolve("data").toString());
    }

    @BeforeAll
    static void generateDataSet() throws IOException {
        new DemoDatasetGenerator().generate(temp.resolve("tiny-imet"), new DemoSpec(40, 4, 16, 5L));
    }

    @BeforeEach
    void connect() {
        client = new HttpTestClient(port);
        queue.list(JobState.QUEUED).forEach(j -> queue.cancel(j.id()));
    }

    @AfterEach
    void closeStreams() throws Exception {
        for (InputStream s : streams) {
            s.close();
        }
        awaitValue(stream::open, 0);
    }

    // guards item 10: GET /api/jobs is a page (limit/offset, newest first) of a capped size, still a JSON array, with
    // the total and the next page in headers; a size over the cap is a 400 naming the field
    @Test
    void theJobsApiIsPagedAndCappedAndStaysAJsonArray() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(queue.enqueue(JobKind.BLEND, 900 + i, null, 0));
        }
        HttpResponse<String> first = client.get("/api/jobs?status=QUEUED&limit=3");
        JsonNode page = json(first, 200);
        assertThat(page.isArray()).isTrue();
        assertThat(page.valueStream().map(j -> j.get("id").asLong()).toList())
                .containsExactly(ids.get(6), ids.get(5), ids.get(4));
        assertThat(first.headers().firstValue("X-Total-Count")).hasValue("7");
        assertThat(first.headers().firstValue("Link").orElseThrow()).contains("offset=3").contains("limit=3")
                .contains("rel=\"next\"");
        HttpResponse<String> last = client.get("/api/jobs?status=QUEUED&limit=3&offset=6");
        assertThat(json(last, 200).valueStream().map(j -> j.get("id").asLong()).toList()).containsExactly(ids.get(0));
        assertThat(last.headers().firstValue("Link")).isEmpty();

        assertThat(json(client.get("/api/jobs?limit=1001"), 400).get("field").asString()).isEqualTo("limit");
        assertThat(json(client.get("/api/jobs?limit=0"), 400).get("field").asString()).isEqualTo("limit");
        assertThat(json(client.get("/api/jobs?offset=-1"), 400).get("field").asString()).isEqualTo("offset");
        assertThat(json(client.get("/api/jobs"), 200).size()).isBetween(7, 100);
    }

    // guards item 10: the queue page (refreshed every 3 s) lists the newest jobs of each state, not every job ever,
    // and says how many there are
    @Test
    void theQueuePageListsTheNewestJobsOfEachStateWithTheirCount() throws Exception {
        long newest = 0;
        for (int i = 0; i < 8; i++) {
            newest = queue.enqueue(JobKind.BLEND, 800 + i, null, 0);
        }
        String html = client.get("/queue").body();
        String queued = html.substring(html.indexOf("id=\"state-QUEUED\""), html.indexOf("id=\"state-RUNNING\""));
        assertThat(queued).contains("8 jobs").contains("the newest 5 shown");
        assertThat(Pattern.compile("id=\"job-\\d+\"").matcher(queued).results().count()).isEqualTo(5);
        assertThat(queued).contains("id=\"job-" + newest + "\"");
    }

    // guards item 10: experiment views read the latest job of each fold of the experiments asked for, not every
    // TRAIN_FOLD job in the table
    @Test
    void experimentViewsReadOnlyTheLatestJobOfEachFoldOfTheirExperiments() {
        queue.enqueue(JobKind.TRAIN_FOLD, 70_001, 0, 0);
        long rerun = queue.enqueue(JobKind.TRAIN_FOLD, 70_001, 0, 0);
        long fold1 = queue.enqueue(JobKind.TRAIN_FOLD, 70_001, 1, 0);
        long other = queue.enqueue(JobKind.TRAIN_FOLD, 70_002, 0, 0);
        queue.enqueue(JobKind.TRAIN_FOLD, 70_003, 0, 0);
        queue.enqueue(JobKind.BLEND, 70_001, null, 0);

        assertThat(pages.latestPerFold(JobKind.TRAIN_FOLD, List.of(70_001L, 70_002L)).stream().map(Job::id).toList())
                .containsExactly(rerun, fold1, other);
        assertThat(pages.latestPerFold(JobKind.TRAIN_FOLD, List.of())).isEmpty();
    }

    // guards item 10: live streams are capped per user (429) and in all (503), each naming its setting, and a closed
    // page frees its slot and stops its poll
    @Test
    void eventStreamsAreCappedPerUserAndInAllAndAClosedPageStopsItsPoll() throws Exception {
        long id = experiment("capped");
        String viewer1 = token("watcher-1");
        String viewer2 = token("watcher-2");

        assertThat(open(id, HttpTestClient.ADMIN_TOKEN).statusCode()).isEqualTo(200);
        assertThat(open(id, HttpTestClient.ADMIN_TOKEN).statusCode()).isEqualTo(200);
        HttpResponse<InputStream> third = open(id, HttpTestClient.ADMIN_TOKEN);
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(new String(third.body().readAllBytes(), StandardCharsets.UTF_8))
                .contains("foldhub.dashboard.max-event-streams-per-user");
        assertThat(open(id, viewer1).statusCode()).isEqualTo(200);
        HttpResponse<InputStream> full = open(id, viewer2);
        assertThat(full.statusCode()).isEqualTo(503);
        assertThat(new String(full.body().readAllBytes(), StandardCharsets.UTF_8))
                .contains("foldhub.dashboard.max-event-streams\"");
        assertThat(stream.open()).isEqualTo(3);
        assertThat(stream.polls()).isEqualTo(3);

        streams.remove(0).close(); // the admin closes one page: noticed at the next keep-alive at the latest
        awaitValue(stream::open, 2);
        awaitValue(stream::polls, 2);
        assertThat(open(id, viewer2).statusCode()).isEqualTo(200);
    }

    // guards item 10 (ExperimentEventStream leak): a stream that completes before or while its poll starts stops
    // that poll and frees its slot (ten in a row from one user with a cap of two: none is left holding a slot)
    @Test
    void aStreamThatCompletesEarlyStopsItsPoll() throws Exception {
        long id = experiment("early");
        for (int i = 0; i < 10; i++) {
            SseEmitter emitter = stream.subscribe(id, "early");
            emitter.complete();
            awaitValue(stream::open, 0);
            awaitValue(stream::polls, 0);
        }
    }

    private HttpResponse<InputStream> open(long experimentId, String token) throws Exception {
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/experiments/" + experimentId + "/events"))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() == 200) {
            streams.add(response.body());
        }
        return response;
    }

    private long experiment(String name) throws Exception {
        json(client.post("/api/datasets", "application/json", "{\"name\": \"" + name + "\", \"path\": \""
                + temp.resolve("tiny-imet").toAbsolutePath() + "\"}"), 201);
        String config = "model:\n  arch: resnet18\n  input_size: 32\ntrain:\n  batch_size: 8\n  num_epochs: 1\n";
        return json(client.post("/api/experiments?name=" + name + "&dataset=" + name + "&folds=0", "application/yaml",
                config), 201).get("id").asLong();
    }

    private String token(String name) throws Exception {
        return json(client.post("/api/tokens", "application/json", "{\"name\": \"" + name + "\", \"role\": \"viewer\"}"),
                201).get("token").asString();
    }

    private static void awaitValue(IntSupplier value, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (value.getAsInt() != expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(value.getAsInt()).isEqualTo(expected);
    }
}
