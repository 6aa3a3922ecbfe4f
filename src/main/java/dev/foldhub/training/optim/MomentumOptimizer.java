package dev.foldhub.training.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A momentum optimizer (SGD, Nesterov SGD) with its resumable state: one momentum buffer per parameter and device,
 * and the update counts; read out and put back as {@link ResumableOptimizer.State}s with the buffer as the only
 * array. Subclasses write the update rule.
 */
abstract class MomentumOptimizer extends Optimizer implements ResumableOptimizer {

    protected final float momentum;
    private final ParameterTracker learningRate;
    private final Map<String, Map<Device, NDArray>> buffers = new ConcurrentHashMap<>();
    private final UpdateCounts counts = new UpdateCounts();

    MomentumOptimizer(ParameterTracker learningRate, float momentum, float weightDecay) {
        super(new ResumableAdam.SettingsBuilder().optWeightDecays(weightDecay));
        this.learningRate = learningRate;
        this.momentum = momentum;
    }

    /** Counts this update of the parameter and returns the lr it takes. */
    protected final float nextLr(String parameterId) {
        return learningRate.getNewValue(parameterId, updateCount(parameterId));
    }

    /** The parameter's momentum buffer on the weight's device, zeros at first. */
    protected final NDArray velocity(String parameterId, NDArray weight) {
        return withDefaultState(buffers, parameterId, weight.getDevice(), k -> weight.zerosLike());
    }

    @Override
    protected final int updateCount(String parameterId) {
        return counts.next(parameterId);
    }

    @Override
    public final int updates() {
        return counts.numUpdate();
    }

    @Override
    public final Map<String, State> states() {
        Map<String, State> states = new HashMap<>();
        buffers.forEach((id, byDevice) -> states.put(id, new State(counts.of(id),
                new NDArray[] {ResumableAdam.first(byDevice)})));
        return states;
    }

    @Override
    public final void restore(int updates, Map<String, State> states) {
        counts.restore(updates, states);
        buffers.clear();
        states.forEach((id, s) -> buffers.put(id, ResumableAdam.onDevice(s.arrays()[0])));
    }
}
