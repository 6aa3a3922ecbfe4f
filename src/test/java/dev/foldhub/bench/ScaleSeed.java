package dev.foldhub.bench;

import dev.foldhub.dataset.DatasetInfo;
import dev.foldhub.dataset.DatasetService;
import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Seeds the volumes of issue 16 item 3 into a fresh PostgreSQL schema {@code scale_<random>} by batch JDBC: the
 * application starts on it (its Flyway migrations make the schema), registers a tiny demo data set, then experiments,
 * their TRAIN_FOLD jobs (SUCCEEDED; FAILED retries up to --finished-jobs), fold results, epoch metrics and MLflow runs
 * bound to folds with their points. Prints rows and seconds per table, and the schema for ScaleBenchmark.
 * Usage: bench/run dev.foldhub.bench.ScaleSeed [--experiments 10000 --folds 5 --epochs 50 --runs 200 --points 100000
 * --finished-jobs 50000 --url jdbc:postgresql://...]
 */
public final class ScaleSeed {

    private static final int BATCH = 10_000;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** The schema seeded and the rows per table. */
    public record Seeded(String schema, Map<String, Long> rows) {
    }

    private final JdbcTemplate jdbc;
    private final ScaleSizes sizes;
    private final Map<String, Long> rows = new LinkedHashMap<>();

    private ScaleSeed(JdbcTemplate jdbc, ScaleSizes sizes) {
        this.jdbc = jdbc;
        this.sizes = sizes;
    }

    public static void main(String[] args) throws Exception {
        Seeded seeded = seed(ScaleSizes.parse(args));
        System.out.println("seeded schema: " + seeded.schema());
        System.out.println("next: bench/run dev.foldhub.bench.ScaleBenchmark --schema " + seeded.schema());
    }

    /** Makes a fresh schema, seeds it and closes the application again; the schema stays. */
    public static Seeded seed(ScaleSizes sizes) throws Exception {
        String schema = "scale_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (ConfigurableApplicationContext app = ScaleDatabase.start(sizes, schema)) {
            DatasetService datasets = app.getBean(DatasetService.class);
            Path demo = ScaleDatabase.dataDir(schema).resolve("demo-set");
            new DemoDatasetGenerator().generate(demo, new DemoSpec(100, 10, 16, 1L));
            DatasetInfo dataset = datasets.register("scale", demo.toString());
            ScaleSeed seed = new ScaleSeed(app.getBean(JdbcTemplate.class), sizes);
            seed.run(dataset.id(), datasets.defaultFolds(dataset.id()).id());
            return new Seeded(schema, seed.rows);
        }
    }

    private void run(long datasetId, long assignment) {
        List<Long> ids = timed("experiments", () -> experiments(datasetId, assignment));
        List<long[]> trainJobs = timed("jobs", () -> jobs(ids));
        timed("fold_results", () -> foldResults(trainJobs));
        timed("epoch_metrics", () -> epochMetrics(trainJobs));
        timed("mlflow_runs + mlflow_metric_points", () -> mlflow(ids));
        List<String> tables = List.of("experiments", "jobs", "fold_results", "epoch_metrics", "mlflow_runs", "mlflow_metric_points");
        timed("VACUUM ANALYZE", () -> {
            // why per table: a bare VACUUM would go through every schema of the shared database
            tables.forEach(table -> jdbc.execute("VACUUM ANALYZE " + table));
            return null;
        });
        for (String table : tables) {
            rows.put(table, jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class));
        }
        rows.forEach((table, n) -> System.out.printf("  %-16s %,12d rows%n", table, n));
    }

    private List<Long> experiments(long datasetId, long assignment) {
        List<Object[]> batch = new ArrayList<>();
        for (int e = 0; e < sizes.experiments(); e++) {
            batch.add(new Object[] {"exp-" + e, datasetId, assignment, "model: {arch: resnet18, input_size: 32}\n",
                    e % 2 == 0 ? "resnet18" : "resnet34", 32, e % 3 == 0 ? "focal" : "binary_cross_entropy",
                    0.5 + (e * 7919L % 10_000) / 40_000.0, Timestamp.from(T0.plusSeconds(60L * e))});
            flush(batch, "INSERT INTO experiments (name, dataset_id, fold_assignment_id, config, arch, input_size, loss,"
                    + " oof_f2, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", false);
        }
        flush(batch, "INSERT INTO experiments (name, dataset_id, fold_assignment_id, config, arch, input_size, loss,"
                + " oof_f2, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", true);
        return jdbc.queryForList("SELECT id FROM experiments ORDER BY id", Long.class);
    }

    /** Every fold's job SUCCEEDED; FAILED earlier attempts fill the finished jobs up to --finished-jobs. */
    private List<long[]> jobs(List<Long> ids) {
        String sql = "INSERT INTO jobs (kind, subject_id, fold, state, attempts, created_at, started_at, finished_at)"
                + " VALUES ('TRAIN_FOLD', ?, ?, ?, 1, ?, ?, ?)";
        List<Object[]> batch = new ArrayList<>();
        long failed = Math.max(0, sizes.finishedJobs() - (long) ids.size() * sizes.folds());
        for (long j = 0; j < failed; j++) {
            Instant at = T0.plusSeconds(j);
            batch.add(new Object[] {ids.get((int) (j % ids.size())), (int) (j % sizes.folds()), "FAILED",
                    Timestamp.from(at), Timestamp.from(at), Timestamp.from(at.plusSeconds(30))});
            flush(batch, sql, false);
        }
        for (int i = 0; i < ids.size(); i++) {
            for (int f = 0; f < sizes.folds(); f++) {
                Instant at = T0.plusSeconds(60L * i + f);
                batch.add(new Object[] {ids.get(i), f, "SUCCEEDED", Timestamp.from(at), Timestamp.from(at),
                        Timestamp.from(at.plusSeconds(600))});
                flush(batch, sql, false);
            }
        }
        flush(batch, sql, true);
        return jdbc.query("SELECT id, subject_id, fold FROM jobs WHERE state = 'SUCCEEDED' ORDER BY id",
                (rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getInt(3)});
    }

    private Void foldResults(List<long[]> trainJobs) {
        String sql = "INSERT INTO fold_results (experiment_id, fold, job_id, best_epoch, best_f2, threshold, checkpoint,"
                + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        List<Object[]> batch = new ArrayList<>();
        for (long[] job : trainJobs) {
            batch.add(new Object[] {job[1], (int) job[2], job[0], sizes.epochs(), 0.6 + (job[1] * 31 + job[2]) % 1000 / 5000.0,
                    0.15, "x", Timestamp.from(T0)});
            flush(batch, sql, false);
        }
        flush(batch, sql, true);
        return null;
    }

    private Void epochMetrics(List<long[]> trainJobs) {
        String sql = "INSERT INTO epoch_metrics (experiment_id, fold, epoch, job_id, train_loss, f2, threshold, lr,"
                + " seconds, images_per_second, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        List<Object[]> batch = new ArrayList<>();
        Timestamp at = Timestamp.from(T0);
        for (long[] job : trainJobs) {
            for (int ep = 1; ep <= sizes.epochs(); ep++) {
                batch.add(new Object[] {job[1], (int) job[2], ep, job[0], 0.5 / ep, 0.5 + ep / (4.0 * sizes.epochs()),
                        0.15, 1e-3, 30.0, 50.0, at});
                flush(batch, sql, false);
            }
        }
        flush(batch, sql, true);
        return null;
    }

    /** Run r reports into fold r % folds of experiment r / folds. */
    private Void mlflow(List<Long> ids) {
        Random random = new Random(1);
        for (int r = 0; r < sizes.runs(); r++) {
            MlflowPoints.seedRun(jdbc, String.format("%032x", r + 1), ids.get(r / sizes.folds() % ids.size()),
                    r % sizes.folds(), sizes.points(), random);
        }
        return null;
    }

    private void flush(List<Object[]> batch, String sql, boolean last) {
        if (batch.size() >= BATCH || (last && !batch.isEmpty())) {
            jdbc.batchUpdate(sql, batch);
            batch.clear();
        }
    }

    private <T> T timed(String what, java.util.function.Supplier<T> step) {
        long t0 = System.nanoTime();
        T result = step.get();
        System.out.printf("  %-30s %6.1f s%n", what, (System.nanoTime() - t0) / 1e9);
        return result;
    }
}
