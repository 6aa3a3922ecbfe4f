package dev.foldhub.training.optim;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * DJL's {@code Optimizer.updateCount}, restorable: each parameter counts its updates from {@code begin + 1}
 * and the returned t is the highest count so far (all parameters step together, so t = steps taken).
 */
final class UpdateCounts {

    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private volatile int begin;
    private volatile int numUpdate;

    synchronized int next(String parameterId) {
        int count = counts.compute(parameterId, (k, v) -> v == null ? begin + 1 : v + 1);
        numUpdate = Math.max(numUpdate, count);
        return numUpdate;
    }

    int numUpdate() {
        return numUpdate;
    }

    int of(String parameterId) {
        return counts.getOrDefault(parameterId, begin);
    }

    synchronized void restore(int updates, Map<String, ResumableOptimizer.State> states) {
        counts.clear();
        begin = updates;
        numUpdate = updates;
        states.forEach((id, s) -> counts.put(id, s.updates()));
    }
}
