package dev.foldhub.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foldhub.queue.JobKind;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A remote agent's calls while the server is away (nothing listens on its port): bounded, and ended by a stop. */
class HttpWorkerGatewayRetryTest {

    @TempDir
    Path work;

    private final LeasedJob job = new LeasedJob(1, "box", JobKind.TRAIN_FOLD, 1, 0, 1, 1);

    // guards item 4: the task call is retried with backoff for at most foldhub.agent.retry-limit, then the job fails
    @Test
    void aCallToAServerThatStaysAwayEndsAfterTheRetryLimit() throws IOException {
        HttpWorkerGateway gateway = new HttpWorkerGateway("http://127.0.0.1:" + closedPort(), "t", work,
                Duration.ofMillis(200), Duration.ofMillis(1500));
        gateway.watch(job, new StopSignal());
        long start = System.nanoTime();

        assertThatThrownBy(() -> gateway.trainTask(job)).isInstanceOf(ServerUnavailableException.class)
                .hasMessageContaining("retry-limit");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    // guards item 4: a shutdown (or cancel) ends the retries of the job's calls at once, whatever the retry limit
    @Test
    void aShutdownEndsTheRetriesOfAJobsCalls() throws IOException {
        HttpWorkerGateway gateway = new HttpWorkerGateway("http://127.0.0.1:" + closedPort(), "t", work,
                Duration.ofMillis(200), Duration.ofHours(1));
        StopSignal stop = new StopSignal();
        gateway.watch(job, stop);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        timer.schedule(() -> stop.shutdown(Duration.ofMinutes(2)), 1, TimeUnit.SECONDS);
        long start = System.nanoTime();
        try {
            assertThatThrownBy(() -> gateway.fetchResume(job, work.resolve("resume.ckpt")))
                    .isInstanceOf(CallAbandonedException.class).hasMessageContaining("SHUTDOWN");
        } finally {
            timer.shutdownNow();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    /** A port nothing listens on: connections are refused, as when the server is down. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
