package dev.foldhub.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.foldhub.FoldhubApplication;
import dev.foldhub.prediction.OofPrediction;
import dev.foldhub.prediction.OofStore;
import dev.foldhub.testsupport.HttpTestClient;
import dev.foldhub.testsupport.JavaProcess;
import java.io.DataInputStream;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * GET /api/experiments/{id}/oof.npy from a real server process: iMet's 109,237 rows x 1,103 labels (482 MB as
 * float32) under -Xmx1g, which the whole-matrix version (the float[] and the .npy byte[], 964 MB) could not send;
 * and 60,000 x 1,103 (265 MB) under -Xmx240m, a heap smaller than the matrix itself: it streams fold by fold.
 * Each prints how long storing and downloading took.
 */
class OofDownloadMemoryTest {

    private static final int CLASSES = 1_103;
    private static final float THRESHOLD = 0.2f;

    @TempDir
    Path dir;

    // guards item 9: an iMet-size OOF downloads from a server run with -Xmx1g, every row in train.csv order with
    // its fold's threshold subtracted
    @Test
    void anImetSizeOofDownloadsFromAServerRunWithOneGigabyteOfHeap() throws Exception {
        downloads(109_237, 5, "-Xmx1g");
    }

    // guards item 9: the whole OOF downloads from a server whose heap cannot even hold the matrix once (10 folds of
    // 26 MB each: one fold's predictions and their stored form fit beside the server's own use)
    @Test
    void theWholeOofDownloadsFromAServerWithAHeapSmallerThanTheMatrix() throws Exception {
        assertThat(4L * 60_000 * CLASSES).as("the matrix is larger than the heap").isGreaterThan(240L << 20);
        downloads(60_000, 10, "-Xmx240m");
    }

    private void downloads(int rows, int folds, String heap) throws Exception {
        long start = System.nanoTime();
        long experiment = store(rows, folds);
        double storeSeconds = seconds(start);

        int port = freePort();
        Path log = dir.resolve("server.log");
        Process server = JavaProcess.start(List.of(heap), FoldhubApplication.class.getName(), List.of(
                "--server.port=" + port, "--foldhub.data-dir=" + dir.resolve("data"),
                "--foldhub.worker.embedded=false"), log);
        try {
            awaitHealthy(port, log);
            long download = System.nanoTime();
            HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/api/experiments/" + experiment + "/oof.npy"))
                    .header("Authorization", "Bearer " + HttpTestClient.ADMIN_TOKEN).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).as(JavaProcess.read(log)).isEqualTo(200);
            long bytes = check(response.body(), rows);
            double downloadSeconds = seconds(download);
            assertThat(JavaProcess.read(log)).doesNotContain("OutOfMemoryError");
            System.out.printf("oof.npy %d x %d (%d bytes) under %s: stored in %.1f s, downloaded in %.1f s%n",
                    rows, CLASSES, bytes, heap, storeSeconds, downloadSeconds);
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    /** A probability only the row and the label decide, exact in float16 (multiples of 1/1024 under 1). */
    private static float probability(int row, int label) {
        return ((row * 31 + label * 7) % 1000) / 1024f;
    }

    /** The server's H2 file with the schema, a data set, an experiment and its folds' OOF (row r in fold r % folds). */
    private long store(int rows, int numFolds) {
        DriverManagerDataSource ds = new DriverManagerDataSource("jdbc:h2:file:" + dir.resolve("data/foldhub")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration", "classpath:db/vendor/h2").load().migrate();
        JdbcClient jdbc = JdbcClient.create(ds);
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql("INSERT INTO datasets (id, name, path, num_labels, num_train, num_test, created_at) "
                + "VALUES (1, 'imet-size', '/nowhere', ?, ?, 0, ?)").params(CLASSES, rows, now).update();
        byte[] folds = new byte[rows];
        for (int r = 0; r < rows; r++) {
            folds[r] = (byte) (r % numFolds);
        }
        jdbc.sql("INSERT INTO fold_assignments (id, dataset_id, num_folds, folds, content_hash, source, is_default, "
                + "created_at) VALUES (1, 1, ?, ?, 'x', 'generated', TRUE, ?)").params(numFolds, folds, now).update();
        jdbc.sql("INSERT INTO experiments (id, name, dataset_id, fold_assignment_id, config, arch, input_size, loss, "
                + "created_at) VALUES (1, 'big', 1, 1, 'model: {}', 'resnet34', 288, 'bce', ?)").param(now).update();
        OofStore store = new OofStore(jdbc, Clock.systemUTC());
        for (int fold = 0; fold < numFolds; fold++) {
            int n = (rows - fold + numFolds - 1) / numFolds;
            float[] p = new float[n * CLASSES];
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < CLASSES; c++) {
                    p[i * CLASSES + c] = probability(fold + i * numFolds, c);
                }
            }
            store.save(new OofPrediction(1, fold, 3, THRESHOLD, 0.5, n, CLASSES, p));
        }
        jdbc.sql("SHUTDOWN").update();
        return 1;
    }

    /** Reads the .npy as it comes: shape in the header, then every row checked; returns the bytes read. */
    private static long check(InputStream body, int rows) throws Exception {
        try (DataInputStream in = new DataInputStream(body)) {
            byte[] start = new byte[10];
            in.readFully(start);
            int headerLength = (start[8] & 0xff) | (start[9] & 0xff) << 8;
            byte[] header = new byte[headerLength];
            in.readFully(header);
            assertThat(new String(header, StandardCharsets.US_ASCII)).contains("'shape': (" + rows + ", " + CLASSES + ")");
            byte[] row = new byte[CLASSES * 4];
            ByteBuffer values = ByteBuffer.wrap(row).order(ByteOrder.LITTLE_ENDIAN);
            for (int r = 0; r < rows; r++) {
                in.readFully(row);
                for (int c = 0; c < CLASSES; c += 97) {
                    assertThat(values.getFloat(c * 4)).as("row %d label %d", r, c)
                            .isCloseTo(probability(r, c) - THRESHOLD, within(1e-6f));
                }
            }
            assertThat(in.read()).isEqualTo(-1);
            return 10L + headerLength + (long) rows * CLASSES * 4;
        }
    }

    private static void awaitHealthy(int port, Path log) throws Exception {
        HttpTestClient client = new HttpTestClient(port);
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (client.get("/actuator/health").statusCode() == 200) {
                    return;
                }
            } catch (Exception e) {
                // not up yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the server did not start: " + JavaProcess.read(log));
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
