package dev.foldhub.training.config;

import dev.foldhub.training.InvalidConfigException;
import dev.foldhub.training.TrainingConfigParser;
import dev.foldhub.training.TtaCombine;
import dev.foldhub.training.image.ImageFit;
import dev.foldhub.training.loop.ReferenceLoss;
import dev.foldhub.training.model.ResNetFactory;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys the trainer acts on (or accepts as informational) with their range checks. Any other known key
 * is default-only: a value different from its default is "not supported yet". Keys accepted but not used
 * ({@link #IGNORED}, default-only keys, keys of a disabled section) are never silently ignored: the parser lists
 * them ({@link TrainingConfigParser#ignoredKeys}), the server logs one warning each and returns them as ignoredKeys.
 */
public final class SupportedSettings {

    static final List<String> ARCHS = ResNetFactory.ARCHS;
    static final List<String> OPTIMIZERS = List.of("adam", "sgd");
    public static final String BCE = "binary_cross_entropy";
    /** optimizers.py's sgd(): momentum=0.9, nesterov=True unless given. */
    public static final double SGD_MOMENTUM = 0.9;

    private static final Map<String, LeafRule> RULES = Map.ofEntries(
            Map.entry("model.arch", SupportedSettings::checkArch),
            Map.entry("model.weights", (v, c) -> WeightsFile.badPath((String) v)),
            Map.entry("model.freeze_backbone_epochs", (v, c) -> num(v) < 0 ? "must be at least 0"
                    : num(v) > 0 && c.effective("model.weights") == null ? "needs model.weights (a TorchScript backbone)"
                    : null),
            Map.entry("model.image_size", atLeast(0)), // accepted; only the unsupported augmentations.rect_crop reads it
            Map.entry("model.input_size", (v, c) -> num(v) <= 0 ? "must be greater than 0"
                    : num(v) < 32 ? "must be at least 32 (a ResNet halves it 5 times)" : null),
            Map.entry("model.num_classes", positive()),
            Map.entry("model.num_folds", atLeast(2)), // accepted; folds come from the data set
            Map.entry("model.dropout", (v, c) -> num(v) >= 0 && num(v) < 1 ? null : "must be in [0, 1)"),
            Map.entry("data.train_dir", LeafRule.ACCEPTED), // the registered data set's dirs are used
            Map.entry("data.test_dir", LeafRule.ACCEPTED),
            Map.entry("data.inputs", LeafRule.ACCEPTED), // a level-2 stacker's members, checked by Level2Refs
            Map.entry("data.input_dir", LeafRule.ACCEPTED), // the level2_* configs' folder of level1 files: not read
            Map.entry("train.csv", LeafRule.ACCEPTED), // the server maps these to the registered data set
            Map.entry("train.folds_file", LeafRule.ACCEPTED),
            Map.entry("train.batch_size", positive()),
            Map.entry("train.num_epochs", positive()),
            Map.entry("train.max_steps_per_epoch", positive()),
            Map.entry("train.shuffle", LeafRule.ACCEPTED),
            Map.entry("train.log_freq", positive()), // informational
            Map.entry("test.csv", LeafRule.ACCEPTED),
            Map.entry("test.batch_size", positive()),
            Map.entry("test.num_ttas", positive()),
            Map.entry("test.tta_combine_func", oneOf(TtaCombine.NAMES)),
            Map.entry("optimizer.name", oneOf(OPTIMIZERS)),
            Map.entry("optimizer.params.lr", (v, c) -> num(v) > 0 ? null : "must be greater than 0"),
            Map.entry("optimizer.params.momentum", SupportedSettings::checkMomentum),
            Map.entry("optimizer.params.nesterov", SupportedSettings::checkNesterov),
            Map.entry("optimizer.params.weight_decay", (v, c) -> num(v) >= 0 ? null : "must not be negative"),
            Map.entry("loss.name", oneOf(ReferenceLoss.NAMES)),
            Map.entry("augmentations.global_prob", (v, c) -> num(v) >= 0 && num(v) <= 1 ? null : "must be in [0, 1]"),
            Map.entry("augmentations.hflip", LeafRule.ACCEPTED),
            Map.entry("augmentations.affine", oneOf(List.of("none", "soft", "medium", "hard"))),
            Map.entry("augmentations.vflip", LeafRule.ACCEPTED),
            Map.entry("augmentations.rotate90", LeafRule.ACCEPTED),
            Map.entry("augmentations.noise", probability()),
            Map.entry("augmentations.blur", probability()),
            Map.entry("augmentations.distortion", probability()),
            Map.entry("augmentations.color", probability()),
            Map.entry("data.fit", oneOf(ImageFit.NAMES)), // Foldhub's: crop (the reference's geometry) or resize
            Map.entry("data.rect_crop.enable", LeafRule.ACCEPTED),
            Map.entry("data.rect_crop.min_ratio", (v, c) -> num(v) > 0 && num(v) <= 1 ? null : "must be in (0, 1]"),
            Map.entry("data.rect_crop.max_ratio", (v, c) -> num(v) > 0 && num(v) <= 1 ? null : "must be in (0, 1]"),
            Map.entry("data.rect_crop.scale_both_dims", LeafRule.ACCEPTED),
            Map.entry("augmentations.erase.prob", (v, c) -> num(v) >= 0 && num(v) <= 1 ? null : "must be in [0, 1]"),
            Map.entry("augmentations.erase.min_area", openUnit()),
            Map.entry("augmentations.erase.max_area", openUnit()),
            Map.entry("augmentations.erase.min_ratio", (v, c) -> num(v) > 0 ? null : "must be greater than 0"),
            Map.entry("augmentations.erase.max_ratio", (v, c) -> num(v) > 0 ? null : "must be greater than 0"),
            Map.entry("train.mixup.enable", LeafRule.ACCEPTED),
            Map.entry("train.mixup.beta_a", (v, c) -> num(v) > 0 ? null : "must be greater than 0"),
            Map.entry("train.accum_batches_num", positive()),
            Map.entry("train.min_lr", LeafRule.ACCEPTED), // train.py never reads it
            // informational: parse_config.py defines them, but train.py, model.py and data_loader.py never read them
            Map.entry("train.use_balancing_sampler", LeafRule.ACCEPTED),
            Map.entry("model.bottleneck_fc", LeafRule.ACCEPTED),
            Map.entry("augmentations.dropout", LeafRule.ACCEPTED), // not even in parse_config.py
            Map.entry("augmentations.aug_global_prob", LeafRule.ACCEPTED), // likewise
            Map.entry("train.enable_warmup", LeafRule.ACCEPTED),
            Map.entry("train.head_only_warmup", LeafRule.ACCEPTED),
            Map.entry("train.warmup.steps", positive()),
            Map.entry("train.warmup.max_lr", (v, c) -> num(v) > 0 ? null : "must be greater than 0"),
            Map.entry("train.lr_decay_coeff", (v, c) -> num(v) >= 0 ? null : "must not be negative"),
            Map.entry("train.swa.enable", LeafRule.ACCEPTED),
            Map.entry("train.swa.period", positive()),
            Map.entry("train.seed", LeafRule.ACCEPTED),
            Map.entry("train.lr_decay_milestones", ScheduleSettings::checkMilestones),
            Map.entry("scheduler.name", oneOf(ScheduleSettings.SCHEDULERS)),
            Map.entry("cosine.start_lr", (v, c) -> num(v) > 0 ? null : "must be greater than 0"),
            Map.entry("cosine.period", positive()),
            Map.entry("cosine.period_inc", atLeast(0)),
            Map.entry("cosine.max_period", positive()),
            Map.entry("cosine.period_mult", LeafRule.ACCEPTED), // train.py does not pass it on
            Map.entry("cosine.min_metric_val", LeafRule.ACCEPTED)); // see README: best-score reset not done

    /** Accepted, and not used by the trainer: the data set supplies folds and files; the rest train.py never reads. */
    static final Set<String> IGNORED = Set.of(
            "model.image_size", "model.num_folds", "model.bottleneck_fc",
            "data.train_dir", "data.test_dir", "data.input_dir", "train.csv", "train.folds_file", "test.csv",
            "train.log_freq", "train.min_lr", "train.use_balancing_sampler",
            "augmentations.dropout", "augmentations.aug_global_prob",
            "cosine.period_mult", "cosine.min_metric_val", "loss.params");

    private SupportedSettings() {
    }

    /** Whether the trainer does not use the key at {@code path}: {@link #IGNORED}, or default-only (no rule). */
    static boolean isIgnored(String path) {
        return IGNORED.contains(path) || !RULES.containsKey(path) && !path.equals("scheduler.params");
    }

    /** Throws when a well-typed, non-null leaf value cannot be trained as written. */
    static void check(String path, Object value, Object defaultValue, ConfigLookup config) {
        LeafRule rule = RULES.get(path);
        String reason;
        if (rule != null) {
            reason = rule.check(value, config);
        } else {
            reason = ConfigValues.sameAsDefault(value, defaultValue) ? null : "not supported yet";
        }
        if (reason != null) {
            throw new InvalidConfigException(path, reason);
        }
    }

    /** A native arch, level2 (a stacker), or any name (torchscript, inceptionresnetv2, ...) with TorchScript weights. */
    private static String checkArch(Object value, ConfigLookup config) {
        if (ARCHS.contains(value) || "level2".equals(value) || config.effective("model.weights") != null) {
            return null;
        }
        return value + " needs TorchScript weights: model.arch: torchscript + model.weights (built natively: "
                + String.join(", ", ARCHS) + ")";
    }

    private static String checkMomentum(Object value, ConfigLookup config) {
        double m = num(value);
        if (m < 0 || m >= 1) {
            return "must be in [0, 1)";
        }
        if (m == 0 && isSgd(config) && nesterov(config)) {
            return "must be above 0 with Nesterov momentum (sgd's nesterov is true unless set to false, as in optimizers.py)";
        }
        return null; // adam ignores it, as the reference's adam(**_)
    }

    private static String checkNesterov(Object value, ConfigLookup config) {
        Object momentum = config.effective("optimizer.params.momentum");
        if (Boolean.TRUE.equals(value) && isSgd(config) && momentum != null && num(momentum) == 0) {
            return "needs a momentum above 0 (torch.optim.SGD: Nesterov momentum requires a momentum)";
        }
        return null;
    }

    /** Whether sgd runs with Nesterov momentum: optimizer.params.nesterov, true unless given. */
    public static boolean nesterov(ConfigLookup config) {
        return !Boolean.FALSE.equals(config.effective("optimizer.params.nesterov"));
    }

    private static boolean isSgd(ConfigLookup config) {
        return "sgd".equals(config.effective("optimizer.name"));
    }

    private static LeafRule oneOf(List<String> supported) {
        return (v, c) -> supported.contains(v) ? null
                : v + " is not supported yet (supported: " + String.join(", ", supported) + ")";
    }

    private static LeafRule probability() {
        return (v, c) -> num(v) >= 0 && num(v) <= 1 ? null : "must be in [0, 1]";
    }

    private static LeafRule openUnit() {
        return (v, c) -> num(v) > 0 && num(v) < 1 ? null : "must be in (0, 1)";
    }

    private static LeafRule positive() {
        return (v, c) -> num(v) > 0 ? null : "must be greater than 0";
    }

    private static LeafRule atLeast(int min) {
        return (v, c) -> num(v) >= min ? null : "must be at least " + min;
    }

    private static double num(Object value) {
        return ((Number) value).doubleValue();
    }
}
