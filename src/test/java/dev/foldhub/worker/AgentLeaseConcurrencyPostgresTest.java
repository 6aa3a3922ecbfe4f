package dev.foldhub.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.queue.DeviceKind;
import dev.foldhub.queue.Job;
import dev.foldhub.queue.JobKind;
import dev.foldhub.queue.JobQueue;
import dev.foldhub.queue.JobRequirement;
import dev.foldhub.queue.JobState;
import dev.foldhub.testsupport.PostgresSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** 20 agents lease 500 jobs at once through the HTTP lease endpoint on PostgreSQL: each job runs exactly once. */
@EnabledIf("dev.foldhub.testsupport.PostgresSchema#available")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "foldhub.worker.embedded=false")
class AgentLeaseConcurrencyPostgresTest {

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

    @Test
    void twentyAgentsLeaseFiveHundredJobsAndEachRunsExactlyOnce() throws Exception {
        int jobs = 500;
        for (int i = 0; i < jobs; i++) {
            // a kind that completes without a stored result (a TRAIN_FOLD needs its OOF), leasable by remote agents
            queue.enqueue(JobKind.TEST_PREDICT, i, 0, i % 3, new JobRequirement(DeviceKind.ANY, 0));
        }
        Map<Long, String> ranBy = new ConcurrentHashMap<>();
        AtomicInteger duplicates = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<?>> agents = new ArrayList<>();
        for (int a = 0; a < 20; a++) {
            SimulatedAgent agent = new SimulatedAgent(port, "agent-" + a);
            String name = "agent-" + a;
            agents.add(pool.submit(() -> {
                agent.register();
                for (long id : agent.runUntilEmpty(0, nanos -> { })) {
                    if (ranBy.putIfAbsent(id, name) != null) {
                        duplicates.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> agent : agents) {
            agent.get(3, TimeUnit.MINUTES);
        }
        pool.shutdown();

        assertThat(duplicates.get()).isZero();
        assertThat(ranBy).hasSize(jobs);
        List<Job> done = queue.list(JobState.SUCCEEDED);
        assertThat(done).hasSize(jobs);
        for (Job job : done) {
            assertThat(job.attempts()).as("job %d leased once", job.id()).isEqualTo(1);
            assertThat(job.workerId()).isEqualTo(ranBy.get(job.id()));
        }
        assertThat(ranBy.values().stream().distinct().count()).as("the work spread over the agents").isGreaterThan(1);
    }
}
