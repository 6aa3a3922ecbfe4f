package dev.foldhub.mlflow;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.testsupport.HttpTestClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * MLflow's artifact API request by request as the Python client sends it (RestStore for the tracking calls,
 * HttpArtifactRepository for mlflow-artifacts:/ URIs): a run's artifact_uri is the proxy's, log_artifact's PUT of the
 * raw file, its GET, the proxy's list and the tracking API's artifacts/list; refusals; log-inputs, outputs and
 * unknown routes in MLflow's JSON. (The official Java client handles artifacts through the Python CLI, so not here.)
 */
class MlflowArtifactApiTest extends MlflowServerTest {

    private static final String PROXY = "/api/2.0/mlflow-artifacts/artifacts/";

    private HttpTestClient http;

    @BeforeEach
    void connect() {
        http = http();
    }

    @Test // guards: log_artifact / log_figure / log_dict round-trip through the proxy, and both lists show them
    void artifactsArePutDownloadedAndListedAsMlflowsHttpArtifactRepositoryExpects() throws Exception {
        JsonNode run = createRun("0");
        String runId = run.get("info").get("run_id").asString();
        String root = "0/" + runId + "/artifacts";
        assertThat(run.get("info").get("artifact_uri").asString()).isEqualTo("mlflow-artifacts:/" + root);

        byte[] png = new byte[17 * 1024 * 1024]; // over the 16 MB limit of other bodies: a figure may be large
        new Random(3).nextBytes(png);
        json(http.put(PROXY + root + "/plots/loss.png", "image/png", png), 200);
        String dict = "{\"lr\": 0.001, \"nested\": {\"a\": [1, 2]}}";
        json(http.put(PROXY + root + "/config.json", "application/json", dict), 200); // stored raw, not parsed

        HttpResponse<byte[]> back = http.getBytes(PROXY + root + "/plots/loss.png");
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(back.body()).isEqualTo(png);
        assertThat(new String(http.getBytes(PROXY + root + "/config.json").body(), StandardCharsets.UTF_8)).isEqualTo(dict);

        JsonNode top = json(http.get("/api/2.0/mlflow-artifacts/artifacts?path=" + root), 200).get("files");
        assertThat(top).hasSize(2);
        assertThat(top.get(0).get("path").asString()).isEqualTo("config.json");
        assertThat(top.get(0).get("is_dir").asBoolean()).isFalse();
        assertThat(top.get(0).get("file_size").asLong()).isEqualTo(dict.length());
        assertThat(top.get(1).get("path").asString()).isEqualTo("plots");
        assertThat(top.get(1).get("is_dir").asBoolean()).isTrue();
        assertThat(top.get(1).has("file_size")).as("a directory has no size").isFalse();
        JsonNode plots = json(http.get("/api/2.0/mlflow-artifacts/artifacts?path=" + root + "/plots"), 200).get("files");
        assertThat(plots.get(0).get("path").asString()).as("the bare name; the client joins it").isEqualTo("loss.png");
        assertThat(plots.get(0).get("file_size").asLong()).isEqualTo(png.length);

        JsonNode listed = json(http.get("/api/2.0/mlflow/artifacts/list?run_id=" + runId + "&path=plots"), 200);
        assertThat(listed.get("root_uri").asString()).isEqualTo("mlflow-artifacts:/" + root);
        assertThat(listed.get("files").get(0).get("path").asString()).isEqualTo("plots/loss.png");
        assertThat(json(http.get("/api/2.0/mlflow/artifacts/list?run_id=" + runId), 200).get("files")).hasSize(2);
        assertThat(json(http.get("/api/2.0/mlflow-artifacts/artifacts?path=" + root + "/none"), 200).get("files")).isEmpty();
    }

    @Test // guards: paths that leave the run, name another run or are malformed are refused and store nothing
    void pathTraversalOtherRunsAndMalformedPathsAreRefused() throws Exception {
        String runId = createRun("0").get("info").get("run_id").asString();
        String root = "0/" + runId + "/artifacts";
        for (String path : new String[] {root + "/../../escape.txt", root + "/a/../../b", "/etc/passwd", root + "/a\\..\\b",
                root + "//x", root + "/./x"}) {
            HttpResponse<String> list = http.get("/api/2.0/mlflow-artifacts/artifacts?path="
                    + java.net.URLEncoder.encode(path, StandardCharsets.UTF_8));
            assertThat(list.statusCode()).as(path).isIn(400, 404);
            assertThat(list.body()).as(path).contains("error_code");
        }
        assertThat(http.get("/api/2.0/mlflow/artifacts/list?run_id=" + runId + "&path=..%2F..").statusCode()).isEqualTo(400);
        assertThat(http.get("/api/2.0/mlflow/artifacts/list?run_id=" + runId + "&path=%2Fetc").statusCode()).isEqualTo(400);
        for (String encoded : new String[] {"/%2E%2E/%2E%2E/escape.txt", "/a%5C..%5C..%5Cescape.txt", "/a%2F..%2F..%2Fescape.txt",
                "/x%00.txt"}) {
            int status = http.put(PROXY + root + encoded, "text/plain", "no").statusCode();
            assertThat(status).as(encoded).isBetween(400, 404);
        }
        HttpResponse<String> otherRun = http.put(PROXY + "0/0123456789abcdef0123456789abcdef/artifacts/x.txt", "text/plain", "no");
        assertThat(json(otherRun, 404).get("error_code").asString()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
        HttpResponse<String> wrongExperiment = http.put(PROXY + "7/" + runId + "/artifacts/x.txt", "text/plain", "no");
        assertThat(json(wrongExperiment, 404).get("error_code").asString()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
        assertThat(json(http.put(PROXY + root, "text/plain", "no"), 400).get("error_code").asString())
                .isEqualTo("INVALID_PARAMETER_VALUE");
        try (var files = Files.walk(Path.of(System.getProperty("java.io.tmpdir"), "foldhub-mlflow-test"))) {
            assertThat(files.filter(f -> f.getFileName().toString().contains("escape") || f.getFileName().toString().equals("x.txt")))
                    .isEmpty();
        }
        assertThat(json(http.get("/api/2.0/mlflow/artifacts/list?run_id=" + runId), 200).get("files")).as("nothing stored").isEmpty();
    }

    @Test // guards: an artifact over foldhub.mlflow.max-artifact-size is a 413 before a byte is stored
    void anArtifactOverTheSizeLimitIs413() throws Exception {
        String runId = createRun("0").get("info").get("run_id").asString();
        String path = PROXY + "0/" + runId + "/artifacts/model.pth";
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("PUT " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + HttpTestClient.ADMIN_TOKEN
                    + "\r\nContent-Type: application/octet-stream\r\nContent-Length: 3000000000\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[1024]);
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 413").contains("RESOURCE_EXHAUSTED").contains("foldhub.mlflow.max-artifact-size");
        }
        assertThat(http.getBytes(path).statusCode()).isEqualTo(404);
    }

    @Test // guards: log-inputs and outputs are accepted for a run (and ignored), refused for a missing run
    void logInputsAndOutputsAreAcceptedForAnExistingRun() throws Exception {
        String runId = createRun("0").get("info").get("run_id").asString();
        json(http.post("/api/2.0/mlflow/runs/log-inputs", "application/json", "{\"run_id\": \"" + runId + "\", \"datasets\":"
                + " [{\"tags\": [{\"key\": \"mlflow.data.context\", \"value\": \"train\"}], \"dataset\": {\"name\": \"imet\","
                + " \"digest\": \"abc\", \"source_type\": \"local\", \"source\": \"{}\"}}]}"), 200);
        json(http.post("/api/2.0/mlflow/runs/outputs", "application/json", "{\"run_id\": \"" + runId + "\", \"models\":"
                + " [{\"model_id\": \"m-1\", \"step\": 3}]}"), 200);
        HttpResponse<String> missing = http.post("/api/2.0/mlflow/runs/log-inputs", "application/json",
                "{\"run_id\": \"0123456789abcdef0123456789abcdef\", \"datasets\": []}");
        assertThat(json(missing, 404).get("error_code").asString()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
    }

    @Test // guards: any route MLflow has and Foldhub does not answers ENDPOINT_NOT_FOUND in MLflow's JSON
    void unknownRoutesAnswerEndpointNotFound() throws Exception {
        for (HttpResponse<String> response : new HttpResponse[] {
                http.post("/api/2.0/mlflow/registered-models/create", "application/json", "{\"name\": \"m\"}"),
                http.get("/api/2.0/mlflow/logged-models/search"),
                http.get("/api/2.0/mlflow/no/such/thing"),
                http.delete("/api/2.0/mlflow-artifacts/artifacts/0/x/artifacts/y"),
                http.post("/api/2.0/mlflow-artifacts/mpu/create/0/x/artifacts/y", "application/json", "{}")}) {
            JsonNode error = json(response, 404);
            assertThat(error.get("error_code").asString()).isEqualTo("ENDPOINT_NOT_FOUND");
            assertThat(error.get("message").asString()).isNotBlank();
        }
    }

    /** POST runs/create as MLflow's RestStore sends it. */
    private JsonNode createRun(String experimentId) throws Exception {
        return json(http.post("/api/2.0/mlflow/runs/create", "application/json", "{\"experiment_id\": \"" + experimentId
                + "\", \"user_id\": \"me\", \"start_time\": 1700000000000, \"tags\": [{\"key\": \"mlflow.user\", \"value\": \"me\"}]}"),
                200).get("run");
    }
}
