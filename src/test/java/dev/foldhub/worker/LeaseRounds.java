package dev.foldhub.worker;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One round of the lease benchmark: fills the queue, starts the agents' process ({@link LeaseLoad}), and reads what
 * the agents saw (latency) and what the server spent (its request timers, SQL statements, CPU) meanwhile.
 */
final class LeaseRounds {

    private static final String LEASE_URI = "/api/agent/workers/{workerId}/lease";

    /** A round's figures; client latencies in ms, CPU as a share of the machine's CPUs. */
    record Round(String mode, int agents, Map<String, Double> load, double serverLeaseMs, double leaseSqlMs,
                 double poolWaitMs, double sqlPerJob, CpuTimes cpu, double wall) {

        String row() {
            double share = 100 / (wall * CpuTimes.CPUS);
            return String.format(Locale.ROOT, "%-6s | %6d | %8.0f | %12.1f | %6.1f | %6.1f | %13.1f | %12.1f || %15.2f | "
                            + "%12.2f | %12.2f | %7.1f | %17.2f | %15.2f | %11.0f | %3.0f | %6.0f | %7.0f | %6.0f",
                    mode, agents, load.get("leased") / load.get("seconds"), load.get("p50"), load.get("p99"),
                    load.get("max"), load.get("heartbeatP99"), load.get("completeP99"), serverLeaseMs, leaseSqlMs,
                    poolWaitMs, sqlPerJob, cpu.server() * 1000 / load.get("requests"),
                    cpu.requests() * 1000 / load.get("requests"), cpu.server() * share,
                    cpu.database() * share, load.get("cpu") * share, cpu.machine() * share,
                    (cpu.machine() - cpu.server() - cpu.database() - load.get("cpu")) * share);
        }
    }

    private final JdbcClient jdbc;
    private final CountingDataSource statements;
    private final MeterRegistry meters;
    private final String server;
    private final String token;
    private long subjects = 1_000_000;

    LeaseRounds(JdbcClient jdbc, CountingDataSource statements, MeterRegistry meters, String server, String token) {
        this.jdbc = jdbc;
        this.statements = statements;
        this.meters = meters;
        this.server = server;
        this.token = token;
    }

    /**
     * Runs {@code agents} agents for {@code seconds}: "closed" (2 ms jobs, back to back) or "paced" (jobs of
     * foldhub.benchmark.paced-ms, 50-200 ms, with a heartbeat every foldhub.benchmark.heartbeat-ms, 100 ms).
     */
    Round run(String mode, int agents, double seconds, String prefix) throws Exception {
        boolean paced = switch (mode) {
            case "paced" -> true;
            case "closed" -> false;
            default -> throw new IllegalArgumentException("mode is closed or paced, got " + mode);
        };
        String[] range = System.getProperty("foldhub.benchmark.paced-ms", "50-200").split("-");
        int minMs = paced ? Integer.parseInt(range[0].trim()) : 2;
        int maxMs = paced ? Integer.parseInt(range[1].trim()) : 2;
        int heartbeatMs = paced ? Integer.getInteger("foldhub.benchmark.heartbeat-ms", 100) : 2;
        fillQueue(paced ? (int) (agents * seconds * 1000 / minMs) + agents : (int) (seconds * 3000));
        Process load = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx512m",
                "-XX:+UseSerialGC", "-Dhttp.maxConnections=" + (agents + 10), "-Dsun.net.http.retryPost=false",
                "-Dfoldhub.benchmark.client=" + System.getProperty("foldhub.benchmark.client", "urlconnection"), "-cp", System.getProperty("java.class.path"), LeaseLoad.class.getName(), server, token,
                String.valueOf(agents), String.valueOf(seconds), String.valueOf(minMs), String.valueOf(maxMs),
                String.valueOf(heartbeatMs), prefix).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(load.getInputStream(), StandardCharsets.UTF_8));
             Writer in = new OutputStreamWriter(load.getOutputStream(), StandardCharsets.UTF_8)) {
            expectLine(out, "READY");
            List<Integer> pids = jdbc.sql("SELECT pid FROM pg_stat_activity WHERE application_name = ?")
                    .param(LeaseBenchmark.APPLICATION_NAME).query(Integer.class).list();
            double[] lease = timer("http.server.requests", LEASE_URI);
            double[] sql = timer("foldhub.queue.lease", null);
            double[] pool = timer("hikaricp.connections.acquire", null);
            long sqlBefore = statements.statements();
            CpuTimes before = CpuTimes.now(pids);
            long start = System.nanoTime();
            in.write("go\n");
            in.flush();
            Map<String, Double> result = parse(expectLine(out, "RESULT "));
            double wall = (System.nanoTime() - start) / 1e9;
            CpuTimes cpu = CpuTimes.now(pids).minus(before);
            long sqlRun = statements.statements() - sqlBefore;
            load.waitFor(1, TimeUnit.MINUTES);
            return new Round(mode, agents, result, meanMs(timer("http.server.requests", LEASE_URI), lease),
                    meanMs(timer("foldhub.queue.lease", null), sql), meanMs(timer("hikaricp.connections.acquire", null), pool),
                    sqlRun / result.get("leased"), cpu, wall);
        } finally {
            load.destroy();
        }
    }

    /**
     * Drops what earlier rounds left queued and queues {@code jobs} jobs in groups of 5 (as folds of an experiment).
     * TEST_PREDICT, not TRAIN_FOLD: the simulated agents store no fold result, and a TRAIN_FOLD cannot complete
     * without one (one indexed read more per completion, not measured here).
     */
    private void fillQueue(int jobs) {
        jdbc.sql("DELETE FROM jobs WHERE state = 'QUEUED'").update();
        jdbc.sql("INSERT INTO jobs (kind, subject_id, fold, state, priority, device_kind, min_memory_mb, max_attempts, "
                        + "created_at, version, subject_done) SELECT 'TEST_PREDICT', ? + g / 5, g % 5, 'QUEUED', g % 3, 'any', "
                        + "0, 3, now(), 0, 0 FROM generate_series(0, ? - 1) g")
                .params(subjects, jobs).update();
        subjects += jobs;
        jdbc.sql("VACUUM ANALYZE jobs").update();
    }

    /** {count, total ms} of the timers of that name (and uri tag), summed over their other tags. */
    private double[] timer(String name, String uri) {
        var search = meters.find(name);
        if (uri != null) {
            search = search.tag("uri", uri);
        }
        double count = 0;
        double total = 0;
        for (Timer t : search.timers()) {
            count += t.count();
            total += t.totalTime(TimeUnit.MILLISECONDS);
        }
        return new double[] {count, total};
    }

    private static double meanMs(double[] after, double[] before) {
        double count = after[0] - before[0];
        return count == 0 ? Double.NaN : (after[1] - before[1]) / count;
    }

    private static String expectLine(BufferedReader out, String prefix) throws Exception {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new IllegalStateException("the agents' process ended without printing " + prefix);
    }

    private static Map<String, Double> parse(String line) {
        Map<String, Double> values = new HashMap<>();
        for (String pair : line.substring("RESULT ".length()).split(" ")) {
            String[] kv = pair.split("=");
            values.put(kv[0], Double.parseDouble(kv[1]));
        }
        return values;
    }
}
