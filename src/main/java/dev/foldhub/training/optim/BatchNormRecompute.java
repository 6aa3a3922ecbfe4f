package dev.foldhub.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.util.Pair;
import dev.foldhub.training.TrainingProgress;
import dev.foldhub.training.data.BatchLoader;
import dev.foldhub.training.data.LoaderPass;
import java.util.ArrayList;
import java.util.List;

/**
 * torchcontrib's SWA.bn_update for DJL: one pass over the data in training mode after which every BatchNorm's running
 * mean and variance are the equal-weight average of the batch statistics (PyTorch: momentum b / (n + b) per batch).
 * why: DJL's BatchNorm has a fixed momentum m and no setter, so each batch's statistic s is recovered from the
 * running value before (r) and after (r') the forward, s = (r' - m r) / (1 - m), and averaged here; m itself is
 * measured on the first batch from two forwards with running values 0 and 1 (r' = m r + (1 - m) s).
 */
public final class BatchNormRecompute {

    private BatchNormRecompute() {
    }

    public static void run(Trainer trainer, BatchLoader set, TrainingProgress progress) {
        try (LoaderPass batches = set.pass(trainer.getManager())) {
            run(trainer, batches, progress);
        }
    }

    /** One pass over {@code batches} (their data: the images) in training mode, then the averaged statistics set. */
    public static void run(Trainer trainer, Iterable<Batch> batches, TrainingProgress progress) {
        List<Parameter> stats = new ArrayList<>();
        for (Pair<String, Parameter> p : trainer.getModel().getBlock().getParameters()) {
            String name = p.getKey();
            if (name.endsWith("runningMean") || name.endsWith("runningVar")) {
                stats.add(p.getValue());
            }
        }
        if (stats.isEmpty()) {
            return;
        }
        float[] momentum = null;
        float[][] average = new float[stats.size()][];
        long seen = 0;
        for (Batch batch : batches) {
            try (batch) {
                progress.throwIfCancelled();
                NDList images = batch.getData();
                if (momentum == null) {
                    momentum = measureMomentum(trainer, images, stats);
                }
                float[][] before = read(stats);
                trainer.forward(images).close();
                int b = batch.getSize();
                for (int k = 0; k < stats.size(); k++) {
                    float[] after = stats.get(k).getArray().toFloatArray();
                    float m = momentum[k];
                    if (average[k] == null) {
                        average[k] = new float[after.length];
                    }
                    for (int i = 0; i < after.length; i++) {
                        float s = (after[i] - m * before[k][i]) / (1 - m); // this batch's statistic
                        average[k][i] += (s - average[k][i]) * b / (seen + b); // running mean over images
                    }
                }
                seen += b;
            }
        }
        for (int k = 0; k < stats.size(); k++) {
            stats.get(k).getArray().set(average[k]);
        }
    }

    private static float[] measureMomentum(Trainer trainer, NDList images, List<Parameter> stats) {
        float[] zero = new float[stats.size()];
        for (int pass = 0; pass < 2; pass++) {
            for (Parameter p : stats) {
                NDArray array = p.getArray();
                array.set(pass == 0 ? array.zerosLike().toFloatArray() : array.onesLike().toFloatArray());
            }
            trainer.forward(images).close();
            float[] momentum = new float[stats.size()];
            for (int k = 0; k < stats.size(); k++) {
                float first = stats.get(k).getArray().toFloatArray()[0];
                if (pass == 0) {
                    zero[k] = first;
                } else {
                    momentum[k] = first - zero[k]; // (m 1 + (1 - m) s) - (m 0 + (1 - m) s)
                }
            }
            if (pass == 1) {
                return momentum;
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private static float[][] read(List<Parameter> stats) {
        float[][] values = new float[stats.size()][];
        for (int k = 0; k < stats.size(); k++) {
            values[k] = stats.get(k).getArray().toFloatArray();
        }
        return values;
    }
}
