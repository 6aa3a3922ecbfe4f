package dev.foldhub.worker;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How an agent retries a call while the server is away (unreachable, 5xx, 429): exponential backoff from 500 ms up to
 * {@code maxBackoff}, for at most {@code limit}, and no longer once the job it serves is stopping. A refusal (any
 * other 4xx) or a lost lease is never retried.
 */
final class Retries {

    private static final Logger log = LoggerFactory.getLogger(Retries.class);
    private static final long FIRST_BACKOFF_MS = 500;
    /** How often a wait between retries looks whether the job is stopping. */
    private static final long STOP_CHECK_MS = 200;

    private final Duration maxBackoff;
    private final Duration limit;

    Retries(Duration maxBackoff, Duration limit) {
        this.maxBackoff = maxBackoff;
        this.limit = limit;
    }

    /**
     * The call's result once the server answers. Throws {@link ServerUnavailableException} when it was still away
     * after {@code limit}, {@link CallAbandonedException} once {@code stopping} names a reason (checked after a failed
     * try, so every call is tried at least once), and whatever the call throws other than ServerUnavailableException.
     */
    <T> T call(String what, Supplier<T> call, Supplier<String> stopping) {
        long start = System.nanoTime();
        long backoff = FIRST_BACKOFF_MS;
        for (int attempt = 1; ; attempt++) {
            try {
                T result = call.get();
                if (attempt > 1) {
                    log.info("{}: delivered after {} attempts", what, attempt);
                }
                return result;
            } catch (ServerUnavailableException e) {
                long waited = (System.nanoTime() - start) / 1_000_000;
                if (waited + backoff > limit.toMillis()) {
                    throw new ServerUnavailableException(what + ": the server was still unavailable after " + attempt
                            + " attempts in " + Duration.ofMillis(waited).toSeconds() + " s (foldhub.agent.retry-limit "
                            + limit + "): " + e.getMessage(), e);
                }
                log.warn("{}: {}; retrying in {} ms", what, e.getMessage(), backoff);
                sleep(what, backoff, stopping);
                backoff = Math.min(backoff * 2, Math.max(FIRST_BACKOFF_MS, maxBackoff.toMillis()));
            }
        }
    }

    private static void sleep(String what, long millis, Supplier<String> stopping) {
        long until = System.nanoTime() + millis * 1_000_000;
        while (true) {
            String why = stopping.get();
            if (why != null) {
                throw new CallAbandonedException(what + ": not retried, the job is stopping (" + why + ")");
            }
            long left = (until - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return;
            }
            try {
                Thread.sleep(Math.min(left, STOP_CHECK_MS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CallAbandonedException(what + ": not retried, interrupted");
            }
        }
    }
}
