package dev.foldhub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.testsupport.PostgresSchema;
import dev.foldhub.testsupport.PostgresTestDatabase;
import java.sql.DriverManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.util.FileSystemUtils;

/** ScaleSeed and ScaleBenchmark at a tiny size keep working: the seeded rows are all there and every timed page answers 200. */
@EnabledIf(value = "dev.foldhub.testsupport.PostgresSchema#available", disabledReason = "no PostgreSQL (see PostgresTestDatabase)")
class ScaleCommandsPostgresTest {

    @Test
    void seedsTheRequestedRowsAndEveryTimedPageAnswers() throws Exception {
        ScaleSizes sizes = ScaleSizes.parse("--experiments", "20", "--folds", "3", "--epochs", "4", "--runs", "2",
                "--points", "1000", "--finished-jobs", "100");
        ScaleSeed.Seeded seeded = ScaleSeed.seed(sizes);
        try {
            assertThat(seeded.rows()).containsEntry("experiments", 20L)
                    .containsEntry("jobs", 100L) // 60 SUCCEEDED folds + 40 FAILED attempts
                    .containsEntry("fold_results", 60L)
                    .containsEntry("epoch_metrics", 240L)
                    .containsEntry("mlflow_runs", 2L)
                    .containsEntry("mlflow_metric_points", 2_000L);
            List<ScaleBenchmark.Timing> timings = ScaleBenchmark.measure(
                    ScaleSizes.parse("--schema", seeded.schema()), 2);
            assertThat(timings).hasSize(10).allSatisfy(t -> assertThat(t.status()).as(t.path()).isEqualTo(200));
            assertThat(ScaleBenchmark.table(timings)).contains("| compare of 20 |");
        } finally {
            drop(seeded.schema());
        }
    }

    private static void drop(String schema) throws Exception {
        PostgresTestDatabase.Connection c = PostgresTestDatabase.find().orElseThrow();
        try (var connection = DriverManager.getConnection(c.url(), c.user(), c.password());
             var statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA " + schema + " CASCADE");
        }
        FileSystemUtils.deleteRecursively(ScaleDatabase.dataDir(schema));
    }
}
