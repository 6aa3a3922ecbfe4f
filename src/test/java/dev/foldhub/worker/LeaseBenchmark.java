package dev.foldhub.worker;

import dev.foldhub.security.ApiTokens;
import dev.foldhub.testsupport.PostgresSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Lease throughput and latency of the HTTP worker API on PostgreSQL, for N = 1, 10, 100 simulated agents (no
 * training) in two modes: "closed", each agent leases, heartbeats and completes with a 2 ms job and leases again at
 * once (the server's most leases/s), and "paced", each job takes 50-200 ms with a heartbeat every 100 ms, like a
 * fleet. Goal: lease p99 under 50 ms at 100 agents. The agents run in their own JVM ({@link LeaseLoad}), so the
 * table shows the CPU of the server, its PostgreSQL backends, the agents and the whole machine apart.
 * A benchmark, not a test: FOLDHUB_TEST_POSTGRES_URL=... ./mvnw -B -o test -Dtest=LeaseBenchmark -Dfoldhub.benchmark=true
 * (-Dfoldhub.benchmark.agents=1,10,100 -Dfoldhub.benchmark.seconds=10 -Dfoldhub.benchmark.modes=closed,paced
 * -Dfoldhub.benchmark.paced-ms=50-200 -Dfoldhub.benchmark.heartbeat-ms=100 -Dfoldhub.benchmark.warm-up=30
 * -Dfoldhub.benchmark.pool=10 -Dfoldhub.benchmark.token-cache-ttl=10s change the rounds and the server).
 */
@EnabledIfSystemProperty(named = "foldhub.benchmark", matches = "true")
@EnabledIf("dev.foldhub.testsupport.PostgresSchema#available")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "foldhub.worker.embedded=false",
        "foldhub.security.token-cache-ttl=${foldhub.benchmark.token-cache-ttl:10s}",
        "logging.level.dev.foldhub=WARN"})
class LeaseBenchmark {

    static final String APPLICATION_NAME = "foldhub-lease-benchmark";
    private static final PostgresSchema SCHEMA = PostgresSchema.fresh();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SCHEMA.register(registry);
        // the server's own pool size (HikariCP's default, 10), not the tests' 20; its backends are found by this name
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> System.getProperty("foldhub.benchmark.pool", "10"));
        registry.add("spring.datasource.hikari.data-source-properties.ApplicationName", () -> APPLICATION_NAME);
        String threads = System.getProperty("foldhub.benchmark.tomcat-threads"); // else the application's default
        if (threads != null) {
            registry.add("server.tomcat.threads.max", () -> threads);
        }
    }

    @AfterAll
    static void dropSchema() {
        SCHEMA.drop();
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class CountStatements {
        @Bean
        static BeanPostProcessor countingDataSource() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof DataSource ds && !(bean instanceof CountingDataSource) ? new CountingDataSource(ds) : bean;
                }
            };
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApiTokens tokens;
    @Autowired
    DataSource dataSource;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    void leasesPerSecondAndLatencyForOneTenAndAHundredAgentsClosedLoopAndPaced() throws Exception {
        int[] agents = Arrays.stream(System.getProperty("foldhub.benchmark.agents", "1,10,100").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        double seconds = Double.parseDouble(System.getProperty("foldhub.benchmark.seconds", "10"));
        List<String> modes = List.of(System.getProperty("foldhub.benchmark.modes", "closed,paced").split(","));
        String token = tokens.create("lease-benchmark", "worker", null, "benchmark").token();
        LeaseRounds rounds = new LeaseRounds(jdbc, (CountingDataSource) dataSource, meters,
                "http://localhost:" + port, token);
        // JIT and pool warm-up, not reported: C2 compiles for a long time, and its CPU would count as the server's
        rounds.run("closed", 10, Double.parseDouble(System.getProperty("foldhub.benchmark.warm-up", "30")), "warm-up");
        List<LeaseRounds.Round> results = new ArrayList<>();
        for (String mode : modes) {
            for (int n : agents) {
                results.add(rounds.run(mode.trim(), n, seconds, mode.trim() + n + "-"));
            }
        }
        System.out.printf(Locale.ROOT, "%nLease benchmark: %s, %d CPUs, pool %s, token cache %s, %.0f s a round, paced jobs "
                        + "%s ms with a heartbeat every %s ms%n", CpuTimes.loadAverage(), CpuTimes.CPUS,
                System.getProperty("foldhub.benchmark.pool", "10"), System.getProperty("foldhub.benchmark.token-cache-ttl", "10s"),
                seconds, System.getProperty("foldhub.benchmark.paced-ms", "50-200"),
                System.getProperty("foldhub.benchmark.heartbeat-ms", "100"));
        System.out.println("mode   | agents | leases/s | lease p50 ms | p99 ms | max ms | heartbeat p99 | complete p99"
                + " || server lease ms | lease SQL ms | pool wait ms | SQL/job | server CPU ms/req | request threads | CPU% server | PG | agents | machine | others");
        results.forEach(r -> System.out.println(r.row()));
    }
}
