package dev.foldhub.worker;

import dev.foldhub.queue.JobKind;
import dev.foldhub.queue.JobQueue;
import dev.foldhub.testsupport.PostgresSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Lease throughput and latency of the HTTP worker API on PostgreSQL: N simulated agents (register, then lease,
 * heartbeat and complete with a 2 ms "job", no training) for N = 1, 10, 100. Goal: p99 lease under 50 ms at 100.
 * A benchmark, not a test: FOLDHUB_TEST_POSTGRES_URL=... ./mvnw -B test -Dtest=LeaseBenchmark -Dfoldhub.benchmark=true
 * (-Dfoldhub.benchmark.agents=1,10,100 -Dfoldhub.benchmark.jobs=2000 change the rounds).
 */
@EnabledIfSystemProperty(named = "foldhub.benchmark", matches = "true")
@EnabledIf("dev.foldhub.testsupport.PostgresSchema#available")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "foldhub.worker.embedded=false",
        "server.tomcat.threads.max=200",
        "logging.level.dev.foldhub=WARN"})
class LeaseBenchmark {

    private static final PostgresSchema SCHEMA = PostgresSchema.fresh();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SCHEMA.register(registry);
    }

    @AfterAll
    static void dropSchema() {
        SCHEMA.drop();
    }

    @LocalServerPort
    int port;

    @Autowired
    JobQueue queue;

    @Autowired
    JdbcClient jdbc;

    @Test
    void leasesPerSecondAndLatencyForOneTenAndAHundredAgents() throws Exception {
        int[] rounds = Arrays.stream(System.getProperty("foldhub.benchmark.agents", "1,10,100").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        int jobs = Integer.getInteger("foldhub.benchmark.jobs", 2000);
        System.out.println("agents | jobs | leases/s | lease p50 ms | lease p99 ms | max ms");
        for (int agents : rounds) {
            for (int i = 0; i < jobs; i++) {
                queue.enqueue(JobKind.TRAIN_FOLD, i % 400, i % 5, i % 3);
            }
            jdbc.sql("VACUUM ANALYZE jobs").update();
            ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
            ExecutorService pool = Executors.newFixedThreadPool(agents);
            List<SimulatedAgent> fleet = new ArrayList<>();
            for (int a = 0; a < agents; a++) {
                SimulatedAgent agent = new SimulatedAgent(port, "bench-" + agents + "-" + a);
                agent.register();
                fleet.add(agent);
            }
            long start = System.nanoTime();
            List<Future<List<Long>>> runs = new ArrayList<>();
            for (SimulatedAgent agent : fleet) {
                runs.add(pool.submit(() -> agent.runUntilEmpty(2, latencies::add)));
            }
            int ran = 0;
            for (Future<List<Long>> run : runs) {
                ran += run.get(10, TimeUnit.MINUTES).size();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "%6d | %4d | %8.0f | %12.1f | %12.1f | %6.1f%n", agents, ran, ran / seconds,
                    percentile(sorted, 0.50), percentile(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
        }
    }

    /** The q-quantile in milliseconds (nearest rank). */
    private static double percentile(long[] sortedNanos, double q) {
        int rank = (int) Math.ceil(q * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, rank)] / 1e6;
    }
}
