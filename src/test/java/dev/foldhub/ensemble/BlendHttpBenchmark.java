package dev.foldhub.ensemble;

import dev.foldhub.experiment.ImportBenchmark;
import dev.foldhub.experiment.SyntheticLevel1Files;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The production path of a blend at full scale, timed through HTTP: starts the server jar in its own JVM (H2, the given
 * heap), imports synthetic reference-layout level1 files ({@link SyntheticLevel1Files}, written once into the work
 * directory), runs the BLEND job twice (the second finds the evaluator cached) and prints import s, the job's load,
 * search, nested-CV and tuning seconds, POST-to-SUCCEEDED wall time and the server's peak heap (jvm.memory.used of
 * the heap, sampled every 100 ms through Actuator).
 *
 * <p>Usage: {@code BlendHttpBenchmark [--jar target/foldhub.jar] [--heap 2g] [--dir /tmp/foldhub-blend-benchmark]
 * [--rows 109237] [--classes 1103] [--models 7] [--fold-threshold 0.2] [--method auto] [--cached-rounds 1]
 * [--reordered-rounds 0] [--server-options "-XX:StartFlightRecording=..."]}: {@code --cached-rounds} runs the cached
 * job that many times (noisy machines), {@code --reordered-rounds} then that many jobs whose evaluator is built again in
 * the warm server (the members' list rotated by 1, 2, ... places: each order is a cache key of its own, at most 6), {@code --server-options} are extra JVM options of the server, split at spaces. The synthetic models are
 * calibrated at 0.2 (where they start predicting); a lower fold threshold is the same probabilities with every fold
 * threshold lowered, the case that made every position a candidate before margin 0.
 */
public final class BlendHttpBenchmark {

    private static final Pattern NUMBER = Pattern.compile("\"%s\"\\s*:\\s*(-?[0-9.eE+-]+|null)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String token;

    private BlendHttpBenchmark(String base, String token) {
        this.base = base;
        this.token = token;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Path jar = Path.of(options.getOrDefault("jar", "target/foldhub.jar")).toAbsolutePath();
        String heap = options.getOrDefault("heap", "2g");
        Path dir = Path.of(options.getOrDefault("dir", "/tmp/foldhub-blend-benchmark")).toAbsolutePath().normalize();
        double foldThreshold = Double.parseDouble(options.getOrDefault("fold-threshold", "0.2"));
        SyntheticLevel1Files.Spec spec = new SyntheticLevel1Files.Spec(
                Integer.parseInt(options.getOrDefault("rows", "109237")),
                Integer.parseInt(options.getOrDefault("classes", "1103")),
                Integer.parseInt(options.getOrDefault("models", "7")), foldThreshold, 5, 16, 1);
        String method = options.getOrDefault("method", "auto");
        Path files = dir.resolve(String.format(Locale.ROOT, "%dx%dx%d-t%s", spec.rows(), spec.classes(), spec.models(),
                spec.foldThreshold()));
        long start = System.nanoTime();
        List<SyntheticLevel1Files.ModelFiles> models = SyntheticLevel1Files.ensure(files, spec);
        print("files: %s in %s (%.1f s)", spec.describe(), files, seconds(start));

        Path data = Files.createTempDirectory(dir, "server-");
        String token = "fh_benchmark_" + UUID.randomUUID().toString().replace("-", "");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of("java", "-Xmx" + heap));
        String serverOptions = options.getOrDefault("server-options", "").strip();
        if (!serverOptions.isEmpty()) {
            command.addAll(List.of(serverOptions.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port, "--foldhub.data-dir=" + data,
                "--foldhub.datasets.roots=" + dir));
        int cachedRounds = Integer.parseInt(options.getOrDefault("cached-rounds", "1"));
        int reorderedRounds = Integer.parseInt(options.getOrDefault("reordered-rounds", "0"));
        ProcessBuilder server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(data.resolve("server.log").toFile());
        server.environment().put("FOLDHUB_ADMIN_TOKEN", token);
        server.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        Process process = server.start();
        try {
            BlendHttpBenchmark benchmark = new BlendHttpBenchmark("http://127.0.0.1:" + port, token);
            benchmark.awaitHealthy(process, Duration.ofMinutes(3));
            print("server: -Xmx%s, H2 in %s (log: server.log there)", heap, data);
            benchmark.run(files, models, method, cachedRounds, reorderedRounds);
        } finally {
            process.destroy();
            process.waitFor();
            Files.copy(data.resolve("server.log"), dir.resolve("last-server.log"), StandardCopyOption.REPLACE_EXISTING);
            deleteRecursively(data); // the server's H2 database holds a copy of every import
        }
    }

    private void run(Path files, List<SyntheticLevel1Files.ModelFiles> models, String method, int cachedRounds,
                     int reorderedRounds) throws Exception {
        HeapSampler heap = new HeapSampler();
        Thread sampler = new Thread(heap, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        long start = System.nanoTime();
        ImportBenchmark.Imported imported = new ImportBenchmark(base, token).importModels(files, models);
        double importSeconds = seconds(start);
        long importPeak = heap.takePeak();
        print("import: %d models in %.1f s, peak heap %d MB", models.size(), importSeconds, importPeak >> 20);
        List<String> rows = new ArrayList<>();
        rows.add(row("import", importSeconds, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, importPeak));
        List<String> rounds = new ArrayList<>(List.of("blend (cold)"));
        for (int i = 0; i < cachedRounds; i++) {
            rounds.add("blend (cached evaluator)");
        }
        for (int i = 0; i < reorderedRounds; i++) {
            rounds.add("blend (members rotated by " + (i + 1) + ", not cached)");
        }
        for (String round : rounds) {
            List<Long> experiments = new ArrayList<>(imported.experimentIds());
            Matcher rotated = Pattern.compile("rotated by (\\d+)").matcher(round);
            if (rotated.find()) {
                // another cache key: the evaluator is built again, in a warm JVM
                Collections.rotate(experiments, Integer.parseInt(rotated.group(1)));
            }
            String body = "{\"name\": \"" + round.replaceAll("[^a-z]", "") + "-" + UUID.randomUUID().toString().substring(0, 6)
                    + "\", \"dataset\": " + imported.datasetId() + ", \"experiments\": " + experiments
                    + ", \"method\": \"" + method + "\"}";
            long t0 = System.nanoTime();
            String created = send(HttpRequest.newBuilder(URI.create(base + "/api/ensembles"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)), 201);
            String id = field(created, "id");
            String view = created;
            while (!view.contains("\"status\":\"SUCCEEDED\"") && !view.contains("\"status\":\"FAILED\"")) {
                Thread.sleep(100);
                view = send(HttpRequest.newBuilder(URI.create(base + "/api/ensembles/" + id)).GET(), 200);
            }
            double wall = seconds(t0);
            long peak = heap.takePeak();
            if (view.contains("\"status\":\"FAILED\"")) {
                throw new IllegalStateException("the BLEND job failed: " + view);
            }
            print("%s: POST to SUCCEEDED %.1f s; seconds %s (load %s, search %s, nested CV %s, tuning %s); OOF F2 %s,"
                            + " nested CV %s, %s; peak heap %d MB", round, wall, field(view, "seconds"),
                    field(view, "loadSeconds"), field(view, "searchSeconds"), field(view, "nestedCvSeconds"),
                    field(view, "tuningSeconds"), field(view, "oofF2"), field(view, "nestedCvF2"),
                    textField(view, "chosenMethod"), peak >> 20);
            rows.add(row(round, wall, number(view, "seconds"), number(view, "loadSeconds"), number(view, "searchSeconds"),
                    number(view, "nestedCvSeconds"), number(view, "tuningSeconds"), peak));
        }
        print("");
        print("| step | wall s | job s | load s | search s | nested CV s | tuning s | peak heap MB |");
        print("|---|---|---|---|---|---|---|---|");
        rows.forEach(BlendHttpBenchmark::print);
    }

    private static String row(String step, double wall, double job, double load, double search, double nested,
                              double tuning, long peak) {
        return String.format(Locale.ROOT, "| %s | %.1f | %s | %s | %s | %s | %s | %d |", step, wall, cell(job), cell(load),
                cell(search), cell(nested), cell(tuning), peak >> 20);
    }

    private static String cell(double seconds) {
        return Double.isNaN(seconds) ? "" : String.format(Locale.ROOT, "%.2f", seconds);
    }

    /** Samples the server's used heap every 100 ms; takePeak returns the highest since the last call. */
    private final class HeapSampler implements Runnable {
        private final AtomicLong peak = new AtomicLong();

        @Override
        public void run() {
            while (true) {
                try {
                    String metric = send(HttpRequest.newBuilder(
                            URI.create(base + "/actuator/metrics/jvm.memory.used?tag=area:heap")).GET(), 200);
                    Matcher m = Pattern.compile("\"value\"\\s*:\\s*([0-9.eE+]+)").matcher(metric);
                    if (m.find()) {
                        long used = (long) Double.parseDouble(m.group(1));
                        peak.accumulateAndGet(used, Math::max);
                    }
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (IOException | RuntimeException e) {
                    // the server is busy or going away: try again
                }
            }
        }

        long takePeak() {
            return peak.getAndSet(0);
        }
    }

    private void awaitHealthy(Process process, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + "; see server.log");
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the server did not become healthy within " + timeout);
    }

    private String send(HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.header("Authorization", "Bearer " + token)
                .timeout(Duration.ofMinutes(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(request.build().uri() + ": HTTP " + response.statusCode() + " "
                    + response.body());
        }
        return response.body();
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile(String.format(NUMBER.pattern(), name)).matcher(json);
        return m.find() ? m.group(1) : "?";
    }

    private static double number(String json, String name) {
        String value = field(json, name);
        return value.equals("?") || value.equals("null") ? Double.NaN : Double.parseDouble(value);
    }

    private static String textField(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : "?";
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + String.join(" ", args));
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void print(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}
