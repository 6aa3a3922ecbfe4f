package dev.foldhub.training.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The resumable state of a momentum optimizer (SGD, Nesterov SGD): one buffer per parameter and device, and the
 * update counts; read out and put back as {@link ResumableOptimizer.State}s with the buffer as the only array.
 */
final class MomentumBuffers {

    private final Map<String, Map<Device, NDArray>> buffers = new ConcurrentHashMap<>();
    private final UpdateCounts counts = new UpdateCounts();

    /** The buffers by parameter id and device, for Optimizer.withDefaultState. */
    Map<String, Map<Device, NDArray>> byParameter() {
        return buffers;
    }

    int nextUpdate(String parameterId) {
        return counts.next(parameterId);
    }

    int updates() {
        return counts.numUpdate();
    }

    Map<String, ResumableOptimizer.State> states() {
        Map<String, ResumableOptimizer.State> states = new HashMap<>();
        buffers.forEach((id, byDevice) -> states.put(id, new ResumableOptimizer.State(counts.of(id),
                new NDArray[] {ResumableAdam.first(byDevice)})));
        return states;
    }

    void restore(int updates, Map<String, ResumableOptimizer.State> states) {
        counts.restore(updates, states);
        buffers.clear();
        states.forEach((id, s) -> buffers.put(id, ResumableAdam.onDevice(s.arrays()[0])));
    }
}
