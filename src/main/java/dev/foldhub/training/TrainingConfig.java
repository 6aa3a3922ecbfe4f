package dev.foldhub.training;

import dev.foldhub.training.augment.Augmentations;
import dev.foldhub.training.config.WeightsFile;
import dev.foldhub.training.image.ImageFit;
import dev.foldhub.training.image.ImageGeometry;
import dev.foldhub.training.loop.TrainingLoop;
import dev.foldhub.training.model.ResNetFactory;
import dev.foldhub.training.optim.SwaSettings;
import dev.foldhub.training.schedule.HeadOnlyWarmup;
import dev.foldhub.training.schedule.LrPlan;

/**
 * A validated experiment config in the reference solution's format, reduced to what the trainer acts on.
 * Produced by {@link TrainingConfigParser} or by {@link #builder()} (whose defaults are the parser's); the canonical
 * constructor, public as Java requires of a public record, is for those two. The original YAML text is kept by the
 * experiment.
 *
 * @param arch            model.arch: one of {@link ResNetFactory#ARCHS}, or with weights any name (a label)
 * @param inputSize       model.input_size: side of the square network input, in pixels
 * @param numClasses      model.num_classes, or 0 to take the data set's label count
 * @param dropout         model.dropout before the classifier, 0 for none
 * @param batchSize       train.batch_size
 * @param numEpochs       train.num_epochs
 * @param maxStepsPerEpoch train.max_steps_per_epoch
 * @param shuffle         train.shuffle
 * @param optimizer       optimizer.name: adam or sgd
 * @param lr              optimizer.params.lr
 * @param momentum        optimizer.params.momentum (sgd)
 * @param nesterov        optimizer.params.nesterov (sgd)
 * @param weightDecay     optimizer.params.weight_decay
 * @param loss            loss.name: binary_cross_entropy
 * @param hflip           augmentations.hflip: random horizontal flips in training
 * @param testBatchSize   test.batch_size: batch size of validation and test inference
 * @param numTtas         test.num_ttas: views per image, every second one mirrored (see {@link TtaPlan})
 * @param lossWeight      the second term's weight of mixed_bce_focal, mixed_bce_f2 and forgiving_loss
 * @param lrPlan          scheduler, cosine, warmup and lr_decay settings
 * @param augmentations   vflip, rotate90, erase and mixup
 * @param accumBatches    train.accum_batches_num: batches whose gradients are summed before a step
 * @param weights         model.weights: absolute path of a TorchScript module to fine-tune, or null for a native arch
 * @param freezeBackboneEpochs model.freeze_backbone_epochs: epochs (warm-up included) in which only the appended
 *                        head of a TorchScript backbone trains
 * @param seed            train.seed: seeds initialisation, shuffling, augmentation and mixup; null for the worker's
 *                        per-fold default
 * @param swa             train.swa: stochastic weight averaging
 * @param ttaCombine      test.tta_combine_func: how the TTA views' probabilities merge (see {@link TtaPlan})
 * @param headOnlyWarmup  train.head_only_warmup: a warm-up pass before everything else in which only the classifier
 *                        head trains
 * @param fit             data.fit: the reference's pad-and-random-crop to input_size, or Foldhub's resize
 *                        ({@link ImageGeometry})
 */
public record TrainingConfig(
        String arch,
        int inputSize,
        int numClasses,
        double dropout,
        int batchSize,
        int numEpochs,
        int maxStepsPerEpoch,
        boolean shuffle,
        String optimizer,
        double lr,
        double momentum,
        boolean nesterov,
        double weightDecay,
        String loss,
        boolean hflip,
        int testBatchSize,
        int numTtas,
        double lossWeight,
        LrPlan lrPlan,
        Augmentations augmentations,
        int accumBatches,
        String weights,
        int freezeBackboneEpochs,
        Long seed,
        SwaSettings swa,
        TtaCombine ttaCombine,
        HeadOnlyWarmup headOnlyWarmup,
        ImageFit fit) {

    /** model.arch of a level-2 stacker over its members' OOF probabilities (see {@link Level2Refs}). */
    public static final String LEVEL2 = "level2";

    public TrainingConfig {
        if (fit == null) {
            throw new IllegalArgumentException("data.fit is required");
        }
    }

    /**
     * A builder whose unset values are the parser's defaults for a config without those keys (see
     * {@link TrainingConfigBuilder}); model.input_size must be set.
     */
    public static TrainingConfigBuilder builder() {
        return new TrainingConfigBuilder();
    }

    /** A builder starting from this config's values. */
    public TrainingConfigBuilder toBuilder() {
        return new TrainingConfigBuilder(this);
    }

    /**
     * The config training at most {@code maxEpochs} epochs (the server's foldhub.training.max-epochs): a config
     * without train.num_epochs (the reference's 10^9, "until stopped by hand") or with more trains that many.
     */
    public TrainingConfig cappedAt(int maxEpochs) {
        if (maxEpochs < 1 || numEpochs <= maxEpochs) {
            return this;
        }
        return toBuilder().numEpochs(maxEpochs).build();
    }

    /** Batches of one training pass over {@code trainImages} images, as the training loop counts them. */
    public int batchesPerPass(int trainImages) {
        int batches = TrainingLoop.batchesPerPass(trainImages, batchSize);
        return maxStepsPerEpoch > 0 ? Math.min(batches, maxStepsPerEpoch) : batches;
    }

    /**
     * Throws on train.accum_batches_num when a pass over {@code trainImages} images has fewer batches than one
     * optimizer step sums: the loop would take no step, and the epoch's loss would be NaN.
     */
    public void checkAccumulation(int trainImages) {
        int batches = batchesPerPass(trainImages);
        if (accumBatches > batches) {
            throw new InvalidConfigException("train.accum_batches_num", "is " + accumBatches + " but a pass over "
                    + trainImages + " training images has only " + batches + " batches (train.batch_size " + batchSize
                    + (maxStepsPerEpoch > 0 && maxStepsPerEpoch < TrainingLoop.batchesPerPass(trainImages, batchSize)
                    ? ", train.max_steps_per_epoch " + maxStepsPerEpoch : "") + "): no optimizer step would be taken");
        }
    }

    /** Whether this is a level-2 stacker: it trains on its members' OOF probabilities, not on images. */
    public boolean level2() {
        return LEVEL2.equals(arch);
    }

    /** Whether the network is a TorchScript module loaded from {@link #weights()} rather than built natively. */
    public boolean torchScript() {
        return weights != null;
    }

    /** Throws naming model.weights when the TorchScript file cannot be read now (checked when an experiment is created). */
    public void checkWeightsReadable() {
        if (weights != null) {
            String problem = WeightsFile.unreadable(weights);
            if (problem != null) {
                throw new InvalidConfigException("model.weights", problem);
            }
        }
    }

    /** The image geometry of this config: data.fit, model.input_size and data.rect_crop. */
    public ImageGeometry imageGeometry() {
        return new ImageGeometry(fit, inputSize, augmentations.rectCrop());
    }
}
