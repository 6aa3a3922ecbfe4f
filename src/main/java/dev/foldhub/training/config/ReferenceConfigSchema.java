package dev.foldhub.training.config;

import static dev.foldhub.training.config.ConfigKey.bool;
import static dev.foldhub.training.config.ConfigKey.integer;
import static dev.foldhub.training.config.ConfigKey.list;
import static dev.foldhub.training.config.ConfigKey.number;
import static dev.foldhub.training.config.ConfigKey.params;
import static dev.foldhub.training.config.ConfigKey.section;
import static dev.foldhub.training.config.ConfigKey.string;

import java.util.List;

/**
 * Every key of the reference's config format with its default: the defaults of parse_config.py plus the
 * keys its 142 published configs use beyond them (train.folds_file, train.swa, cosine.start_lr,
 * cosine.period_mult, data.input_dir/inputs, data.rect_crop.*_ratio, augmentations.aug_global_prob and
 * augmentations.dropout). Keys outside the defaults get an inert default (off, or null: no value). Foldhub's own keys
 * (model.weights, model.freeze_backbone_epochs, data.fit, train.seed) say so where they are declared.
 */
final class ReferenceConfigSchema {

    private static final int UNLIMITED = 1_000_000_000; // the reference's 10**9

    static final ConfigKey ROOT = section(
            "model", section(
                    "arch", string("resnet50"),
                    "image_size", integer(0),
                    "input_size", integer(0),
                    "num_classes", integer(null),
                    "num_folds", integer(5),
                    "bottleneck_fc", integer(null),
                    "dropout", number(0.0),
                    "weights", string(null), // Foldhub: a TorchScript module to fine-tune
                    "freeze_backbone_epochs", integer(0)),
            "data", section(
                    "train_dir", string("../input/train/"),
                    "test_dir", string("../input/test/"),
                    "fit", string("crop"), // Foldhub: crop (the reference's PadIfNeeded + RandomCrop) or resize
                    "rect_crop", section(
                            "enable", bool(false),
                            "min_ratio", number(0.08),
                            "max_ratio", number(1.0),
                            "scale_both_dims", bool(false)),
                    "min_ratio", number(0.08),
                    "max_ratio", number(1.0),
                    "scale_both_dims", bool(false),
                    "input_dir", string(null),
                    "inputs", list(null)),
            "train", section(
                    "csv", string(""),
                    "folds_file", string(null),
                    "batch_size", integer(32),
                    "num_epochs", integer(UNLIMITED),
                    "shuffle", bool(true),
                    "images_per_class", integer(null),
                    "max_steps_per_epoch", integer(UNLIMITED),
                    "log_freq", integer(100),
                    "min_lr", number(3e-7),
                    "use_balancing_sampler", bool(false),
                    "enable_warmup", bool(false),
                    "head_only_warmup", bool(false),
                    "accum_batches_num", integer(1),
                    "lr_decay_coeff", number(0.0),
                    "lr_decay_milestones", list(List.of()),
                    "mixup", section("enable", bool(false), "beta_a", number(0.5)),
                    "warmup", section("steps", integer(null), "max_lr", number(null)),
                    "lr_finder", section(
                            "num_steps", integer(UNLIMITED),
                            "beta", number(0.98),
                            "init_value", number(1e-8),
                            "final_value", number(10.0)),
                    "swa", section("enable", bool(false), "period", integer(null)),
                    "seed", integer(null)), // Foldhub's: train.py seeds nothing per run
            "val", section("images_per_class", integer(null)),
            "test", section(
                    "csv", string(""),
                    "batch_size", integer(64),
                    "num_ttas", integer(1),
                    "tta_combine_func", string("mean")),
            "optimizer", section(
                    "name", string("adam"),
                    // the trainer's optimizers take exactly these; defaults depend on the name
                    "params", section(
                            "lr", number(null),
                            "momentum", number(null),
                            "nesterov", bool(null),
                            "weight_decay", number(null))),
            "scheduler", section("name", string(""), "params", params()),
            "scheduler2", section("name", string(""), "params", params()),
            "cosine", section(
                    "start_lr", number(null),
                    "period", integer(1),
                    "period_inc", integer(1),
                    "period_mult", number(null),
                    "max_period", integer(1000),
                    "min_metric_val", number(0.6)),
            "loss", section("name", string("none"), "params", params()),
            "augmentations", section(
                    "global_prob", number(1.0),
                    "aug_global_prob", number(null),
                    "hflip", bool(false),
                    "vflip", bool(false),
                    "rotate90", bool(false),
                    "affine", string("none"),
                    "rect_crop", section(
                            "enable", bool(false),
                            "rect_min_area", number(0.1),
                            "rect_min_ratio", number(0.75)),
                    "noise", number(0.0),
                    "blur", number(0.0),
                    "distortion", number(0.0),
                    "color", number(0.0),
                    "dropout", number(0.0),
                    "erase", section(
                            "prob", number(0.0),
                            "min_area", number(0.02),
                            "max_area", number(0.4),
                            "min_ratio", number(0.3),
                            "max_ratio", number(3.33))));

    private ReferenceConfigSchema() {
    }
}
