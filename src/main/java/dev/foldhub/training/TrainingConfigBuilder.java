package dev.foldhub.training;

import dev.foldhub.training.augment.Augmentations;
import dev.foldhub.training.image.ImageFit;
import dev.foldhub.training.loop.ReferenceLoss;
import dev.foldhub.training.optim.SwaSettings;
import dev.foldhub.training.schedule.HeadOnlyWarmup;
import dev.foldhub.training.schedule.LrPlan;

/**
 * Builds a {@link TrainingConfig} from {@link TrainingConfig#builder()}. A setting left alone takes the value that
 * {@link TrainingConfigParser} gives a config without that key (the reference's parse_config.py defaults, data.fit
 * crop), so a builder and a parsed minimal YAML agree; only model.input_size has no default, as in the parser.
 * The loss weight, unless set, is the loss's own ({@link ReferenceLoss#defaultWeight}), as the parser sets it.
 */
public final class TrainingConfigBuilder {

    private String arch = "resnet50";
    private int inputSize;
    private int numClasses;
    private double dropout;
    private int batchSize = 32;
    private int numEpochs = 1_000_000_000;
    private int maxStepsPerEpoch = 1_000_000_000;
    private boolean shuffle = true;
    private String optimizer = "adam";
    private double lr = 1e-3;
    private double momentum;
    private boolean nesterov;
    private double weightDecay;
    private String loss = "binary_cross_entropy";
    private boolean hflip;
    private int testBatchSize = 64;
    private int numTtas = 1;
    private Double lossWeight; // null: the loss's default weight
    private LrPlan lrPlan = LrPlan.CONSTANT;
    private Augmentations augmentations = Augmentations.NONE;
    private int accumBatches = 1;
    private String weights;
    private int freezeBackboneEpochs;
    private Long seed;
    private SwaSettings swa = SwaSettings.OFF;
    private TtaCombine ttaCombine = TtaCombine.MEAN;
    private HeadOnlyWarmup headOnlyWarmup = HeadOnlyWarmup.OFF;
    private ImageFit fit = ImageFit.CROP;

    TrainingConfigBuilder() {
    }

    /** A builder holding every value of {@code config}. */
    TrainingConfigBuilder(TrainingConfig config) {
        arch = config.arch();
        inputSize = config.inputSize();
        numClasses = config.numClasses();
        dropout = config.dropout();
        batchSize = config.batchSize();
        numEpochs = config.numEpochs();
        maxStepsPerEpoch = config.maxStepsPerEpoch();
        shuffle = config.shuffle();
        optimizer = config.optimizer();
        lr = config.lr();
        momentum = config.momentum();
        nesterov = config.nesterov();
        weightDecay = config.weightDecay();
        loss = config.loss();
        hflip = config.hflip();
        testBatchSize = config.testBatchSize();
        numTtas = config.numTtas();
        lossWeight = config.lossWeight();
        lrPlan = config.lrPlan();
        augmentations = config.augmentations();
        accumBatches = config.accumBatches();
        weights = config.weights();
        freezeBackboneEpochs = config.freezeBackboneEpochs();
        seed = config.seed();
        swa = config.swa();
        ttaCombine = config.ttaCombine();
        headOnlyWarmup = config.headOnlyWarmup();
        fit = config.fit();
    }

    /** The config; throws when model.input_size was not set (or is not positive). */
    public TrainingConfig build() {
        if (inputSize <= 0 && !TrainingConfig.LEVEL2.equals(arch)) { // a stacker reads no images
            throw new IllegalStateException("inputSize (model.input_size) must be set and greater than 0");
        }
        return new TrainingConfig(arch, inputSize, numClasses, dropout, batchSize, numEpochs, maxStepsPerEpoch, shuffle,
                optimizer, lr, momentum, nesterov, weightDecay, loss, hflip, testBatchSize, numTtas,
                lossWeight != null ? lossWeight : ReferenceLoss.defaultWeight(loss), lrPlan, augmentations,
                accumBatches, weights, freezeBackboneEpochs, seed, swa, ttaCombine, headOnlyWarmup, fit);
    }

    public TrainingConfigBuilder arch(String value) {
        arch = value;
        return this;
    }

    public TrainingConfigBuilder inputSize(int value) {
        inputSize = value;
        return this;
    }

    public TrainingConfigBuilder numClasses(int value) {
        numClasses = value;
        return this;
    }

    public TrainingConfigBuilder dropout(double value) {
        dropout = value;
        return this;
    }

    public TrainingConfigBuilder batchSize(int value) {
        batchSize = value;
        return this;
    }

    public TrainingConfigBuilder numEpochs(int value) {
        numEpochs = value;
        return this;
    }

    public TrainingConfigBuilder maxStepsPerEpoch(int value) {
        maxStepsPerEpoch = value;
        return this;
    }

    public TrainingConfigBuilder shuffle(boolean value) {
        shuffle = value;
        return this;
    }

    public TrainingConfigBuilder optimizer(String value) {
        optimizer = value;
        return this;
    }

    public TrainingConfigBuilder lr(double value) {
        lr = value;
        return this;
    }

    public TrainingConfigBuilder momentum(double value) {
        momentum = value;
        return this;
    }

    public TrainingConfigBuilder nesterov(boolean value) {
        nesterov = value;
        return this;
    }

    public TrainingConfigBuilder weightDecay(double value) {
        weightDecay = value;
        return this;
    }

    public TrainingConfigBuilder loss(String value) {
        loss = value;
        return this;
    }

    public TrainingConfigBuilder hflip(boolean value) {
        hflip = value;
        return this;
    }

    public TrainingConfigBuilder testBatchSize(int value) {
        testBatchSize = value;
        return this;
    }

    public TrainingConfigBuilder numTtas(int value) {
        numTtas = value;
        return this;
    }

    public TrainingConfigBuilder lossWeight(double value) {
        lossWeight = value;
        return this;
    }

    public TrainingConfigBuilder lrPlan(LrPlan value) {
        lrPlan = value;
        return this;
    }

    public TrainingConfigBuilder augmentations(Augmentations value) {
        augmentations = value;
        return this;
    }

    public TrainingConfigBuilder accumBatches(int value) {
        accumBatches = value;
        return this;
    }

    public TrainingConfigBuilder weights(String value) {
        weights = value;
        return this;
    }

    public TrainingConfigBuilder freezeBackboneEpochs(int value) {
        freezeBackboneEpochs = value;
        return this;
    }

    public TrainingConfigBuilder seed(Long value) {
        seed = value;
        return this;
    }

    public TrainingConfigBuilder swa(SwaSettings value) {
        swa = value;
        return this;
    }

    public TrainingConfigBuilder ttaCombine(TtaCombine value) {
        ttaCombine = value;
        return this;
    }

    public TrainingConfigBuilder headOnlyWarmup(HeadOnlyWarmup value) {
        headOnlyWarmup = value;
        return this;
    }

    public TrainingConfigBuilder fit(ImageFit value) {
        fit = value;
        return this;
    }
}
