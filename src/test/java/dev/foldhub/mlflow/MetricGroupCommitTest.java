package dev.foldhub.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foldhub.mlflow.MlflowMessages.Metric;
import dev.foldhub.testsupport.MigratedDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** The group commit on H2: concurrent writers each see their points stored when write returns, a failing one alone fails. */
class MetricGroupCommitTest {

    @Test // guards: a request that cannot be stored (no such run) fails itself only, the requests grouped with it are stored
    void aFailingRequestFailsAloneAndTheOthersAreStored() throws Exception {
        try (MigratedDatabase db = MigratedDatabase.h2()) {
            MlflowRunStore runs = new MlflowRunStore(db.jdbc());
            MlflowMetricStore store = new MlflowMetricStore(db.jdbc(), new JdbcTemplate(db.dataSource()));
            MetricGroupCommit commit = new MetricGroupCommit(store, new DataSourceTransactionManager(db.dataSource()));
            List<String> runIds = new ArrayList<>();
            for (int r = 0; r < 8; r++) {
                runIds.add(String.format("%032x", r + 1));
                runs.insert(new MlflowRunStore.Row(runIds.get(r), 0, "r", null, "RUNNING", 0L, null, "x", "active", null, null));
            }
            ExecutorService pool = Executors.newFixedThreadPool(9);
            CountDownLatch start = new CountDownLatch(1);
            try {
                List<Future<?>> good = new ArrayList<>();
                for (String runId : runIds) {
                    good.add(pool.submit(() -> {
                        start.await();
                        for (int step = 0; step < 20; step++) {
                            commit.write(runId, List.of(new Metric("loss", (double) step, 1_000L, (long) step)));
                            // acknowledged means stored: the point is there as soon as write returns
                            assertThat(store.history(runId, "loss", step, 1)).hasSize(1);
                        }
                        return null;
                    }));
                }
                Future<?> bad = pool.submit(() -> {
                    start.await();
                    commit.write("ffffffffffffffffffffffffffffffff", List.of(new Metric("loss", 1.0, 1_000L, 0L)));
                    return null;
                });
                start.countDown();
                for (Future<?> f : good) {
                    f.get();
                }
                assertThatThrownBy(bad::get).hasCauseInstanceOf(DataAccessException.class);
            } finally {
                pool.shutdownNow();
                commit.stop();
            }
            for (String runId : runIds) {
                assertThat(store.history(runId, "loss", 0, 100)).extracting(Metric::step)
                        .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 20).boxed().toList());
                assertThat(store.latest(runId).get("loss").step()).isEqualTo(19L);
            }
        }
    }

    @Test // guards: after the writer stopped (application shutting down) a write still stores its points before returning
    void writesAloneAfterStop() throws Exception {
        try (MigratedDatabase db = MigratedDatabase.h2()) {
            String runId = String.format("%032x", 1);
            new MlflowRunStore(db.jdbc()).insert(new MlflowRunStore.Row(runId, 0, "r", null, "RUNNING", 0L, null, "x", "active",
                    null, null));
            MlflowMetricStore store = new MlflowMetricStore(db.jdbc(), new JdbcTemplate(db.dataSource()));
            MetricGroupCommit commit = new MetricGroupCommit(store, new DataSourceTransactionManager(db.dataSource()));
            commit.stop();
            commit.write(runId, List.of(new Metric("loss", 0.5, 1_000L, 3L)));
            assertThat(store.history(runId, "loss", 0, 10)).containsExactly(new Metric("loss", 0.5, 1_000L, 3L));
        }
    }
}
