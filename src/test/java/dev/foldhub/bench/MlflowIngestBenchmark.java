package dev.foldhub.bench;

import dev.foldhub.FoldhubApplication;
import dev.foldhub.testsupport.HttpTestClient;
import dev.foldhub.testsupport.PostgresTestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * Issue 16 item 5: MLflow ingestion over HTTP. Starts Foldhub (embedded worker off) on a fresh H2 file database or a
 * fresh PostgreSQL schema, then N clients (java.net.http, keep-alive), each logging into its own run for S seconds:
 * runs/log-metric (one point a request, as mlflow.log_metric sends) or runs/log-batch (B points a request). A warm-up
 * of W seconds precedes the timed window (its points are counted back too, not timed). Prints requests/s, metrics/s,
 * p50/p99 of acknowledged (HTTP 200) requests, and counts every acknowledged point back from the database: each run
 * must hold exactly its acknowledged points, each (key, step) once.
 * Usage: bench/run dev.foldhub.bench.MlflowIngestBenchmark [--db h2|postgres|both] [--mode metric|batch|both]
 * [--clients 20] [--seconds 20] [--warmup 5] [--batch 1000]
 */
public final class MlflowIngestBenchmark {

    private static final String[] KEYS = {"loss", "accuracy", "lr", "grad_norm"};

    /** One client's outcome: acknowledged points and requests (all), timed latencies in ns, failures. */
    private record ClientResult(String runId, long acknowledged, long timedRequests, long timedMetrics, long[] latencies,
                                int latencyCount, long failures, String firstFailure) {
    }

    private MlflowIngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        String db = options.getOrDefault("db", "both");
        String mode = options.getOrDefault("mode", "both");
        int clients = Integer.parseInt(options.getOrDefault("clients", "20"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "20"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "5"));
        int batch = Integer.parseInt(options.getOrDefault("batch", "1000"));
        List<String> rows = new ArrayList<>();
        List<String> storages = new ArrayList<>();
        for (String database : db.equals("both") ? List.of("postgres", "h2") : List.of(db)) {
            String[] schema = new String[2]; // the PostgreSQL schema (or null) and the data directory
            try (ConfigurableApplicationContext app = start(database, schema)) {
                int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
                JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
                for (String m : mode.equals("both") ? List.of("metric", "batch") : List.of(mode)) {
                    rows.add(measure(database, m, port, jdbc, clients, seconds, warmup, m.equals("metric") ? 1 : batch));
                    System.out.println(rows.get(rows.size() - 1));
                }
                String storage = new HttpTestClient(port).get("/api/storage").body();
                storages.add((database.equals("h2") ? "H2" : "PostgreSQL") + " /api/storage: "
                        + storage.replaceAll("(?s).*(\"metricPoints\"[^}]*?\"metricBytesPerPoint\":[0-9.E]+).*", "$1"));
                System.out.println(storages.get(storages.size() - 1));
            } finally {
                if (schema[0] != null) {
                    dropSchema(schema[0]);
                }
                if (schema[1] != null) {
                    FileSystemUtils.deleteRecursively(Path.of(schema[1])); // the H2 database: hundreds of MB
                }
            }
        }
        System.out.println();
        System.out.println("| database | request | clients | s | requests/s | metrics/s | p50 ms | p99 ms | acknowledged |"
                + " stored | exactly once | load 1 min before/after |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
        rows.forEach(System.out::println);
        storages.forEach(System.out::println);
    }

    private static String measure(String database, String mode, int port, JdbcTemplate jdbc, int clients, int seconds,
                                  int warmup, int perRequest) throws Exception {
        String loadBefore = load();
        ExecutorService httpThreads = Executors.newFixedThreadPool(4);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .executor(httpThreads).build();
        String base = "http://127.0.0.1:" + port + "/api/2.0/mlflow";
        long start = System.nanoTime();
        long timedFrom = start + warmup * 1_000_000_000L;
        long until = timedFrom + seconds * 1_000_000_000L;
        List<ClientResult> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<ClientResult>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                futures.add(pool.submit(() -> client(http, base, perRequest, timedFrom, until)));
            }
            for (Future<ClientResult> f : futures) {
                results.add(f.get());
            }
        } finally {
            pool.shutdownNow();
            httpThreads.shutdownNow(); // else its threads keep the JVM alive after main
        }
        String loadAfter = load();
        long acknowledged = 0;
        long stored = 0;
        boolean exactlyOnce = true;
        long requests = 0;
        long metrics = 0;
        long failures = 0;
        List<Long> all = new ArrayList<>();
        for (ClientResult r : results) {
            long[] count = countBack(jdbc, r.runId());
            acknowledged += r.acknowledged();
            stored += count[0];
            // exactly once: every acknowledged point is there, none twice ((key, step) is distinct per point logged)
            exactlyOnce &= count[0] == r.acknowledged() && count[1] == count[0];
            requests += r.timedRequests();
            metrics += r.timedMetrics();
            failures += r.failures();
            if (r.firstFailure() != null) {
                System.out.println("failure: " + r.firstFailure());
            }
            for (int i = 0; i < r.latencyCount(); i++) {
                all.add(r.latencies()[i]);
            }
        }
        long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
        double p50 = sorted.length == 0 ? 0 : sorted[(int) (sorted.length * 0.50)] / 1e6;
        double p99 = sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))] / 1e6;
        return String.format("| %s | %s | %d | %d | %,.0f | %,.0f | %.1f | %.1f | %,d | %,d | %s | %s / %s |",
                database.equals("h2") ? "H2" : "PostgreSQL", mode.equals("metric") ? "log-metric" : "log-batch of " + perRequest,
                clients, seconds, requests / (double) seconds, metrics / (double) seconds, p50, p99, acknowledged, stored,
                exactlyOnce ? "yes" : "NO" + (failures > 0 ? " (" + failures + " failed requests)" : ""), loadBefore, loadAfter);
    }

    /** One client: creates its run, then logs until {@code until}; only requests started after timedFrom are timed. */
    private static ClientResult client(HttpClient http, String base, int perRequest, long timedFrom, long until)
            throws Exception {
        String created = post(http, base + "/runs/create", "{\"experiment_id\":\"0\",\"run_name\":\"ingest\"}").body();
        String runId = created.replaceAll("(?s).*\"run_id\"\\s*:\\s*\"([0-9a-f]+)\".*", "$1");
        long acknowledged = 0;
        long timedRequests = 0;
        long timedMetrics = 0;
        long failures = 0;
        String firstFailure = null;
        long[] latencies = new long[1 << 16];
        int count = 0;
        long next = 0; // the next point's ordinal: key KEYS[i % 4] at step i / 4
        long now;
        while ((now = System.nanoTime()) < until) {
            String path;
            String body;
            long ts = System.currentTimeMillis();
            if (perRequest == 1) {
                path = "/runs/log-metric";
                body = "{\"run_id\":\"" + runId + "\",\"key\":\"" + KEYS[(int) (next % 4)] + "\",\"value\":" + (next * 0.001)
                        + ",\"timestamp\":" + ts + ",\"step\":" + next / 4 + "}";
            } else {
                StringBuilder b = new StringBuilder(perRequest * 64).append("{\"run_id\":\"").append(runId).append("\",\"metrics\":[");
                for (int i = 0; i < perRequest; i++) {
                    long n = next + i;
                    b.append(i == 0 ? "" : ",").append("{\"key\":\"").append(KEYS[(int) (n % 4)]).append("\",\"value\":")
                            .append(n * 0.001).append(",\"timestamp\":").append(ts).append(",\"step\":").append(n / 4).append('}');
                }
                path = "/runs/log-batch";
                body = b.append("]}").toString();
            }
            HttpResponse<String> response = post(http, base + path, body);
            long took = System.nanoTime() - now;
            if (response.statusCode() == 200) {
                acknowledged += perRequest;
                next += perRequest;
                if (now >= timedFrom) {
                    timedRequests++;
                    timedMetrics += perRequest;
                    if (count == latencies.length) {
                        latencies = Arrays.copyOf(latencies, count * 2);
                    }
                    latencies[count++] = took;
                }
            } else {
                failures++; // not acknowledged: the same points are sent again
                if (firstFailure == null) {
                    firstFailure = response.statusCode() + " " + response.body();
                }
            }
        }
        return new ClientResult(runId, acknowledged, timedRequests, timedMetrics, latencies, count, failures, firstFailure);
    }

    private static HttpResponse<String> post(HttpClient http, String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + HttpTestClient.ADMIN_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The run's stored points and distinct (key, step) pairs, read from the database. */
    private static long[] countBack(JdbcTemplate jdbc, String runId) {
        return jdbc.queryForObject("SELECT COUNT(*), COUNT(DISTINCT k.name || ':' || p.step) FROM mlflow_metric_points p"
                        + " JOIN mlflow_metric_keys k ON k.id = p.key_id WHERE k.run_id = ?",
                (rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}, runId);
    }

    /** Foldhub on a fresh H2 file database (the default URL) or a fresh PostgreSQL schema, on a random port. */
    private static ConfigurableApplicationContext start(String database, String[] schema) throws Exception {
        String name = "foldhub_ingest_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Path dataDir = Files.createTempDirectory(name);
        schema[1] = dataDir.toString();
        Map<String, Object> properties = new LinkedHashMap<>();
        if (database.equals("postgres")) {
            PostgresTestDatabase.Connection c = PostgresTestDatabase.find()
                    .orElseThrow(() -> new IllegalStateException(PostgresTestDatabase.skipMessage()));
            try (var connection = DriverManager.getConnection(c.url(), c.user(), c.password())) {
                connection.createStatement().execute("CREATE SCHEMA " + name);
            }
            properties.put("spring.datasource.url", c.url() + (c.url().contains("?") ? "&" : "?") + "currentSchema=" + name);
            properties.put("spring.datasource.username", c.user());
            properties.put("spring.datasource.password", c.password());
            properties.put("spring.flyway.schemas", name);
            schema[0] = name;
        } else if (!database.equals("h2")) {
            throw new IllegalArgumentException("--db must be h2, postgres or both: " + database);
        }
        properties.put("foldhub.worker.embedded", "false");
        properties.put("foldhub.data-dir", dataDir.toString());
        properties.put("server.port", "0");
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(FoldhubApplication.class).logStartupInfo(false).run(args);
    }

    private static void dropSchema(String name) throws Exception {
        PostgresTestDatabase.Connection c = PostgresTestDatabase.find().orElseThrow();
        try (var connection = DriverManager.getConnection(c.url(), c.user(), c.password())) {
            connection.createStatement().execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        }
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value: " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }
}
