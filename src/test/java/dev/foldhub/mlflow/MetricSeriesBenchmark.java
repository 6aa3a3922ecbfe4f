package dev.foldhub.mlflow;

import dev.foldhub.bench.MlflowPoints;
import dev.foldhub.mlflow.MetricSeries.ExperimentSeries;
import dev.foldhub.testsupport.MigratedDatabase;
import dev.foldhub.testsupport.PostgresTestDatabase;
import java.util.Arrays;
import java.util.Random;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Server time of an experiment's step-metric chart ({@link MetricSeries#series}, what GET
 * /api/experiments/{id}/series runs) with 5 fold runs x 100,000 values of one key, seeded by batch JDBC: the whole
 * range and a zoomed tenth, 2,000 points a run. On H2 in memory, and on PostgreSQL too when FOLDHUB_TEST_POSTGRES_URL
 * is set. Usage: bench/run dev.foldhub.mlflow.MetricSeriesBenchmark [values a run, default 100000]
 */
public final class MetricSeriesBenchmark {

    private static final int RUNS = 5;
    private static final long FOLDHUB_EXPERIMENT = 42;

    private MetricSeriesBenchmark() {
    }

    public static void main(String[] args) {
        int values = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        try (MigratedDatabase h2 = MigratedDatabase.h2()) {
            measure("H2", h2, values);
        }
        var postgres = PostgresTestDatabase.find();
        if (postgres.isPresent()) {
            try (MigratedDatabase pg = MigratedDatabase.postgres(postgres.get())) {
                measure("PostgreSQL", pg, values);
            }
        } else {
            System.out.println("PostgreSQL: skipped (" + PostgresTestDatabase.skipMessage() + ")");
        }
    }

    private static void measure(String database, MigratedDatabase db, int values) {
        long t0 = System.nanoTime();
        seed(new JdbcTemplate(db.dataSource()), values);
        if (database.equals("PostgreSQL")) {
            db.jdbc().sql("VACUUM ANALYZE mlflow_metric_points").update();
        }
        System.out.printf("%s: seeded %d runs x %,d values in %.1f s%n", database, RUNS, values, (System.nanoTime() - t0) / 1e9);
        MetricSeries series = new MetricSeries(db.jdbc());
        report(database + " whole range", () -> series.series(FOLDHUB_EXPERIMENT, "batch_loss", null, null, 2000));
        long from = values * 4L / 10;
        report(database + " zoomed to a tenth", () -> series.series(FOLDHUB_EXPERIMENT, "batch_loss", from, from + values / 10 - 1, 2000));
    }

    private static void report(String what, java.util.function.Supplier<ExperimentSeries> call) {
        ExperimentSeries last = null;
        for (int i = 0; i < 5; i++) { // warm-up (JIT, caches) before timing
            last = call.get();
        }
        int n = 15;
        double[] ms = new double[n];
        double[] cpu = new double[n];
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < n; i++) {
            long c = threads.getCurrentThreadCpuTime();
            long t = System.nanoTime();
            last = call.get();
            ms[i] = (System.nanoTime() - t) / 1e6;
            cpu[i] = (threads.getCurrentThreadCpuTime() - c) / 1e6;
        }
        Arrays.sort(ms);
        Arrays.sort(cpu);
        int points = last.runs().stream().mapToInt(r -> r.points().size()).sum();
        long count = last.runs().stream().mapToLong(MetricSeries.RunSeries::count).sum();
        // why CPU time too: this thread's own (for H2 in memory, the whole query) does not grow with a busy machine
        System.out.printf("  %-28s median %5.0f ms, min %5.0f, max %5.0f; this thread's CPU median %4.0f ms"
                + " (%d runs; %,d values -> %,d points)%n", what, ms[n / 2], ms[0], ms[n - 1], cpu[n / 2], n, count, points);
    }

    /** RUNS runs bound to folds 0..4 of one experiment, each with a noisy decaying batch_loss at steps 0..values-1. */
    private static void seed(JdbcTemplate jdbc, int values) {
        Random random = new Random(1);
        for (int run = 0; run < RUNS; run++) {
            MlflowPoints.seedRun(jdbc, String.format("%032x", run + 1), FOLDHUB_EXPERIMENT, run, values, random);
        }
    }
}
