package dev.foldhub.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.foldhub.mlflow.MlflowMessages.KeyValue;
import dev.foldhub.mlflow.MlflowMessages.Metric;
import dev.foldhub.testsupport.MigratedDatabase;
import dev.foldhub.testsupport.PostgresTestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** The V8 migration and the MLflow stores' SQL (identity after the default experiment 0, batches, paging) on PostgreSQL. */
class MlflowStorePostgresTest {

    @Test
    void storesRunsParamsTagsAndAThousandMetricValuesOnPostgres() {
        var connection = PostgresTestDatabase.find();
        assumeTrue(connection.isPresent(), PostgresTestDatabase.skipMessage());
        try (MigratedDatabase db = MigratedDatabase.postgres(connection.get())) {
            var experiments = new MlflowExperimentStore(db.jdbc());
            var runs = new MlflowRunStore(db.jdbc());
            var metrics = new MlflowMetricStore(db.jdbc(), new JdbcTemplate(db.dataSource()));

            assertThat(experiments.find(0)).get().extracting(MlflowExperimentStore.Row::name).isEqualTo("Default");
            long id = experiments.create("pg-experiment", null, 1_000L);
            assertThat(id).isPositive();
            assertThat(experiments.findByName("pg-experiment")).get()
                    .extracting(MlflowExperimentStore.Row::artifactLocation).isEqualTo("mlflow-artifacts:/" + id);
            experiments.setTag(id, "team", "a");
            experiments.setTag(id, "team", "b");
            assertThat(experiments.tags().get(id)).containsExactly(new KeyValue("team", "b"));

            String runId = "0123456789abcdef0123456789abcdef";
            runs.insert(new MlflowRunStore.Row(runId, id, "r", null, "RUNNING", 1_000L, null, "x/artifacts", "active", null, null));
            runs.insertParams(runId, List.of(new KeyValue("arch", "resnet34")));
            runs.setTags(runId, List.of(new KeyValue("foldhub.fold", "0")));
            runs.setTags(runId, List.of(new KeyValue("foldhub.fold", "1")));
            runs.bind(runId, 7L, 1);
            assertThat(runs.tags(runId)).containsEntry("foldhub.fold", "1");
            assertThat(runs.paramsInExperiments(List.of(id)).get(runId)).containsExactly(new KeyValue("arch", "resnet34"));
            assertThat(runs.inExperiments(List.of(id))).singleElement()
                    .satisfies(r -> assertThat(r.foldhubFold()).isEqualTo(1));
            // the /mlflow page's queries: a page of runs newest first, and runs per experiment
            runs.insert(new MlflowRunStore.Row("fedcba9876543210fedcba9876543210", id, "newer", null, "RUNNING", 5_000L, null,
                    "y/artifacts", "active", null, null));
            assertThat(runs.newestFirst(0, 1)).extracting(MlflowRunStore.Row::runName).containsExactly("newer");
            assertThat(runs.newestFirst(1, 5)).extracting(MlflowRunStore.Row::runName).containsExactly("r");
            assertThat(runs.countsByExperiment()).containsEntry(id, 2L);

            List<Metric> thousand = new ArrayList<>();
            for (int step = 999; step >= 0; step--) {
                thousand.add(new Metric("loss", step / 10.0, 2_000L, (long) step));
            }
            metrics.log(runId, thousand);
            assertThat(metrics.latest(runId).get("loss").step()).isEqualTo(999L);
            List<Metric> page = metrics.history(runId, "loss", 990, 20);
            assertThat(page).extracting(Metric::step).containsExactly(990L, 991L, 992L, 993L, 994L, 995L, 996L, 997L, 998L, 999L);
        }
    }
}
