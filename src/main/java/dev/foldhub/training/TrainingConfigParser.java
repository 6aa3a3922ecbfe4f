package dev.foldhub.training;

import dev.foldhub.training.augment.Augmentations;
import dev.foldhub.training.config.ConfigLookup;
import dev.foldhub.training.config.ConfigWalker;
import dev.foldhub.training.config.ScheduleSettings;
import dev.foldhub.training.config.SupportedSettings;
import dev.foldhub.training.image.ImageFit;
import dev.foldhub.training.image.ImageGeometry;
import dev.foldhub.training.image.RectCrop;
import dev.foldhub.training.loop.ReferenceLoss;
import dev.foldhub.training.optim.NesterovSgd;
import dev.foldhub.training.optim.SwaSettings;
import dev.foldhub.training.schedule.HeadOnlyWarmup;
import dev.foldhub.training.schedule.LrDriver;
import dev.foldhub.training.schedule.LrPlan;
import dev.foldhub.yaml.YamlLimits;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Parses an experiment config in the reference solution's YAML format (sections model, data, train, val,
 * test, optimizer, scheduler, scheduler2, cosine, loss, augmentations), merges the defaults of the
 * reference's parse_config.py and validates it against what the trainer acts on.
 *
 * <p>Notes on the mapping:
 * <ul>
 *   <li>model.input_size is required. Images are fitted to it as data.fit says (a Foldhub key): crop, the default,
 *       as the reference (PadIfNeeded + RandomCrop, also for validation and TTA views, see {@link ImageGeometry}), or
 *       resize. model.image_size is accepted and not read: the reference reads it only in augmentations.rect_crop,
 *       which is not supported.</li>
 *   <li>model.num_folds, train.csv, train.folds_file, test.csv, data.train_dir and data.test_dir are
 *       accepted and ignored: folds and files come from the registered data set. train.log_freq is
 *       informational.</li>
 *   <li>A missing loss.name means binary_cross_entropy (the reference's default 'none' has no loss).</li>
 *   <li>Missing optimizer.params take the defaults of the reference's optimizers.py: lr 1e-3, weight_decay 0, and
 *       for sgd momentum 0.9 and nesterov true (torch.optim.SGD's Nesterov form, see {@link NesterovSgd}). Adam
 *       ignores momentum and nesterov, as the reference's adam() swallows them.</li>
 *   <li>The lr follows cosine.* when cosine.start_lr is set (train.py's --cosine is on by default and then needs
 *       start_lr; scheduler is then unused), else scheduler.*; see {@link LrDriver}.</li>
 *   <li>loss.params is accepted and not read, as in the reference; mixed losses weigh 0.3, forgiving_loss 1.0.</li>
 *   <li>Numeric-looking strings such as 1e-3 (a string under YAML 1.1) are numbers where a number is due.</li>
 * </ul>
 * A config with data.inputs (the reference's level2_* configs) or model.arch level2 is a stacker over its members'
 * OOF probabilities ({@link Level2Refs}): arch level2, model.input_size optional, the image keys accepted and not
 * used. The first problem found, walking the document in order, is thrown as an {@link InvalidConfigException}.
 */
public final class TrainingConfigParser {

    private TrainingConfigParser() {
    }

    /** The validated config; throws {@link InvalidConfigException} naming the first problem's path. */
    public static TrainingConfig parse(String yaml) {
        return parse(yaml, YamlLimits.DEFAULT);
    }

    /** As {@link #parse(String)}, reading at most what the limits allow (a document over them is "config" invalid). */
    public static TrainingConfig parse(String yaml, YamlLimits limits) {
        Map<?, ?> root = loadMapping(yaml, limits);
        boolean level2 = Level2Refs.isLevel2(root);
        ConfigWalker config = new ConfigWalker(root);
        config.walk();
        if (level2) {
            Level2Refs.parse(root); // throws naming data.inputs for a bad member list
        }
        int inputSize = integer(config, "model.input_size");
        if (inputSize <= 0 && !level2) { // a stacker has no images: input_size is informational there
            throw new InvalidConfigException("model.input_size", "must be greater than 0");
        }
        String optimizer = (String) config.effective("optimizer.name");
        Object numClasses = config.effective("model.num_classes");
        Object lr = config.effective("optimizer.params.lr");
        boolean sgd = "sgd".equals(optimizer);
        String name = (String) config.effective("loss.name");
        String loss = "none".equals(name) ? SupportedSettings.BCE : name;
        return TrainingConfig.builder()
                .arch(level2 ? TrainingConfig.LEVEL2 : (String) config.effective("model.arch"))
                .inputSize(Math.max(inputSize, 0))
                .numClasses(numClasses == null ? 0 : (Integer) numClasses)
                .dropout(number(config, "model.dropout", 0))
                .batchSize(integer(config, "train.batch_size"))
                .numEpochs(integer(config, "train.num_epochs"))
                .maxStepsPerEpoch(integer(config, "train.max_steps_per_epoch"))
                .shuffle((Boolean) config.effective("train.shuffle"))
                .optimizer(optimizer)
                .lr(lr == null ? 1e-3 : (Double) lr)
                .momentum(sgd ? number(config, "optimizer.params.momentum", SupportedSettings.SGD_MOMENTUM) : 0)
                .nesterov(sgd && SupportedSettings.nesterov(config))
                .weightDecay(number(config, "optimizer.params.weight_decay", 0))
                .loss(loss)
                .hflip((Boolean) config.effective("augmentations.hflip"))
                .testBatchSize(integer(config, "test.batch_size"))
                .numTtas(integer(config, "test.num_ttas"))
                // the reference reads no loss.params (see ScheduleSettings)
                .lossWeight(ReferenceLoss.defaultWeight(loss))
                .lrPlan(lrPlan(config))
                .augmentations(augmentations(config))
                .accumBatches(integer(config, "train.accum_batches_num"))
                .weights((String) config.effective("model.weights"))
                .freezeBackboneEpochs(integer(config, "model.freeze_backbone_epochs"))
                .seed(config.effective("train.seed") instanceof Integer seed ? Long.valueOf(seed) : null)
                .swa(swa(config))
                .ttaCombine(TtaCombine.fromName((String) config.effective("test.tta_combine_func")))
                .headOnlyWarmup(headOnlyWarmup(config))
                .fit(ImageFit.fromName((String) config.effective("data.fit")))
                .build();
    }

    private static SwaSettings swa(ConfigWalker config) {
        if (!Boolean.TRUE.equals(config.effective("train.swa.enable"))) {
            return SwaSettings.OFF;
        }
        if (!(config.effective("train.swa.period") instanceof Integer period)) {
            throw new InvalidConfigException("train.swa.period", "is required with train.swa.enable");
        }
        return new SwaSettings(true, period);
    }

    private static HeadOnlyWarmup headOnlyWarmup(ConfigWalker config) {
        if (!Boolean.TRUE.equals(config.effective("train.head_only_warmup"))) {
            return HeadOnlyWarmup.OFF;
        }
        Object steps = config.effective("train.warmup.steps");
        Object maxLr = config.effective("train.warmup.max_lr");
        if (steps == null || maxLr == null) {
            throw new InvalidConfigException("train.warmup", "steps and max_lr are required with head_only_warmup");
        }
        return new HeadOnlyWarmup((Integer) steps, (Double) maxLr);
    }

    private static LrPlan lrPlan(ConfigWalker config) {
        boolean warmup = Boolean.TRUE.equals(config.effective("train.enable_warmup"));
        Object steps = config.effective("train.warmup.steps");
        Object maxLr = config.effective("train.warmup.max_lr");
        if (warmup && (steps == null || maxLr == null)) {
            throw new InvalidConfigException("train.warmup", "steps and max_lr are required with enable_warmup");
        }
        double decay = number(config, "train.lr_decay_coeff", 0);
        Object params = config.effective("scheduler.params");
        Map<String, Object> normalised = ScheduleSettings.normalise(params == null ? Map.of() : (Map<?, ?>) params);
        if (decay != 0 && !(normalised.get("base_lr") instanceof Double)) {
            throw new InvalidConfigException("train.lr_decay_coeff", "needs scheduler.params.base_lr, as in train.py");
        }
        Object startLr = config.effective("cosine.start_lr");
        if (decay != 0 && startLr != null) {
            throw new InvalidConfigException("train.lr_decay_coeff", "not supported yet together with cosine.start_lr");
        }
        @SuppressWarnings("unchecked")
        List<Integer> milestones = (List<Integer>) config.effective("train.lr_decay_milestones");
        return new LrPlan((String) config.effective("scheduler.name"), normalised, (Double) startLr,
                integer(config, "cosine.period"), integer(config, "cosine.period_inc"),
                integer(config, "cosine.max_period"), warmup ? (Integer) steps : 0,
                warmup ? (Double) maxLr : 0, decay, milestones);
    }

    private static Augmentations augmentations(ConfigWalker config) {
        double minArea = number(config, "augmentations.erase.min_area", 0);
        double maxArea = number(config, "augmentations.erase.max_area", 0);
        double minRatio = number(config, "augmentations.erase.min_ratio", 0);
        double maxRatio = number(config, "augmentations.erase.max_ratio", 0);
        double prob = number(config, "augmentations.erase.prob", 0);
        if (prob > 0 && (minArea > maxArea || minRatio > maxRatio)) {
            throw new InvalidConfigException("augmentations.erase", "needs min_area <= max_area and min_ratio <= max_ratio");
        }
        return new Augmentations(Boolean.TRUE.equals(config.effective("augmentations.vflip")),
                Boolean.TRUE.equals(config.effective("augmentations.rotate90")), prob, minArea, maxArea,
                minRatio, maxRatio, Boolean.TRUE.equals(config.effective("train.mixup.enable")),
                number(config, "train.mixup.beta_a", 0.5), number(config, "augmentations.global_prob", 1),
                (String) config.effective("augmentations.affine"), number(config, "augmentations.noise", 0),
                number(config, "augmentations.blur", 0), number(config, "augmentations.distortion", 0),
                number(config, "augmentations.color", 0), rectCrop(config));
    }

    private static RectCrop rectCrop(ConfigWalker config) {
        if (!Boolean.TRUE.equals(config.effective("data.rect_crop.enable"))) {
            return RectCrop.OFF;
        }
        double min = number(config, "data.rect_crop.min_ratio", 0.08);
        double max = number(config, "data.rect_crop.max_ratio", 1);
        if (min > max) { // data_loader.py asserts min_ratio <= max_ratio <= 1
            throw new InvalidConfigException("data.rect_crop", "needs min_ratio <= max_ratio");
        }
        return new RectCrop(true, min, max, Boolean.TRUE.equals(config.effective("data.rect_crop.scale_both_dims")));
    }

    /**
     * The keys of a valid config that the trainer accepts but does not use, in document order: informational ones
     * (train.csv, train.min_lr, ...), default-only keys written at their default, keys inside a disabled section.
     * Throws {@link InvalidConfigException} as {@link #parse(String, YamlLimits)} does.
     */
    public static List<String> ignoredKeys(String yaml, YamlLimits limits) {
        Map<?, ?> root = loadMapping(yaml, limits);
        ConfigWalker config = new ConfigWalker(root);
        config.walk();
        return Level2Refs.isLevel2(root) ? Level2Refs.ignoredByStacker(root, config.ignored()) : config.ignored();
    }

    /** Throws on unknown keys and wrong types only, ignoring whether the values are supported. */
    static void checkKeysAndTypes(String yaml) {
        new ConfigWalker(loadMapping(yaml, YamlLimits.DEFAULT)).walkKeysAndTypes();
    }

    static Map<?, ?> loadMapping(String yaml, YamlLimits limits) {
        if (!(load(yaml, limits) instanceof Map<?, ?> root)) {
            throw new InvalidConfigException("config", "must be a mapping of sections (model, train, ...)");
        }
        return root;
    }

    private static Object load(String yaml, YamlLimits limits) {
        if (limits.tooLong(yaml)) {
            throw new InvalidConfigException("config", "is longer than the limit of " + limits.maxCodePoints() + " characters");
        }
        try {
            return new Yaml(new SafeConstructor(limits.loaderOptions())).load(yaml);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
            throw new InvalidConfigException("config", "invalid YAML" + where + ": " + e.getProblem());
        } catch (YAMLException e) {
            throw new InvalidConfigException("config", "invalid YAML: " + e.getMessage());
        } catch (RuntimeException e) {
            // why: SnakeYAML's constructors throw plain runtime exceptions for a tag that does not fit its node
            // (!!binary with bad base64: IllegalArgumentException; !!set on a scalar: ClassCastException)
            throw new InvalidConfigException("config", "invalid YAML (a tag that does not fit its value?): "
                    + e.getClass().getSimpleName());
        }
    }

    private static int integer(ConfigLookup config, String path) {
        return (Integer) config.effective(path);
    }

    private static double number(ConfigLookup config, String path, double ifUnset) {
        Object value = config.effective(path);
        return value == null ? ifUnset : (Double) value;
    }
}
