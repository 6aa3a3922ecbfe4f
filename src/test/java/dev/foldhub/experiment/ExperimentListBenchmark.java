package dev.foldhub.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.dataset.DatasetInfo;
import dev.foldhub.dataset.DatasetService;
import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.testsupport.HttpTestClient;
import dev.foldhub.testsupport.PostgresSchema;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Server time of the experiments list and page with 10,000 experiments x 5 folds x 10 epochs on PostgreSQL (seeded
 * by batch JDBC; a tenth of them with a running fold, a tenth with a queued one). A benchmark, not a test: run with
 * -Dfoldhub.benchmark=true -Dtest=ExperimentListBenchmark and FOLDHUB_TEST_POSTGRES_URL.
 */
@EnabledIfSystemProperty(named = "foldhub.benchmark", matches = "true")
@EnabledIf(value = "dev.foldhub.testsupport.PostgresSchema#available", disabledReason = "no PostgreSQL (see PostgresTestDatabase)")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "foldhub.worker.embedded=false",
        "spring.flyway.create-schemas=true"})
class ExperimentListBenchmark {

    private static final int EXPERIMENTS = 10_000;
    private static final int FOLDS = 5;
    private static final int EPOCHS = 10;
    private static final PostgresSchema SCHEMA = PostgresSchema.fresh();

    @TempDir
    static Path temp;

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DatasetService datasets;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SCHEMA.register(registry);
        registry.add("foldhub.data-dir", () -> temp.resolve("data").toString());
    }

    @AfterAll
    static void drop() {
        SCHEMA.drop();
    }

    // measures; asserts only that the pages answer
    @Test
    void listsWithTenThousandExperiments() throws Exception {
        new DemoDatasetGenerator().generate(temp.resolve("d"), new DemoSpec(100, 10, 16, 1L));
        DatasetInfo dataset = datasets.register("speed", temp.resolve("d").toString());
        long start = System.nanoTime();
        seed(dataset.id(), datasets.defaultFolds(dataset.id()).id());
        jdbc.execute("ANALYZE");
        System.out.printf("seeded %d experiments x %d folds x %d epochs in %.1f s%n", EXPERIMENTS, FOLDS, EPOCHS,
                (System.nanoTime() - start) / 1e9);
        HttpTestClient client = new HttpTestClient(port);
        for (String path : List.of("/", "/?sort=cvMean&dir=desc&page=30", "/?sort=status&dir=asc&page=100",
                "/?status=RUNNING&sort=oofF2&dir=desc", "/?q=exp-99&sort=name&dir=asc", "/?sort=created&page=200",
                "/api/experiments?limit=50", "/api/experiments?sort=-cvF2&limit=500",
                "/api/experiments?status=SUCCEEDED&sort=-oofF2&offset=5000", "/api/experiments?name=exp-123&arch=resnet34")) {
            report(client, path, 10);
        }
        report(client, "/api/experiments", 3);
    }

    private static void report(HttpTestClient client, String path, int runs) throws Exception {
        for (int i = 0; i < 5; i++) { // warm-up (JIT, caches) before timing
            assertThat(client.get(path).statusCode()).isEqualTo(200);
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            client.get(path);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf("GET %-62s median %5.0f ms, min %5.0f, max %5.0f (%d runs)%n", path, ms[runs / 2], ms[0],
                ms[runs - 1], runs);
    }

    private void seed(long datasetId, long assignment) {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        List<Object[]> experiments = new ArrayList<>();
        for (int e = 0; e < EXPERIMENTS; e++) {
            experiments.add(new Object[] {"exp-" + e, datasetId, assignment, "model: {arch: resnet18, input_size: 32}\n",
                    e % 2 == 0 ? "resnet18" : "resnet34", 32, "binary_cross_entropy",
                    e % 10 < 2 ? null : 0.5 + (e * 7919 % 10_000) / 40_000.0, Timestamp.from(t0.plusSeconds(60L * e))});
        }
        jdbc.batchUpdate("INSERT INTO experiments (name, dataset_id, fold_assignment_id, config, arch, input_size, loss,"
                + " oof_f2, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", experiments);
        List<Long> ids = jdbc.queryForList("SELECT id FROM experiments ORDER BY id", Long.class);
        Timestamp now = Timestamp.from(t0);
        List<Object[]> jobs = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            for (int f = 0; f < FOLDS; f++) {
                // the last fold of every tenth experiment is running, of the next one queued
                String state = f < FOLDS - 1 || i % 10 > 1 ? "SUCCEEDED" : i % 10 == 0 ? "RUNNING" : "QUEUED";
                jobs.add(new Object[] {ids.get(i), f, state, now});
            }
        }
        jdbc.batchUpdate("INSERT INTO jobs (kind, subject_id, fold, state, attempts, created_at)"
                + " VALUES ('TRAIN_FOLD', ?, ?, ?, 1, ?)", jobs);
        List<Object[]> results = new ArrayList<>();
        List<Object[]> epochs = new ArrayList<>();
        List<Object[]> jobRows = jdbc.query("SELECT id, subject_id, fold, state FROM jobs ORDER BY id",
                (rs, n) -> new Object[] {rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getString(4)});
        for (Object[] job : jobRows) {
            long id = (Long) job[1];
            int fold = (Integer) job[2];
            if (job[3].equals("SUCCEEDED")) {
                results.add(new Object[] {id, fold, job[0], EPOCHS, 0.6 + (id * 31 + fold) % 1000 / 5000.0, 0.15, "x", now});
            }
            for (int ep = 1; ep <= EPOCHS; ep++) {
                epochs.add(new Object[] {id, fold, ep, job[0], 0.5 / ep, 0.5 + ep / 200.0, 0.15, 1e-3, 30.0, 50.0, now});
            }
        }
        jdbc.batchUpdate("INSERT INTO fold_results (experiment_id, fold, job_id, best_epoch, best_f2, threshold, checkpoint,"
                + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", results);
        jdbc.batchUpdate("INSERT INTO epoch_metrics (experiment_id, fold, epoch, job_id, train_loss, f2, threshold, lr,"
                + " seconds, images_per_second, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", epochs);
    }
}
