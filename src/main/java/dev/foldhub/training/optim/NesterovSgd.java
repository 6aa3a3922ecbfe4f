package dev.foldhub.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import java.util.Map;

/**
 * torch.optim.SGD with nesterov=True and dampening 0, which the reference's sgd uses by default: per parameter
 * g = grad + wd p; v = mu v + g (v starts at 0); p -= lr (g + mu v).
 * why: DJL 0.36's Nag optimizer is not implemented by the PyTorch engine (nagUpdate throws).
 */
public final class NesterovSgd extends Optimizer implements ResumableOptimizer {

    private final ParameterTracker learningRate;
    private final float momentum;
    private final MomentumBuffers buffers = new MomentumBuffers();

    public NesterovSgd(ParameterTracker learningRate, float momentum, float weightDecay) {
        super(new Builder().optWeightDecays(weightDecay));
        if (!(momentum > 0 && momentum < 1)) {
            throw new IllegalArgumentException("Nesterov momentum needs a momentum in (0, 1), got " + momentum);
        }
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
        NDArray velocity = withDefaultState(buffers.byParameter(), parameterId, weight.getDevice(), k -> weight.zerosLike());
        try (NDArray g = gradient(weight, grad)) {
            velocity.muli(momentum).addi(g); // v = mu v + g
            try (NDArray step = velocity.mul(momentum)) {
                step.addi(g).muli(lr);
                weight.subi(step); // p -= lr (g + mu v)
            }
        }
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

    /** grad * rescale, clipped when clipGrad > 0, plus wd * p. */
    private NDArray gradient(NDArray weight, NDArray grad) {
        NDArray g = grad.mul(rescaleGrad);
        if (clipGrad > 0) {
            NDArray clipped = g.clip(-clipGrad, clipGrad);
            g.close();
            g = clipped;
        }
        float weightDecay = getWeightDecay();
        if (weightDecay != 0) {
            try (NDArray decay = weight.mul(weightDecay)) {
                g.addi(decay);
            }
        }
        return g;
    }

    private static final class Builder extends OptimizerBuilder<Builder> {

        @Override
        protected Builder self() {
            return this;
        }
    }
}
