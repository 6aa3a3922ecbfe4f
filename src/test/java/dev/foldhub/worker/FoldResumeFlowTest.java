package dev.foldhub.worker;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.testsupport.HttpTestClient;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
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
 * The real app on H2 through HTTP: a fold job whose worker stops mid-fold is requeued and resumes from its last
 * checkpoint (each epoch row once), and POST .../predict-oof recomputes a fold's OOF from its best checkpoint.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "foldhub.worker.poll-interval=200ms",
        "foldhub.worker.heartbeat-interval=1s"})
class FoldResumeFlowTest {

    @TempDir
    static Path temp;

    static Path datasetDir;

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedWorker worker;

    private HttpTestClient client;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:resume;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        registry.add("foldhub.data-dir", () -> temp.resolve("data").toString());
        registry.add("foldhub.artifacts-dir", () -> temp.resolve("data/artifacts").toString());
    }

    @BeforeAll
    static void generateDataSet() throws IOException {
        datasetDir = temp.resolve("tiny-imet");
        new DemoDatasetGenerator().generate(datasetDir, new DemoSpec(200, 20, 32, 7L));
    }

    @BeforeEach
    void connect() throws Exception {
        client = new HttpTestClient(port);
        registerOnce();
    }

    /** Resized images: a predict-oof with one view must see exactly what training's validation saw (no random flip). */
    private static String config(int epochs, int ttas) {
        return """
                model:
                  arch: resnet18
                  input_size: 32
                data:
                  fit: resize
                train:
                  batch_size: 32
                  num_epochs: %d
                optimizer:
                  name: adam
                augmentations:
                  hflip: true
                test:
                  num_ttas: %d
                """.formatted(epochs, ttas);
    }

    // guards restart of a fold job: the worker stops after epoch 1, the job goes back to the queue, and when a worker
    // takes it again training continues from resume.ckpt: epoch 1 is not trained again and every epoch row is there once
    @Test
    void aFoldJobStoppedMidFoldResumesFromItsLastCheckpoint() throws Exception {
        long id = json(client.post("/api/experiments?name=resumed&dataset=tiny&folds=0", "application/yaml",
                config(3, 1)), 201).get("id").asLong();
        long jobId = json(client.get("/api/experiments/" + id), 200).get("folds").get(0).get("jobId").asLong();
        JsonNode firstEpoch = await(Duration.ofMinutes(3), () -> {
            JsonNode epochs = json(client.get("/api/experiments/" + id + "/folds/0/epochs"), 200);
            return epochs.isEmpty() ? null : epochs.get(0);
        });
        Path resumeFile = temp.resolve("data/artifacts/experiments/" + id + "/fold_0/resume.ckpt");
        await(Duration.ofMinutes(1), () -> Files.isRegularFile(resumeFile) ? true : null);

        worker.stop(); // like a worker shutting down: the running job is stopped between batches and released
        JsonNode released = json(client.get("/api/jobs/" + jobId), 200);
        assertThat(released.get("state").asString()).isEqualTo("QUEUED");
        int epochsBeforeRestart = json(client.get("/api/experiments/" + id + "/folds/0/epochs"), 200).size();
        assertThat(epochsBeforeRestart).isBetween(1, 2);
        assertThat(resumeFile).isRegularFile();

        worker.start();
        JsonNode experiment = await(Duration.ofMinutes(5), () -> {
            JsonNode e = json(client.get("/api/experiments/" + id), 200);
            String status = e.get("status").asString();
            return status.equals("QUEUED") || status.equals("RUNNING") ? null : e;
        });
        assertThat(experiment.get("status").asString()).isEqualTo("SUCCEEDED");
        JsonNode epochs = json(client.get("/api/experiments/" + id + "/folds/0/epochs"), 200);
        assertThat(StreamSupport.stream(epochs.spliterator(), false).map(e -> e.get("epoch").asInt()).toList())
                .containsExactly(1, 2, 3);
        assertThat(epochs.get(0).get("trainLoss").asDouble()).as("epoch 1 was not trained again")
                .isEqualTo(firstEpoch.get("trainLoss").asDouble());
        assertThat(epochs.get(0).get("seconds").asDouble()).isEqualTo(firstEpoch.get("seconds").asDouble());
        assertThat(json(client.get("/api/jobs/" + jobId), 200).get("attempts").asInt())
                .as("the clean release (worker.stop) gave its attempt back").isEqualTo(1);
        assertThat(resumeFile).as("removed once the fold is stored").doesNotExist();
        HttpResponse<byte[]> checkpoint = client.getBytes("/api/experiments/" + id + "/folds/0/checkpoint");
        assertThat(checkpoint.statusCode()).isEqualTo(200);
        assertThat(checkpoint.headers().firstValue("Content-Disposition").orElseThrow())
                .matches(".*resumed_f0_e0[123]_0\\.\\d{4}\\.params.*");
    }

    // guards POST .../predict-oof: 202 and a job that recomputes the fold's OOF from its best checkpoint (1 TTA gives
    // back what training stored, 2 TTAs replace it and the fold's F2), and the 404/409/400 cases
    @Test
    void predictOofRecomputesAFoldsOofFromItsBestCheckpoint() throws Exception {
        long id = json(client.post("/api/experiments?name=oof&dataset=tiny&folds=0", "application/yaml",
                config(1, 1)), 201).get("id").asLong();
        json(client.post("/api/experiments/" + id + "/folds/1/predict-oof", "application/json", ""), 409);
        await(Duration.ofMinutes(3), () -> {
            String status = json(client.get("/api/experiments/" + id), 200).get("status").asString();
            return status.equals("QUEUED") || status.equals("RUNNING") ? null : status;
        });
        JsonNode trained = json(client.get("/api/experiments/" + id), 200).get("folds").get(0);
        float[] stored = oof(id);

        JsonNode accepted = json(client.post("/api/experiments/" + id + "/folds/0/predict-oof", "application/json",
                "{\"ttas\": 1}"), 202);
        awaitJob(accepted.get("jobId").asLong());
        float[] oneTta = oof(id);
        assertThat(oneTta).hasSameSizeAs(stored);
        for (int i = 0; i < stored.length; i++) {
            assertThat(oneTta[i]).isCloseTo(stored[i], offset(2e-3f));
        }
        JsonNode fold = json(client.get("/api/experiments/" + id), 200).get("folds").get(0);
        assertThat(fold.get("bestF2").asDouble()).isCloseTo(trained.get("bestF2").asDouble(), offset(1e-3));
        assertThat(fold.get("bestEpoch").asInt()).isEqualTo(trained.get("bestEpoch").asInt());

        awaitJob(json(client.post("/api/experiments/" + id + "/folds/0/predict-oof", "application/json",
                "{\"ttas\": 2}"), 202).get("jobId").asLong());
        float[] twoTtas = oof(id);
        double maxDifference = 0;
        for (int i = 0; i < stored.length; i++) {
            maxDifference = Math.max(maxDifference, Math.abs(twoTtas[i] - oneTta[i]));
        }
        assertThat(maxDifference).as("the flipped image's prediction is averaged in").isGreaterThan(1e-3);
        JsonNode after = json(client.get("/api/experiments/" + id), 200);
        String fileName = client.getBytes("/api/experiments/" + id + "/folds/0/oof.npy").headers()
                .firstValue("Content-Disposition").orElseThrow();
        assertThat(fileName).contains(String.format(java.util.Locale.ROOT, "_%.4f.npy",
                after.get("folds").get(0).get("bestF2").asDouble()));
        assertThat(after.get("oofF2").asDouble()).isPositive();

        json(client.post("/api/experiments/" + id + "/folds/0/predict-oof", "application/json", ""), 202);
        json(client.post("/api/experiments/987654/folds/0/predict-oof", "application/json", ""), 404);
        json(client.post("/api/experiments/" + id + "/folds/7/predict-oof", "application/json", ""), 404);
        JsonNode bad = json(client.post("/api/experiments/" + id + "/folds/0/predict-oof", "application/json",
                "{\"ttas\": 0}"), 400);
        assertThat(bad.get("field").asString()).isEqualTo("ttas");
    }

    private float[] oof(long id) throws Exception {
        byte[] npy = client.getBytes("/api/experiments/" + id + "/folds/0/oof.npy").body();
        int headerLength = ByteBuffer.wrap(npy, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
        int offset = 10 + headerLength;
        float[] values = new float[(npy.length - offset) / 4];
        ByteBuffer.wrap(npy, offset, npy.length - offset).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    private void awaitJob(long jobId) throws Exception {
        String state = await(Duration.ofMinutes(2), () -> {
            String s = json(client.get("/api/jobs/" + jobId), 200).get("state").asString();
            return s.equals("QUEUED") || s.equals("RUNNING") ? null : s;
        });
        assertThat(state).as(json(client.get("/api/jobs/" + jobId), 200).toString()).isEqualTo("SUCCEEDED");
    }

    private static boolean registered;

    private synchronized void registerOnce() throws Exception {
        if (!registered) {
            json(client.post("/api/datasets", "application/json",
                    "{\"name\": \"tiny\", \"path\": \"" + datasetDir.toAbsolutePath() + "\"}"), 201);
            registered = true;
        }
    }

    interface Probe<T> {
        T get() throws Exception;
    }

    private static <T> T await(Duration timeout, Probe<T> probe) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("nothing after " + timeout);
            }
            Thread.sleep(200);
        }
    }
}
