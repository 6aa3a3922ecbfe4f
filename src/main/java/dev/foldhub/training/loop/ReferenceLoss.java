package dev.foldhub.training.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.training.loss.Loss;
import java.util.List;

/**
 * The reference's losses (losses.py), all taking logits and multi-hot (or mixed-up) targets:
 * binary_cross_entropy (BCEWithLogitsLoss, mean over elements), focal_loss (FocalLoss with its fixed gamma 2,
 * summed over classes and averaged over the batch), f2_loss (1 - the batch's mean soft F2), mixed_bce_focal
 * and mixed_bce_f2 (bce + weight * the other) and forgiving_loss (bce(x, y) + weight * bce(x * y, y)).
 */
public final class ReferenceLoss extends Loss {

    public static final List<String> NAMES = List.of("binary_cross_entropy", "focal_loss", "f2_loss",
            "mixed_bce_focal", "mixed_bce_f2", "forgiving_loss");

    private static final float FOCAL_GAMMA = 2f; // losses.focal_loss() always builds FocalLoss() with its default
    private static final float SMALL = 1e-6f; // FScoreLoss.small_value
    private static final float BETA = 2;

    private final String kind;
    private final float weight; // why: mul(double) would promote the loss to float64

    /** @param weight the second term's weight of the mixed and forgiving losses, unused by the others */
    ReferenceLoss(String kind, double weight) {
        super(kind);
        if (!NAMES.contains(kind)) {
            throw new IllegalArgumentException("unsupported loss '" + kind + "': use one of " + NAMES);
        }
        this.kind = kind;
        this.weight = (float) weight;
    }

    /** The reference's default weight of a loss (mixed_*: 0.3, forgiving_loss: 1.0, others unused). */
    public static double defaultWeight(String kind) {
        return "forgiving_loss".equals(kind) ? 1.0 : kind.startsWith("mixed_") ? 0.3 : 0.0;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray y = labels.singletonOrThrow();
        NDArray x = predictions.singletonOrThrow();
        return switch (kind) {
            case "binary_cross_entropy" -> bce(x, y);
            case "focal_loss" -> focal(x, y);
            case "f2_loss" -> f2(x, y);
            case "mixed_bce_focal" -> bce(x, y).add(focal(x, y).mul(weight));
            case "mixed_bce_f2" -> bce(x, y).add(f2(x, y).mul(weight));
            default -> bce(x, y).add(bce(x.mul(y), y).mul(weight)); // forgiving_loss
        };
    }

    /** Mean over all elements of max(x, 0) - x y + log(1 + exp(-|x|)), the stable BCE on logits. */
    static NDArray bce(NDArray x, NDArray y) {
        return elementwiseBce(x, y).mean();
    }

    /** Per sample: sum over classes of bce(x, y) * sigmoid(-x (2y - 1))^gamma; then the batch mean. */
    static NDArray focal(NDArray x, NDArray y) {
        NDArray sign = y.mul(2).sub(1);
        NDArray modulation = Activation.sigmoid(x.neg().mul(sign)).pow(FOCAL_GAMMA); // exp(gamma * logsigmoid(.))
        return elementwiseBce(x, y).mul(modulation).sum(new int[] {1}).mean();
    }

    /** 1 - mean over samples of (1 + b^2) P R / (b^2 P + R + eps), P = tp / (sum p + eps), R = tp / (sum y + eps). */
    static NDArray f2(NDArray x, NDArray y) {
        NDArray p = Activation.sigmoid(x);
        NDArray tp = y.mul(p).sum(new int[] {1});
        NDArray precision = tp.div(p.sum(new int[] {1}).add(SMALL));
        NDArray recall = tp.div(y.sum(new int[] {1}).add(SMALL));
        NDArray fs = precision.mul(recall).mul(1 + BETA * BETA)
                .div(precision.mul(BETA * BETA).add(recall).add(SMALL));
        return fs.mean().neg().add(1);
    }

    private static NDArray elementwiseBce(NDArray x, NDArray y) {
        return x.maximum(0f).sub(x.mul(y)).add(x.abs().neg().exp().add(1).log());
    }
}
