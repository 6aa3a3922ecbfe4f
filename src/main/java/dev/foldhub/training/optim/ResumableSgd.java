package dev.foldhub.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import java.util.Map;

/**
 * DJL's {@code Sgd} (same native update and arguments) with its momentum buffers exposed:
 * g = grad + weight_decay w, buf = momentum buf + g, w -= lr buf (PyTorch's SGD; plain w -= lr g without momentum).
 */
public final class ResumableSgd extends Optimizer implements ResumableOptimizer {

    private final ParameterTracker learningRate;
    private final float momentum;
    private final MomentumBuffers buffers = new MomentumBuffers();

    public ResumableSgd(ParameterTracker learningRate, float momentum, float weightDecay) {
        super(new ResumableAdam.SettingsBuilder().optWeightDecays(weightDecay));
        this.learningRate = learningRate;
        this.momentum = momentum;
    }

    @Override
    protected int updateCount(String parameterId) {
        return buffers.nextUpdate(parameterId);
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        float lr = learningRate.getNewValue(parameterId, updateCount(parameterId));
        NDList inputs = momentum != 0f
                ? new NDList(weight, grad, withDefaultState(buffers.byParameter(), parameterId, weight.getDevice(),
                        k -> weight.zerosLike()))
                : new NDList(weight, grad);
        weight.getNDArrayInternal().sgdUpdate(inputs, new NDList(weight), lr, getWeightDecay(), rescaleGrad, clipGrad,
                momentum, true);
    }

    @Override
    public int updates() {
        return buffers.updates();
    }

    @Override
    public Map<String, State> states() {
        return buffers.states();
    }

    @Override
    public void restore(int updates, Map<String, State> states) {
        buffers.restore(updates, states);
    }
}
