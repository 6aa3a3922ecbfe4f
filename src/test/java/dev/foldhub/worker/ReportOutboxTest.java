package dev.foldhub.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A job's reports when the server is away or says no: 5xx retries are bounded in time and end when the job stops; a
 * refused report turns the job's completion into a failure with the server's message; a lost lease drops the rest.
 */
class ReportOutboxTest {

    private final List<String> sent = new CopyOnWriteArrayList<>();

    private ReportOutbox.Report ok(String what) {
        return () -> sent.add(what);
    }

    private static ReportOutbox.Report unavailable(AtomicInteger tries) {
        return () -> {
            tries.incrementAndGet();
            throw new ServerUnavailableException("POST /epochs answered 503", null);
        };
    }

    // guards item 4: a call the server keeps answering 5xx is retried with backoff for at most the retry limit
    @Test
    void aCallTheServerKeepsRefusingWith5xxEndsAfterTheRetryLimit() {
        Retries retries = new Retries(Duration.ofMillis(200), Duration.ofMillis(1500));
        AtomicInteger tries = new AtomicInteger();
        long start = System.nanoTime();

        assertThatThrownBy(() -> retries.call("task", () -> {
            unavailable(tries).send();
            return null;
        }, () -> null)).isInstanceOf(ServerUnavailableException.class).hasMessageContaining("retry-limit");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).isLessThan(3000);
        assertThat(tries.get()).as("retried with backoff 500, 200, 200... ms").isBetween(3, 10);
    }

    // guards item 4: once the job is cancelled (or the agent shuts down) its calls are not retried any more
    @Test
    void retriesEndOnceTheJobIsStopping() {
        Retries retries = new Retries(Duration.ofMillis(200), Duration.ofHours(1));
        AtomicInteger tries = new AtomicInteger();
        AtomicReference<String> stopping = new AtomicReference<>();
        long start = System.nanoTime();

        assertThatThrownBy(() -> retries.call("checkpoint", () -> {
            if (tries.get() == 2) {
                stopping.set("CANCELLED");
            }
            unavailable(tries).send();
            return null;
        }, stopping::get)).isInstanceOf(CallAbandonedException.class).hasMessageContaining("CANCELLED");
        assertThat(tries.get()).isEqualTo(3);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    // guards item 4: reports the server cannot take within the retry limit are given up, and nothing after them
    // (the completion included) is sent: the job's lease expires on the server instead of the agent waiting for ever
    @Test
    void reportsStopAfterOneCouldNotBeDeliveredWithinTheRetryLimit() throws Exception {
        ReportOutbox outbox = new ReportOutbox(7, new Retries(Duration.ofMillis(100), Duration.ofSeconds(1)), () -> null);
        AtomicInteger tries = new AtomicInteger();

        outbox.submit("epoch 1", unavailable(tries));
        outbox.submit("epoch 2", ok("epoch 2"));
        outbox.submitOutcome("completion", ok("completion"), why -> ok("failure"));

        assertThat(outbox.close(Duration.ofSeconds(10))).as("the outbox ends on its own").isTrue();
        assertThat(sent).isEmpty();
        assertThat(outbox.undeliverable()).contains("epoch 1").contains("503");
        assertThat(tries.get()).isGreaterThan(1);
    }

    // guards item 4: a cancelled job's reports are tried once each, not retried, and its cancellation still goes out
    @Test
    void aStoppingJobsReportsAreTriedOnceAndItsCancellationIsStillSent() throws Exception {
        ReportOutbox outbox = new ReportOutbox(8, new Retries(Duration.ofMillis(100), Duration.ofHours(1)),
                () -> "CANCELLED");
        AtomicInteger tries = new AtomicInteger();

        outbox.submit("epoch 3", unavailable(tries));
        outbox.submitOutcome("cancellation", ok("cancellation"), null);

        assertThat(outbox.close(Duration.ofSeconds(10))).isTrue();
        assertThat(tries.get()).isEqualTo(1);
        assertThat(sent).containsExactly("cancellation");
    }

    // guards item 5: a refused report drops the reports after it and makes the completion a failure that carries
    // the server's message (before: dropped, and the completion sent as if nothing happened)
    @Test
    void aRefusedReportTurnsTheCompletionIntoAFailureWithTheServersMessage() throws Exception {
        ReportOutbox outbox = new ReportOutbox(9, new Retries(Duration.ofMillis(100), Duration.ofMinutes(1)), () -> null);
        AtomicReference<String> failure = new AtomicReference<>();

        outbox.submit("OOF predictions", () -> {
            throw new RequestRejectedException("PUT /oof refused (400): oof: rows do not match");
        });
        outbox.submit("checkpoint", ok("checkpoint"));
        outbox.submitOutcome("completion", ok("completion"), why -> () -> failure.set(why));

        assertThat(outbox.close(Duration.ofSeconds(10))).isTrue();
        assertThat(sent).isEmpty();
        assertThat(failure.get()).isEqualTo("the server refused OOF predictions: PUT /oof refused (400): oof: rows do not match");
        assertThat(outbox.refusal()).isEqualTo(failure.get());
    }

    // guards item 5: a completion the server refuses (no stored result) is followed by a failure with its message
    @Test
    void aRefusedCompletionIsFollowedByAFailureWithTheServersMessage() throws Exception {
        ReportOutbox outbox = new ReportOutbox(10, new Retries(Duration.ofMillis(100), Duration.ofMinutes(1)), () -> null);
        AtomicReference<String> failure = new AtomicReference<>();

        outbox.submitOutcome("completion", () -> {
            throw new RequestRejectedException("POST /complete refused (409): fold 0 has no stored result");
        }, why -> () -> failure.set(why));

        assertThat(outbox.close(Duration.ofSeconds(10))).isTrue();
        assertThat(failure.get()).contains("refused completion").contains("has no stored result");
    }

    // guards item 4: only the lease-lost problem means "lease lost": the reports after it are dropped, no failure sent
    @Test
    void aLostLeaseDropsEveryLaterReportWithoutAFailure() throws Exception {
        ReportOutbox outbox = new ReportOutbox(11, new Retries(Duration.ofMillis(100), Duration.ofMinutes(1)), () -> null);

        outbox.submit("epoch 4", () -> {
            throw new LeaseLostException("409 the lease of job 11 is lost");
        });
        outbox.submit("epoch 5", ok("epoch 5"));
        outbox.submitOutcome("completion", ok("completion"), why -> ok("failure"));

        assertThat(outbox.close(Duration.ofSeconds(10))).isTrue();
        assertThat(sent).isEmpty();
        assertThat(outbox.leaseLost()).isTrue();
    }
}
