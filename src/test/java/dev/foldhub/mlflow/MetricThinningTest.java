package dev.foldhub.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.foldhub.mlflow.MlflowMessages.Metric;
import dev.foldhub.testsupport.MigratedDatabase;
import dev.foldhub.testsupport.PostgresTestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The retention setting on H2 and PostgreSQL: 10,000 step metrics older than thin-after and 100 newer ones of one
 * run and key, thinned with keep-points 200, keep the old spike and dip, first and last, every new point, the
 * latest value and every epoch metric; get-history still pages through what is left.
 */
class MetricThinningTest {

    static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    static final long OLD_TS = NOW.minus(Duration.ofDays(40)).toEpochMilli();
    static final long NEW_TS = NOW.minus(Duration.ofDays(1)).toEpochMilli();
    static final String RUN = "0123456789abcdef0123456789abcdef";
    static final int SPIKE_STEP = 4321;
    static final int DIP_STEP = 7777;

    @Test // guards: thinning on H2 keeps the shape (min, max, ends), new points, latest and epochs
    void thinsOldStepMetricsToKeepPointsOnH2() {
        try (MigratedDatabase db = MigratedDatabase.h2()) {
            thinsOldPointsAndKeepsWhatMatters(db);
        }
    }

    @Test // guards: the same thinning's SQL (IN lists, GROUP BY ... HAVING) on PostgreSQL
    void thinsOldStepMetricsToKeepPointsOnPostgres() {
        var connection = PostgresTestDatabase.find();
        assumeTrue(connection.isPresent(), PostgresTestDatabase.skipMessage());
        try (MigratedDatabase db = MigratedDatabase.postgres(connection.get())) {
            thinsOldPointsAndKeepsWhatMatters(db);
        }
    }

    @Test // guards: retention is off by default (no thin-after), so nothing is deleted however old
    void deletesNothingByDefault() {
        try (MigratedDatabase db = MigratedDatabase.h2()) {
            logSeries(db);
            MetricThinning thinning = thinning(db, new MetricRetentionProperties(null, 1000, Duration.ofHours(1)));
            assertThat(thinning.thinAll()).isZero();
            assertThat(count(db, "SELECT COUNT(*) FROM mlflow_metric_points")).isEqualTo(10_100);
        }
    }

    private void thinsOldPointsAndKeepsWhatMatters(MigratedDatabase db) {
        MlflowMetricStore metrics = logSeries(db);
        long epochId = epochMetric(db);
        Metric latestBefore = metrics.latest(RUN).get("batch_loss");

        MetricThinning thinning = thinning(db, new MetricRetentionProperties(Duration.ofDays(30), 200, Duration.ofHours(1)));
        long deleted = thinning.thinAll();

        long old = count(db, "SELECT COUNT(*) FROM mlflow_metric_points WHERE ts = " + OLD_TS);
        assertThat(old).isLessThanOrEqualTo(200).isGreaterThan(100);
        assertThat(deleted).isEqualTo(10_000 - old);
        List<Long> oldSteps = db.jdbc().sql("SELECT step FROM mlflow_metric_points WHERE ts = " + OLD_TS + " ORDER BY step")
                .query(Long.class).list();
        assertThat(oldSteps).as("first, last, spike and dip").contains(0L, 9_999L, (long) SPIKE_STEP, (long) DIP_STEP);
        assertThat(count(db, "SELECT COUNT(*) FROM mlflow_metric_points WHERE ts = " + NEW_TS)).as("every new point").isEqualTo(100);
        assertThat(metrics.latest(RUN).get("batch_loss")).isEqualTo(latestBefore);
        assertThat(count(db, "SELECT COUNT(*) FROM epoch_metrics WHERE id = " + epochId)).isEqualTo(1);

        // get-history pages (step order) through the thinned history without a gap or a repeat
        List<Metric> paged = new ArrayList<>();
        int offset = 0;
        List<Metric> page;
        do {
            page = metrics.history(RUN, "batch_loss", offset, 50);
            paged.addAll(page);
            offset += page.size();
        } while (page.size() == 50);
        assertThat(paged).hasSize((int) (old + 100));
        assertThat(paged).extracting(Metric::step).isSorted().doesNotHaveDuplicates();

        assertThat(thinning.thinAll()).as("a second pass finds nothing more to thin").isZero();
    }

    /** batch_loss at steps 0..9,999 logged 40 days ago (a spike and a dip in it), 10,000..10,099 logged yesterday. */
    private static MlflowMetricStore logSeries(MigratedDatabase db) {
        new MlflowRunStore(db.jdbc()).insert(new MlflowRunStore.Row(RUN, 0, "r", null, "RUNNING", OLD_TS, null,
                "x/artifacts", "active", null, null));
        MlflowMetricStore metrics = new MlflowMetricStore(db.jdbc(), new JdbcTemplate(db.dataSource()));
        List<Metric> batch = new ArrayList<>();
        for (int step = 0; step < 10_100; step++) {
            double value = step == SPIKE_STEP ? 9.0 : step == DIP_STEP ? -9.0 : 1.0 - step / 20_000.0;
            batch.add(new Metric("batch_loss", value, step < 10_000 ? OLD_TS : NEW_TS, (long) step));
            if (batch.size() == 1000) {
                metrics.log(RUN, batch);
                batch.clear();
            }
        }
        metrics.log(RUN, batch);
        return metrics;
    }

    private static long epochMetric(MigratedDatabase db) {
        var jdbc = db.jdbc();
        jdbc.sql("INSERT INTO datasets (name, path, num_labels, num_train, num_test, created_at)"
                + " VALUES ('d', '/d', 3, 4, 2, :t)").param("t", NOW.atOffset(ZoneOffset.UTC)).update();
        long datasetId = jdbc.sql("SELECT id FROM datasets").query(Long.class).single();
        jdbc.sql("INSERT INTO fold_assignments (dataset_id, num_folds, folds, content_hash, source, is_default, created_at)"
                + " VALUES (:d, 2, :f, 'h', 'generated', TRUE, :t)").param("d", datasetId)
                .param("f", new byte[] {0, 1, 0, 1}).param("t", NOW.atOffset(ZoneOffset.UTC)).update();
        long assignmentId = jdbc.sql("SELECT id FROM fold_assignments").query(Long.class).single();
        jdbc.sql("INSERT INTO experiments (name, dataset_id, fold_assignment_id, config, arch, input_size, loss, created_at)"
                        + " VALUES ('e', :d, :a, 'x', 'resnet18', 32, 'bce', :t)")
                .param("d", datasetId).param("a", assignmentId).param("t", NOW.atOffset(ZoneOffset.UTC)).update();
        long experimentId = jdbc.sql("SELECT id FROM experiments").query(Long.class).single();
        // an epoch far older than thin-after: never the thinning's
        jdbc.sql("INSERT INTO epoch_metrics (experiment_id, fold, epoch, f2, threshold, created_at)"
                        + " VALUES (:e, 0, 1, 0.5, 0.2, :t)")
                .param("e", experimentId).param("t", NOW.minus(Duration.ofDays(400)).atOffset(ZoneOffset.UTC)).update();
        return jdbc.sql("SELECT id FROM epoch_metrics").query(Long.class).single();
    }

    private static MetricThinning thinning(MigratedDatabase db, MetricRetentionProperties properties) {
        return new MetricThinning(db.jdbc(), new DataSourceTransactionManager(db.dataSource()), properties,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static long count(MigratedDatabase db, String sql) {
        return db.jdbc().sql(sql).query(Long.class).single();
    }
}
