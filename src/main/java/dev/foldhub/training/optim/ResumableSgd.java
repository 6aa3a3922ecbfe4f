package dev.foldhub.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.tracker.ParameterTracker;

/**
 * DJL's {@code Sgd} (same native update and arguments) with its momentum buffers exposed:
 * g = grad + weight_decay w, buf = momentum buf + g, w -= lr buf (PyTorch's SGD; plain w -= lr g without momentum).
 */
public final class ResumableSgd extends MomentumOptimizer {

    public ResumableSgd(ParameterTracker learningRate, float momentum, float weightDecay) {
        super(learningRate, momentum, weightDecay);
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        float lr = nextLr(parameterId);
        NDList inputs = momentum != 0f
                ? new NDList(weight, grad, velocity(parameterId, weight))
                : new NDList(weight, grad);
        weight.getNDArrayInternal().sgdUpdate(inputs, new NDList(weight), lr, getWeightDecay(), rescaleGrad, clipGrad,
                momentum, true);
    }
}
