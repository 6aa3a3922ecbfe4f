package dev.foldhub.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.training.tracker.ParameterTracker;

/**
 * torch.optim.SGD with nesterov=True and dampening 0, which the reference's sgd uses by default: per parameter
 * g = grad + wd p; v = mu v + g (v starts at 0); p -= lr (g + mu v).
 * why: DJL 0.36's Nag optimizer is not implemented by the PyTorch engine (nagUpdate throws).
 */
public final class NesterovSgd extends MomentumOptimizer {

    public NesterovSgd(ParameterTracker learningRate, float momentum, float weightDecay) {
        super(learningRate, momentum, weightDecay);
        if (!(momentum > 0 && momentum < 1)) {
            throw new IllegalArgumentException("Nesterov momentum needs a momentum in (0, 1), got " + momentum);
        }
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        float lr = nextLr(parameterId);
        NDArray velocity = velocity(parameterId, weight);
        try (NDArray g = gradient(weight, grad)) {
            velocity.muli(momentum).addi(g); // v = mu v + g
            try (NDArray step = velocity.mul(momentum)) {
                step.addi(g).muli(lr);
                weight.subi(step); // p -= lr (g + mu v)
            }
        }
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
}
