package dev.foldhub.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.dataset.DatasetInfo;
import dev.foldhub.dataset.DatasetService;
import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.testsupport.HttpTestClient;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Server time of the dashboard with 1,000 experiments x 5 folds x 50 epochs (seeded by batch JDBC).
 * A benchmark, not a test: run with -Dfoldhub.benchmark=true -Dtest=DashboardSpeedBenchmark.
 */
@EnabledIfSystemProperty(named = "foldhub.benchmark", matches = "true")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "foldhub.worker.embedded=false",
        "spring.datasource.url=jdbc:h2:mem:speed;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
class DashboardSpeedBenchmark {

    private static final int EXPERIMENTS = 1000;
    private static final int FOLDS = 5;
    private static final int EPOCHS = 50;

    @TempDir
    static Path temp;

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DatasetService datasets;

    // measures; asserts only that the pages answer
    @Test
    void experimentsAndExperimentPagesWithAThousandExperiments() throws Exception {
        new DemoDatasetGenerator().generate(temp.resolve("d"), new DemoSpec(100, 10, 16, 1L));
        DatasetInfo dataset = datasets.register("speed", temp.resolve("d").toString());
        long assignment = datasets.defaultFolds(dataset.id()).id();
        long start = System.nanoTime();
        seed(dataset.id(), assignment);
        System.out.printf("seeded %d experiments, %d jobs, %d epochs in %.1f s%n", EXPERIMENTS, EXPERIMENTS * FOLDS,
                EXPERIMENTS * FOLDS * EPOCHS, (System.nanoTime() - start) / 1e9);
        HttpTestClient client = new HttpTestClient(port);
        long someId = jdbc.queryForObject("SELECT MAX(id) FROM experiments", Long.class);
        report(client, "/", 10);
        report(client, "/?sort=cvMean&dir=desc&page=3", 10);
        report(client, "/experiments/" + someId, 20);
        report(client, "/api/experiments/" + someId, 20);
        report(client, "/api/experiments", 5);
    }

    private void report(HttpTestClient client, String path, int runs) throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(client.get(path).statusCode()).isEqualTo(200);
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            client.get(path);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf("GET %-40s median %.0f ms, min %.0f, max %.0f (%d runs)%n", path, ms[runs / 2], ms[0], ms[runs - 1], runs);
    }

    private void seed(long datasetId, long assignment) {
        Timestamp now = Timestamp.from(Instant.now());
        List<Object[]> experiments = new ArrayList<>();
        for (int e = 0; e < EXPERIMENTS; e++) {
            experiments.add(new Object[] {"exp-" + e, datasetId, assignment, "model: {arch: resnet18, input_size: 32}\n",
                    e % 2 == 0 ? "resnet18" : "resnet34", 32, "binary_cross_entropy", 0.5 + e / 10000.0, now});
        }
        jdbc.batchUpdate("INSERT INTO experiments (name, dataset_id, fold_assignment_id, config, arch, input_size, loss, oof_f2,"
                + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", experiments);
        List<Long> ids = jdbc.queryForList("SELECT id FROM experiments ORDER BY id", Long.class);
        List<Object[]> jobs = new ArrayList<>();
        List<Object[]> results = new ArrayList<>();
        List<Object[]> epochs = new ArrayList<>();
        for (long id : ids) {
            for (int f = 0; f < FOLDS; f++) {
                jobs.add(new Object[] {id, f, now, now, now});
                for (int ep = 1; ep <= EPOCHS; ep++) {
                    epochs.add(new Object[] {id, f, ep, 0.5 / ep, 0.5 + ep / 200.0, 0.15, 1e-3, 30.0, 50.0, now});
                }
            }
        }
        jdbc.batchUpdate("INSERT INTO jobs (kind, subject_id, fold, state, attempts, created_at, started_at, finished_at)"
                + " VALUES ('TRAIN_FOLD', ?, ?, 'SUCCEEDED', 1, ?, ?, ?)", jobs);
        List<Long> jobIds = jdbc.queryForList("SELECT id FROM jobs ORDER BY id", Long.class);
        for (int i = 0; i < jobIds.size(); i++) {
            results.add(new Object[] {ids.get(i / FOLDS), i % FOLDS, jobIds.get(i), EPOCHS, 0.75, 0.15, "x", now});
        }
        jdbc.batchUpdate("INSERT INTO fold_results (experiment_id, fold, job_id, best_epoch, best_f2, threshold, checkpoint,"
                + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", results);
        List<Object[]> withJobs = new ArrayList<>();
        for (int i = 0; i < epochs.size(); i++) {
            Object[] row = epochs.get(i);
            withJobs.add(new Object[] {row[0], row[1], row[2], jobIds.get(i / EPOCHS), row[3], row[4], row[5], row[6], row[7], row[8], row[9]});
        }
        jdbc.batchUpdate("INSERT INTO epoch_metrics (experiment_id, fold, epoch, job_id, train_loss, f2, threshold, lr, seconds,"
                + " images_per_second, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", withJobs);
    }
}
