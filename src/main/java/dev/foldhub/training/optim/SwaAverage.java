package dev.foldhub.training.optim;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stochastic weight averaging as the reference's pipeline.py did it (commit 54c8ecf, torchcontrib's SWA in manual
 * mode): after the training pass of 0-based epoch e with e > 0 and e % train.swa.period == 0, update_swa() folds the
 * trainable parameters into an equal-weight running mean; BatchNorm running statistics are not averaged but
 * recomputed for the averaged weights ({@link BatchNormRecompute}). The reference never swapped the average in
 * (swap_swa_sgd was not called); here it is validated after the last epoch and replaces the best epoch when its F2 is
 * higher, saved as epoch 99 as the reference's swa.py names averaged checkpoints.
 */
public final class SwaAverage {

    /** The epoch number an averaged model is recorded under (swa.py: {@code <name>_f<fold>_e99_<F2>.pth}). */
    public static final int EPOCH = 99;

    private final Map<String, float[]> averages = new LinkedHashMap<>();
    private int snapshots;

    /** Whether 1-based {@code epoch} ends with a snapshot: the reference's 0-based e = epoch - 1 > 0, e % period == 0. */
    public static boolean snapshotAfter(int epoch, int period) {
        int e = epoch - 1;
        return period > 0 && e > 0 && e % period == 0;
    }

    /** Folds the block's trainable parameters in as one more snapshot. */
    public void add(Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (!p.getValue().requiresGradient()) {
                continue; // BatchNorm running statistics: recomputed, not averaged (torchcontrib averages params only)
            }
            float[] weights = p.getValue().getArray().toFloatArray();
            float[] average = averages.get(p.getKey());
            if (average == null) {
                averages.put(p.getKey(), weights);
            } else {
                accumulate(average, weights, snapshots);
            }
        }
        snapshots++;
    }

    /** The mean of n snapshots and one more: average += (snapshot - average) / (n + 1). */
    static void accumulate(float[] average, float[] snapshot, int n) {
        float scale = 1f / (n + 1);
        for (int i = 0; i < average.length; i++) {
            average[i] += (snapshot[i] - average[i]) * scale;
        }
    }

    /** Overwrites the block's trainable parameters with the average. */
    public void applyTo(Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            float[] average = averages.get(p.getKey());
            if (average != null) {
                p.getValue().getArray().set(average);
            }
        }
    }

    public int snapshots() {
        return snapshots;
    }

    public Map<String, float[]> averages() {
        return averages;
    }

    public void restore(int snapshots, Map<String, float[]> averages) {
        this.snapshots = snapshots;
        this.averages.clear();
        this.averages.putAll(averages);
    }
}
