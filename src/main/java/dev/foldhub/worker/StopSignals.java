package dev.foldhub.worker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** Per running job, why it must stop (if it must), for its retries: they end then. */
final class StopSignals {

    private final Map<Long, StopSignal> signals = new ConcurrentHashMap<>();

    void watch(LeasedJob job, StopSignal stop) {
        signals.put(job.id(), stop);
    }

    /** Why the job must stop, for its retries: "CANCELLED", "SHUTDOWN", "LEASE_LOST", or null while it runs. */
    Supplier<String> stopping(LeasedJob job) {
        return () -> {
            StopSignal stop = signals.get(job.id());
            StopSignal.Reason why = stop == null ? null : stop.reason();
            return why == null ? null : why.name();
        };
    }

    void forget(LeasedJob job) {
        signals.remove(job.id());
    }
}
