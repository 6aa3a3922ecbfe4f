package dev.foldhub.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.foldhub.mlflow.MlflowMessages.Metric;
import dev.foldhub.testsupport.MigratedDatabase;
import dev.foldhub.testsupport.PostgresTestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** Bytes per stored MLflow metric point: PostgreSQL's own size of the table and its indexes, H2's estimate. */
class MetricStorageSizeTest {

    static final String RUN = "0123456789abcdef0123456789abcdef";

    /** H2's estimate of the one key (run, "loss"): 32 + 2 x (run_id + key). */
    static final long KEY_BYTES = 32 + 2 * (32 + "loss".length());

    @Test // guards: on H2 the bytes are the column-width estimate, 72 a point plus its key once, and say so
    void estimatesBytesFromColumnWidthsOnH2() {
        try (MigratedDatabase db = MigratedDatabase.h2()) {
            log(db, 1000);
            MetricStorage storage = new MetricStorageSize(db.jdbc(), db.dataSource()).measure();
            assertThat(storage.points()).isEqualTo(1000);
            assertThat(storage.bytes()).isEqualTo(1000L * 72 + KEY_BYTES);
            assertThat(storage.estimated()).isTrue();
            assertThat(storage.bytesPerPoint()).isEqualTo(72.104);
        }
    }

    @Test // guards: on PostgreSQL the bytes are pg_total_relation_size of the points and keys tables (rows and indexes)
    void measuresTheTableAndItsIndexesOnPostgres() {
        var connection = PostgresTestDatabase.find();
        assumeTrue(connection.isPresent(), PostgresTestDatabase.skipMessage());
        try (MigratedDatabase db = MigratedDatabase.postgres(connection.get())) {
            log(db, 10_000);
            MetricStorage storage = new MetricStorageSize(db.jdbc(), db.dataSource()).measure();
            assertThat(storage.points()).isEqualTo(10_000);
            assertThat(storage.estimated()).isFalse();
            long total = db.jdbc().sql("SELECT pg_relation_size('mlflow_metric_points') + pg_indexes_size('mlflow_metric_points')"
                    + " + pg_relation_size('mlflow_metric_keys')").query(Long.class).single();
            assertThat(storage.bytes()).isGreaterThanOrEqualTo(total);
            // a point is at least its 36 bytes of data and, without the run id and key text, under 200 with its index
            assertThat(storage.bytesPerPoint()).isBetween(36.0, 200.0);
        }
    }

    @Test // guards: the gauges read the measurement at most once a minute, then see new points
    void gaugesRemeasureAfterAMinute() {
        try (MigratedDatabase db = MigratedDatabase.h2()) {
            log(db, 100);
            MutableClock clock = new MutableClock();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            new MetricStorageMetrics(new MetricStorageSize(db.jdbc(), db.dataSource()), clock, registry);
            assertThat(registry.get("foldhub.mlflow.metric.points").gauge().value()).isEqualTo(100);
            db.jdbc().sql("DELETE FROM mlflow_metric_points WHERE step < 50").update();
            assertThat(registry.get("foldhub.mlflow.metric.points").gauge().value()).as("cached").isEqualTo(100);
            clock.now = clock.now.plusSeconds(61);
            assertThat(registry.get("foldhub.mlflow.metric.points").gauge().value()).isEqualTo(50);
            assertThat(registry.get("foldhub.mlflow.metric.bytes").gauge().value()).isEqualTo(50.0 * 72 + KEY_BYTES);
        }
    }

    private static void log(MigratedDatabase db, int n) {
        new MlflowRunStore(db.jdbc()).insert(new MlflowRunStore.Row(RUN, 0, "r", null, "RUNNING", 0L, null,
                "x/artifacts", "active", null, null));
        List<Metric> batch = new ArrayList<>();
        for (int step = 0; step < n; step++) {
            batch.add(new Metric("loss", (double) step, 1_000L, (long) step));
        }
        new MlflowMetricStore(db.jdbc(), new JdbcTemplate(db.dataSource())).log(RUN, batch);
    }

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-12-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
