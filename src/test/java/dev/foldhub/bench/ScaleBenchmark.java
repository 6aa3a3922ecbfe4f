package dev.foldhub.bench;

import dev.foldhub.testsupport.HttpTestClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Times the pages of issue 16 item 3 on a schema ScaleSeed filled: the application starts on it (embedded worker off)
 * and each page is requested over HTTP on localhost (5 warm-up requests, then N timed ones: p50 and p95 of the
 * round trip, which on localhost is the server's time). Prints a markdown table with the item's target per page.
 * Usage: bench/run dev.foldhub.bench.ScaleBenchmark --schema scale_... [--requests 20 --url jdbc:postgresql://...]
 */
public final class ScaleBenchmark {

    /** One page's timing: the last status it answered, p50 and p95 in ms, and the target in ms (0: none). */
    public record Timing(String page, String path, int status, double p50, double p95, int target) {
    }

    private ScaleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        int requests = 20;
        int at = rest.indexOf("--requests");
        if (at >= 0) {
            requests = Integer.parseInt(rest.get(at + 1));
            rest.subList(at, at + 2).clear();
        }
        ScaleSizes sizes = ScaleSizes.parse(rest.toArray(String[]::new));
        if (sizes.schema() == null) {
            throw new IllegalArgumentException("--schema is required (ScaleSeed prints it)");
        }
        System.out.println(table(measure(sizes, requests)));
    }

    /** Starts the application on the seeded schema and times every page {@code requests} times. */
    public static List<Timing> measure(ScaleSizes sizes, int requests) throws Exception {
        try (ConfigurableApplicationContext app = ScaleDatabase.start(sizes, sizes.schema())) {
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            List<Long> ids = jdbc.queryForList("SELECT id FROM experiments ORDER BY id", Long.class);
            long withRuns = jdbc.queryForList("SELECT foldhub_experiment_id FROM mlflow_runs ORDER BY run_id LIMIT 1", Long.class)
                    .stream().findFirst().orElse(ids.get(ids.size() / 2));
            String twenty = ids.stream().skip(ids.size() / 2).limit(20).map(String::valueOf).collect(Collectors.joining(","));
            HttpTestClient client = new HttpTestClient(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
            List<Timing> timings = new ArrayList<>();
            timings.add(time(client, "experiments, newest first", "/?sort=created&dir=desc", 300, requests));
            timings.add(time(client, "experiments by CV mean, page 30", "/?sort=cvMean&dir=desc&page=30", 300, requests));
            timings.add(time(client, "experiments by OOF F2, page 100", "/?sort=oofF2&dir=asc&page=100", 300, requests));
            timings.add(time(client, "experiments filtered by name", "/?q=exp-99&sort=name&dir=asc", 300, requests));
            timings.add(time(client, "experiments filtered by status", "/?status=SUCCEEDED&sort=status&dir=asc", 300, requests));
            timings.add(time(client, "one experiment (with MLflow runs)", "/experiments/" + withRuns, 200, requests));
            timings.add(time(client, "compare of 20", "/compare?ids=" + twenty, 500, requests));
            timings.add(time(client, "queue", "/queue", 200, requests));
            timings.add(time(client, "API experiments", "/api/experiments?limit=50", 0, requests));
            timings.add(time(client, "API jobs", "/api/jobs?limit=50", 0, requests));
            return timings;
        }
    }

    /** The timings as a markdown table. */
    public static String table(List<Timing> timings) {
        StringBuilder out = new StringBuilder("| page | request | p50 ms | p95 ms | target ms |\n|---|---|---:|---:|---:|\n");
        for (Timing t : timings) {
            out.append(String.format("| %s | `%s` | %.0f | %.0f | %s |%n", t.page(), t.path().length() > 60
                    ? t.path().substring(0, 57) + "..." : t.path(), t.p50(), t.p95(), t.target() == 0 ? "-" : "≤ " + t.target()));
        }
        return out.toString();
    }

    private static Timing time(HttpTestClient client, String page, String path, int target, int requests) throws Exception {
        int status = 0;
        for (int i = 0; i < 5; i++) { // warm-up (JIT, caches) before timing
            status = client.get(path).statusCode();
        }
        double[] ms = new double[requests];
        for (int i = 0; i < requests; i++) {
            long t0 = System.nanoTime();
            status = Math.max(status, client.get(path).statusCode()); // why max: a single non-200 must show
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return new Timing(page, path, status, ms[requests / 2], ms[Math.min(requests - 1, (int) Math.ceil(requests * 0.95) - 1)], target);
    }
}
