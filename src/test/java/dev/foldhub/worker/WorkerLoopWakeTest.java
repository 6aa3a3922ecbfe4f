package dev.foldhub.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.queue.DeviceSlot;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** An idle worker slot waits its poll interval between leases, and no longer once it is woken or stopped. */
class WorkerLoopWakeTest {

    private static final long MINUTE = 60_000;

    @Test
    void aWokenSlotAsksForAJobAtOnceInsteadOfAfterItsPollInterval() throws Exception {
        BlockingQueue<Long> leases = new LinkedBlockingQueue<>();
        WorkerLoop loop = loop(leases);
        loop.start();
        try {
            assertThat(leases.poll(10, TimeUnit.SECONDS)).as("the first lease").isNotNull();
            assertThat(leases.poll(300, TimeUnit.MILLISECONDS)).as("no second lease before the minute's poll").isNull();
            loop.wake();
            // without the wake-up the next lease comes a minute later
            assertThat(leases.poll(20, TimeUnit.SECONDS)).as("the lease after wake()").isNotNull();
        } finally {
            loop.stop(Duration.ofSeconds(20));
        }
    }

    @Test
    void stoppingEndsAnIdleSlotAtOnce() throws Exception {
        BlockingQueue<Long> leases = new LinkedBlockingQueue<>();
        WorkerLoop loop = loop(leases);
        loop.start();
        assertThat(leases.poll(10, TimeUnit.SECONDS)).isNotNull();
        long start = System.nanoTime();
        loop.stop(Duration.ofSeconds(30));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("stop waited for the slot thread")
                .isLessThan(Duration.ofSeconds(20));
        assertThat(leases).as("no lease after the stop").isEmpty();
    }

    /** A loop over a gateway that never has a job and records when it was asked, polling once a minute. */
    private static WorkerLoop loop(BlockingQueue<Long> leases) {
        WorkerGateway gateway = (WorkerGateway) Proxy.newProxyInstance(WorkerGateway.class.getClassLoader(),
                new Class<?>[] {WorkerGateway.class}, (proxy, method, args) -> {
                    if (method.getName().equals("lease")) {
                        leases.add(System.nanoTime());
                        return Optional.empty();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new WorkerLoop(gateway, new Registered("idle-worker", MINUTE, MINUTE), List.of(DeviceSlot.cpu(0)), Map.of(),
                Duration.ZERO, new JobLogContext(id -> "experiment " + id));
    }
}
