package dev.foldhub.web;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.prediction.Npy;
import dev.foldhub.testsupport.Fuzz;
import dev.foldhub.testsupport.HttpTestClient;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Oversized, deep, malformed and fuzzed requests through real HTTP: every one is a 4xx ProblemDetail naming the
 * field (413 for sizes, with the limit's property), never a 5xx. Limits are set small here to reach them cheaply.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "foldhub.worker.embedded=false",
        "foldhub.limits.max-upload-size=2KB",
        "foldhub.limits.max-request-size=64KB",
        "foldhub.limits.max-body-size=32KB",
        "foldhub.limits.max-yaml-size=4KB",
        "foldhub.limits.max-json-depth=16",
        "logging.level.dev.foldhub=WARN"})
class HostileRequestTest {

    private static final String CONFIG = "model:\n  arch: resnet18\n  input_size: 32\ntrain:\n  batch_size: 8\n  num_epochs: 1\n";

    @TempDir
    static Path temp;

    @LocalServerPort
    int port;

    private HttpTestClient client;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:hostile;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        registry.add("foldhub.data-dir", () -> temp.resolve("data").toString());
        registry.add("foldhub.artifacts-dir", () -> temp.resolve("data/artifacts").toString());
    }

    @BeforeAll
    static void generateDataSet() throws Exception {
        new DemoDatasetGenerator().generate(temp.resolve("tiny"), new DemoSpec(40, 5, 32, 3L));
    }

    @BeforeEach
    void registerDataSet() throws Exception {
        client = new HttpTestClient(port);
        if (!client.get("/api/datasets").body().contains("\"hostile\"")) {
            json(client.post("/api/datasets", "application/json", "{\"name\": \"hostile\", \"path\": \""
                    + temp.resolve("tiny").toAbsolutePath() + "\"}"), 201);
        }
    }

    @Test
    void aConfigOverMaxYamlSizeIsA413NamingConfigAndTheLimit() throws Exception {
        String big = CONFIG + "# " + "x".repeat(5000) + "\n";
        JsonNode problem = json(client.post("/api/experiments?name=big&dataset=hostile", "application/yaml", big), 413);
        assertThat(problem.get("field").asString()).isEqualTo("config");
        assertThat(problem.get("limit").asString()).isEqualTo("foldhub.limits.max-yaml-size");
        JsonNode viaJson = json(client.post("/api/experiments", "application/json", HttpTestClient.toJson(
                Map.of("name", "big", "dataset", "hostile", "config", big))), 413);
        assertThat(viaJson.get("field").asString()).isEqualTo("config");
    }

    @Test
    void deepOrAliasedYamlIsA400NamingConfig() throws Exception {
        String deep = "model:\n  arch: " + "[".repeat(40) + "]".repeat(40) + "\n";
        JsonNode problem = json(client.post("/api/experiments?name=deep&dataset=hostile", "application/yaml", deep), 400);
        assertThat(problem.get("field").asString()).isEqualTo("config");
        assertThat(problem.get("detail").asString()).contains("Nesting Depth");
        StringBuilder laughs = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 10; i++) {
            laughs.append("a").append(i).append(": &a").append(i).append(" [").append(("*a" + (i - 1) + ", ").repeat(9))
                    .append("*a").append(i - 1).append("]\n");
        }
        JsonNode bomb = json(client.post("/api/experiments?name=lol&dataset=hostile", "application/yaml", laughs.toString()), 400);
        assertThat(bomb.get("field").asString()).isEqualTo("config");
    }

    @Test
    void aBodyOverMaxBodySizeIsA413WhetherItsLengthIsDeclaredOrChunked() throws Exception {
        String body = "{\"name\": \"" + "n".repeat(40_000) + "\"}";
        JsonNode declared = json(client.post("/api/datasets", "application/json", body), 413);
        assertThat(declared.get("field").asString()).isEqualTo("body");
        assertThat(declared.get("limit").asString()).isEqualTo("foldhub.limits.max-body-size");
        HttpResponse<String> chunked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/datasets"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + HttpTestClient.ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(json(chunked, 413).get("limit").asString()).isEqualTo("foldhub.limits.max-body-size");
    }

    @Test
    void anUploadOverMaxUploadSizeIsA413NamingThePart() throws Exception {
        JsonNode problem = json(client.postMultipart("/api/experiments/import", Map.of("name", "imp", "dataset", "hostile"),
                "files", Map.of("folds.npy", new byte[3000])), 413);
        assertThat(problem.get("field").asString()).isEqualTo("files");
        assertThat(problem.get("limit").asString()).isEqualTo("foldhub.limits.max-upload-size");
    }

    @Test
    void malformedJsonWrongTypesAndDeepNestingAre400sNamingTheFieldOrPath() throws Exception {
        JsonNode malformed = json(client.post("/api/datasets", "application/json", "{\"name\": \"x\",, }"), 400);
        assertThat(malformed.get("field").asString()).isEqualTo("body");
        assertThat(malformed.get("detail").asString()).contains("line 1");
        JsonNode wrongType = json(client.post("/api/experiments", "application/json", "{\"name\": [\"x\"]}"), 400);
        assertThat(wrongType.get("field").asString()).isEqualTo("name");
        JsonNode inList = json(client.post("/api/ensembles/1/what-if", "application/json", "{\"weights\": [0.5, \"heavy\"]}"), 400);
        assertThat(inList.get("field").asString()).isEqualTo("weights[1]");
        String deep = "{\"experiments\": " + "[".repeat(20) + "]".repeat(20) + "}";
        JsonNode depth = json(client.post("/api/ensembles", "application/json", deep), 400);
        assertThat(depth.get("limit").asString()).isEqualTo("foldhub.limits.max-json-depth");
        JsonNode badParam = json(client.get("/api/experiments/abc"), 400);
        assertThat(badParam.get("field").asString()).isEqualTo("id");
    }

    @Test
    void fuzzedBodiesAtEveryPostEndpointAreNever5xx() throws Exception {
        Map<String, String[]> seeds = new LinkedHashMap<>();
        seeds.put("/api/experiments", new String[] {"application/json", HttpTestClient.toJson(
                Map.of("name", "fz", "dataset", "hostile", "folds", List.of(0, 1), "config", CONFIG))});
        seeds.put("/api/experiments?name=fy&dataset=hostile&folds=0", new String[] {"application/yaml", CONFIG});
        seeds.put("/api/datasets", new String[] {"application/json", "{\"name\": \"d2\", \"path\": \"" + temp.resolve("nowhere") + "\"}"});
        seeds.put("/api/ensembles", new String[] {"application/json",
                "{\"name\": \"e\", \"dataset\": \"hostile\", \"experiments\": [1, 2], \"method\": \"auto\"}"});
        seeds.put("/api/ensembles?seed=postprocess", new String[] {"application/json", "{\"name\": \"e\", \"dataset\":"
                + " \"hostile\", \"experiments\": [1, 2], \"postprocess\": {\"threshold\": 0.01, \"groups\": {\"tag\":"
                + " {\"minLabels\": 1, \"maxLabels\": 3}}, \"relative\": {\"factor\": 7, \"offset\": 0.2}}}"});
        seeds.put("/api/ensembles/1/what-if", new String[] {"application/json", "{\"weights\": [0.5, 0.5], \"threshold\": 0}"});
        seeds.put("/api/ensembles/1/submissions", new String[] {"application/json", "{\"ttas\": 2, \"combine\": \"mean\"}"});
        seeds.put("/api/ensembles/import?name=ei&dataset=hostile", new String[] {"application/yaml",
                "- predicts:\n  - level1_train_fz_f0_e01_0.5000.npy\n  weight: 0.5\n"});
        seeds.put("/api/datasets/1/folds.npy", new String[] {"application/octet-stream", null});
        Fuzz fuzz = new Fuzz(413L);
        byte[] folds = Npy.writeUint8(new byte[] {0, 1, 2, 3, 4, 0, 1, 2});
        int requests = 0;
        for (Map.Entry<String, String[]> seed : seeds.entrySet()) {
            String type = seed.getValue()[0];
            for (int i = 0; i < 60; i++) {
                byte[] body = seed.getValue()[1] == null ? fuzz.mutate(folds)
                        : fuzz.mutate(seed.getValue()[1]).getBytes(StandardCharsets.UTF_8);
                boolean put = seed.getKey().endsWith("folds.npy");
                HttpResponse<String> response = send(put, seed.getKey(), type, body);
                assertThat(response.statusCode()).as(seed.getKey() + " " + Fuzz.show(body) + " -> " + response.body())
                        .isBetween(200, 499);
                if (response.statusCode() >= 400) {
                    assertThat(response.headers().firstValue("Content-Type").orElse("")).as(response.body())
                            .contains("application/problem+json");
                }
                requests++;
            }
        }
        byte[] multipart = multipartBody();
        for (int i = 0; i < 60; i++) {
            byte[] body = fuzz.mutate(multipart);
            HttpResponse<String> response = send(false, "/api/experiments/import", "multipart/form-data; boundary=fuzz", body);
            assertThat(response.statusCode()).as(Fuzz.show(body) + " -> " + response.body()).isBetween(200, 499);
            requests++;
        }
        assertThat(requests).isGreaterThanOrEqualTo(500);
    }

    private HttpResponse<String> send(boolean put, String path, String type, byte[] body) throws Exception {
        HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", type);
        return HttpClient.newHttpClient().send((put ? request.PUT(publisher) : request.POST(publisher)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] multipartBody() {
        String text = "--fuzz\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nmp\r\n"
                + "--fuzz\r\nContent-Disposition: form-data; name=\"dataset\"\r\n\r\nhostile\r\n"
                + "--fuzz\r\nContent-Disposition: form-data; name=\"files\"; filename=\"folds.npy\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n";
        byte[] head = text.getBytes(StandardCharsets.ISO_8859_1);
        byte[] npy = Npy.writeUint8(new byte[] {0, 1, 0, 1});
        byte[] tail = "\r\n--fuzz--\r\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[head.length + npy.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(npy, 0, out, head.length, npy.length);
        System.arraycopy(tail, 0, out, head.length + npy.length, tail.length);
        return out;
    }
}
