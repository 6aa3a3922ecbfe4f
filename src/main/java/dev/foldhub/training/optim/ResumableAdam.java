package dev.foldhub.training.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * DJL's {@code Adam} (same native update, same arguments, same update counting) with its state exposed:
 * m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g^2, w -= lr sqrt(1 - b2^t) / (1 - b1^t) m / (sqrt(v) + eps),
 * g including weight_decay w (L2, not AdamW).
 */
public final class ResumableAdam extends Optimizer implements ResumableOptimizer {

    private static final float BETA1 = 0.9f; // DJL's (and PyTorch's) defaults
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final ParameterTracker learningRate;
    private final Map<String, Map<Device, NDArray>> means = new ConcurrentHashMap<>();
    private final Map<String, Map<Device, NDArray>> variances = new ConcurrentHashMap<>();
    private final UpdateCounts counts = new UpdateCounts();

    public ResumableAdam(ParameterTracker learningRate, float weightDecay) {
        super(new SettingsBuilder().optWeightDecays(weightDecay));
        this.learningRate = learningRate;
    }

    @Override
    protected int updateCount(String parameterId) {
        return counts.next(parameterId);
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        int t = updateCount(parameterId);
        double coef1 = 1.0 - Math.pow(BETA1, t);
        double coef2 = 1.0 - Math.pow(BETA2, t);
        float lr = learningRate.getNewValue(parameterId, t);
        float lrBiasCorrection = (float) (lr * Math.sqrt(coef2) / coef1);
        NDList inputs = new NDList(weight, grad,
                withDefaultState(means, parameterId, weight.getDevice(), k -> weight.zerosLike()),
                withDefaultState(variances, parameterId, weight.getDevice(), k -> weight.zerosLike()));
        weight.getNDArrayInternal().adamUpdate(inputs, new NDList(weight), lr, lrBiasCorrection, getWeightDecay(),
                rescaleGrad, clipGrad, BETA1, BETA2, EPSILON, true, false);
    }

    @Override
    public int updates() {
        return counts.numUpdate();
    }

    @Override
    public Map<String, State> states() {
        Map<String, State> states = new HashMap<>();
        means.forEach((id, byDevice) -> states.put(id, new State(counts.of(id),
                new NDArray[] {first(byDevice), first(variances.get(id))})));
        return states;
    }

    @Override
    public void restore(int updates, Map<String, State> states) {
        counts.restore(updates, states);
        means.clear();
        variances.clear();
        states.forEach((id, s) -> {
            means.put(id, onDevice(s.arrays()[0]));
            variances.put(id, onDevice(s.arrays()[1]));
        });
    }

    static NDArray first(Map<Device, NDArray> byDevice) {
        return byDevice.values().iterator().next();
    }

    static Map<Device, NDArray> onDevice(NDArray array) {
        Map<Device, NDArray> map = new ConcurrentHashMap<>();
        map.put(array.getDevice(), array);
        return map;
    }

    /** Only the base class's settings (weight decay); the rest is this class's own. */
    static final class SettingsBuilder extends OptimizerBuilder<SettingsBuilder> {

        @Override
        protected SettingsBuilder self() {
            return this;
        }
    }
}
