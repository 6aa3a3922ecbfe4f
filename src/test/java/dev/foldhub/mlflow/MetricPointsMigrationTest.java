package dev.foldhub.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.foldhub.mlflow.MlflowMessages.Metric;
import dev.foldhub.testsupport.PostgresTestDatabase;
import java.sql.DriverManager;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * V27 moves the old layout's metrics (mlflow_metrics, mlflow_latest_metrics) into keys and points: rows written just
 * before it read back after the migration with the same latest values, history (step, time, then logging order) and
 * logging order, on H2 and PostgreSQL; the moved keys then take new points.
 */
class MetricPointsMigrationTest {

    static final String RUN_A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    static final String RUN_B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    @Test // guards: V27 on H2 keeps every old point, its order and each key's latest value
    void movesOldMetricRowsOnH2() {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl("jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        ds.setUsername("sa");
        try (ds) {
            migrateAndCheck(ds, null, "h2");
        }
    }

    @Test // guards: V27 on PostgreSQL keeps every old point, its order and each key's latest value
    void movesOldMetricRowsOnPostgres() throws Exception {
        var connection = PostgresTestDatabase.find();
        assumeTrue(connection.isPresent(), PostgresTestDatabase.skipMessage());
        var c = connection.get();
        String schema = "foldhub_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(c.url() + (c.url().contains("?") ? "&" : "?") + "currentSchema=" + schema);
        ds.setUsername(c.user());
        ds.setPassword(c.password());
        try (ds) {
            migrateAndCheck(ds, schema, "postgresql");
        } finally {
            try (var conn = DriverManager.getConnection(c.url(), c.user(), c.password())) {
                conn.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private static void migrateAndCheck(HikariDataSource ds, String schema, String vendor) {
        // the last migration before V27, whichever number it has
        MigrationVersion v27 = MigrationVersion.fromVersion("27");
        MigrationVersion before = Arrays.stream(flyway(ds, schema, vendor).load().info().all()).map(MigrationInfo::getVersion)
                .filter(v -> v != null && v.compareTo(v27) < 0).max(MigrationVersion::compareTo).orElseThrow();
        flyway(ds, schema, vendor).target(before).load().migrate();
        JdbcClient jdbc = JdbcClient.create(ds);
        for (String run : List.of(RUN_A, RUN_B)) {
            jdbc.sql("INSERT INTO mlflow_runs (run_id, experiment_id, run_name, status, start_time, artifact_uri, lifecycle_stage)"
                    + " VALUES (:id, 0, 'r', 'RUNNING', 0, 'x', 'active')").param("id", run).update();
        }
        // logging order (id): loss at steps 2, 0, 1, then step 1 again at the same time (a tie only id orders)
        old(jdbc, RUN_A, "loss", 0.2, 30, 2);
        old(jdbc, RUN_A, "loss", 0.9, 10, 0);
        old(jdbc, RUN_A, "acc", 0.5, 10, 0);
        old(jdbc, RUN_A, "loss", 0.7, 20, 1);
        old(jdbc, RUN_A, "loss", 0.6, 20, 1);
        old(jdbc, RUN_B, "loss", 5.0, 10, 7);
        latest(jdbc, RUN_A, "loss", 0.2, 30, 2);
        latest(jdbc, RUN_A, "acc", 0.5, 10, 0);
        latest(jdbc, RUN_B, "loss", 5.0, 10, 7);

        flyway(ds, schema, vendor).load().migrate();

        MlflowMetricStore store = new MlflowMetricStore(jdbc, new JdbcTemplate(ds));
        assertThat(store.latest(RUN_A)).containsOnlyKeys("acc", "loss");
        assertThat(store.latest(RUN_A).get("loss")).isEqualTo(new Metric("loss", 0.2, 30L, 2L));
        assertThat(store.latest(RUN_B).values()).containsExactly(new Metric("loss", 5.0, 10L, 7L));
        assertThat(store.history(RUN_A, "loss", 0, 100)).containsExactly(new Metric("loss", 0.9, 10L, 0L),
                new Metric("loss", 0.7, 20L, 1L), new Metric("loss", 0.6, 20L, 1L), new Metric("loss", 0.2, 30L, 2L));
        assertThat(store.all(RUN_A)).extracting(Metric::value).containsExactly(0.2, 0.9, 0.5, 0.7, 0.6);
        assertThat(store.latestInExperiments(List.of(0L))).containsOnlyKeys(RUN_A, RUN_B);

        // a moved key takes new points (the identity goes on after the moved ids) and moves its latest value
        store.log(RUN_A, List.of(new Metric("loss", 0.1, 40L, 3L)));
        assertThat(store.history(RUN_A, "loss", 4, 10)).containsExactly(new Metric("loss", 0.1, 40L, 3L));
        assertThat(store.latest(RUN_A).get("loss")).isEqualTo(new Metric("loss", 0.1, 40L, 3L));
        assertThat(store.all(RUN_A)).extracting(Metric::value).endsWith(0.6, 0.1);
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(HikariDataSource ds, String schema,
                                                                               String vendor) {
        return Flyway.configure().dataSource(ds).locations("classpath:db/migration", "classpath:db/vendor/" + vendor)
                .schemas(schema == null ? new String[0] : new String[] {schema}).createSchemas(true);
    }

    private static void old(JdbcClient jdbc, String run, String key, double value, long ts, long step) {
        jdbc.sql("INSERT INTO mlflow_metrics (run_id, name, val, ts, step) VALUES (:run, :key, :value, :ts, :step)")
                .param("run", run).param("key", key).param("value", value).param("ts", ts).param("step", step).update();
    }

    private static void latest(JdbcClient jdbc, String run, String key, double value, long ts, long step) {
        jdbc.sql("INSERT INTO mlflow_latest_metrics (run_id, name, val, ts, step) VALUES (:run, :key, :value, :ts, :step)")
                .param("run", run).param("key", key).param("value", value).param("ts", ts).param("step", step).update();
    }
}
