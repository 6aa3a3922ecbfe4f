package dev.foldhub.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foldhub.training.augment.Augmentations;
import dev.foldhub.training.image.ImageFit;
import dev.foldhub.training.image.RectCrop;
import dev.foldhub.training.schedule.HeadOnlyWarmup;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingConfigParserTest {

    private static final String MINIMAL = """
            model:
                arch: 'resnet18'
                input_size: 32
            """;

    @Test
    void minimalConfigParsesWithReferenceDefaultsMerged() {
        // guards the parse_config.py defaults and the documented replacements (loss, lr); images are fitted by the
        // reference's pad-and-crop unless data.fit says resize
        TrainingConfig config = TrainingConfigParser.parse(MINIMAL);

        assertThat(config).isEqualTo(TrainingConfig.builder().arch("resnet18").inputSize(32).build());
    }

    @Test
    void fullySpecifiedConfigParsesToExpectedRecord() {
        // guards that every acted-on key reaches its record field
        TrainingConfig config = TrainingConfigParser.parse("""
                model: {arch: resnet34, input_size: 64, image_size: 80, num_classes: 20, dropout: 0.3, num_folds: 5}
                train: {batch_size: 8, num_epochs: 4, max_steps_per_epoch: 100, shuffle: false, log_freq: 10}
                test: {batch_size: 16, num_ttas: 2, tta_combine_func: mean}
                optimizer: {name: sgd, params: {lr: 0.1, momentum: 0.9, nesterov: false, weight_decay: 1e-4}}
                loss: {name: binary_cross_entropy}
                augmentations: {hflip: true}
                data: {fit: resize}
                """);

        assertThat(config).isEqualTo(TrainingConfig.builder().arch("resnet34").inputSize(64).numClasses(20)
                .dropout(0.3).batchSize(8).numEpochs(4).maxStepsPerEpoch(100).shuffle(false).optimizer("sgd").lr(0.1)
                .momentum(0.9).weightDecay(1e-4).hflip(true).testBatchSize(16).numTtas(2).fit(ImageFit.RESIZE)
                .build());
    }

    @Test
    void dataFitIsCropByDefaultOrResizeAndNothingElse() {
        // guards data.fit, Foldhub's key: the reference's configs (which never set it) crop as the reference did
        assertThat(TrainingConfigParser.parse(MINIMAL).fit()).isEqualTo(ImageFit.CROP);
        assertThat(TrainingConfigParser.parse(MINIMAL + "data: {fit: crop}\n").fit()).isEqualTo(ImageFit.CROP);
        assertThat(TrainingConfigParser.parse(MINIMAL + "data: {fit: resize}\n").fit()).isEqualTo(ImageFit.RESIZE);
        assertInvalid(MINIMAL + "data: {fit: stretch}\n",
                "data.fit: stretch is not supported yet (supported: crop, resize)");
        assertThatThrownBy(() -> TrainingConfigParser.parse(MINIMAL + "data: {fit: [crop]}\n"))
                .isInstanceOf(InvalidConfigException.class).hasMessageStartingWith("data.fit: ");
    }

    @Test
    void ttaCombineFuncAndHeadOnlyWarmupReachTheRecord() {
        // guards test.num_ttas above 2, tta_combine_func max and head_only_warmup (which takes train.warmup's steps/max_lr)
        TrainingConfig config = TrainingConfigParser.parse(MINIMAL + """
                test: {num_ttas: 5, tta_combine_func: max}
                train: {head_only_warmup: true, warmup: {steps: 7, max_lr: 0.01}}
                """);
        assertThat(config.numTtas()).isEqualTo(5);
        assertThat(config.ttaCombine()).isEqualTo(TtaCombine.MAX);
        assertThat(config.headOnlyWarmup()).isEqualTo(new HeadOnlyWarmup(7, 0.01));
        assertThat(config.lrPlan().warmupSteps()).as("enable_warmup is a separate pass").isZero();
        assertThat(TrainingConfigParser.parse(MINIMAL).headOnlyWarmup()).isEqualTo(HeadOnlyWarmup.OFF);
        assertInvalid(MINIMAL + "train: {head_only_warmup: true}\n",
                "train.warmup: steps and max_lr are required with head_only_warmup");
    }

    @Test
    void sgdDefaultsToTheReferencesNesterovMomentum() {
        // guards optimizers.py's sgd(lr=0.001, momentum=0.9, nesterov=True), which the reference's sgd configs rely on
        TrainingConfig config = TrainingConfigParser.parse(MINIMAL + "optimizer:\n    name: sgd\n");
        assertThat(config.lr()).isEqualTo(1e-3);
        assertThat(config.momentum()).isEqualTo(0.9);
        assertThat(config.nesterov()).isTrue();

        TrainingConfig explicit = TrainingConfigParser.parse(
                MINIMAL + "optimizer: {name: sgd, params: {lr: 0.1, momentum: 0.5, nesterov: true}}\n");
        assertThat(explicit.nesterov()).isTrue();
        assertThat(explicit.momentum()).isEqualTo(0.5);
    }

    @Test
    void nesterovWithoutMomentumIsRefusedAsTorchDoes() {
        // guards torch.optim.SGD's rule: Nesterov momentum requires a momentum
        assertInvalid(MINIMAL + "optimizer: {name: sgd, params: {momentum: 0, nesterov: true}}\n",
                "optimizer.params.momentum: must be above 0 with Nesterov momentum (sgd's nesterov is true unless set to false, as in optimizers.py)");
        assertInvalid(MINIMAL + "optimizer: {name: sgd, params: {nesterov: true, momentum: 0}}\n",
                "optimizer.params.nesterov: needs a momentum above 0 (torch.optim.SGD: Nesterov momentum requires a momentum)");
        assertThat(TrainingConfigParser.parse(MINIMAL + "optimizer: {name: sgd, params: {momentum: 0, nesterov: false}}\n")
                .nesterov()).isFalse();
    }

    @Test
    void level2ConfigsParseAsAStackerNamingTheirMembers() throws Exception {
        // guards issue 18: the reference's level2_* configs (data.input_dir + lists of level1 files) are a stacker
        // (arch level2) with their loss, dropout, optimizer and schedule; the image-only keys are accepted and unused
        for (String file : List.of("level2_v1.0.0.yml", "level2_v1.0.1-focal_loss.yml", "level2_v1.0.2-f2_loss.yml")) {
            java.nio.file.Path path = java.nio.file.Path.of("/work/shared/reference/configs", file);
            dev.foldhub.testsupport.Capability.require(java.nio.file.Files.exists(path), "skipped: no " + path);
            String yaml = java.nio.file.Files.readString(path);
            TrainingConfig config = TrainingConfigParser.parse(yaml);
            assertThat(config.level2()).isTrue();
            assertThat(config.dropout()).isEqualTo(0.5);
            assertThat(config.maxStepsPerEpoch()).isEqualTo(10600);
            assertThat(config.optimizer()).isEqualTo("adam");
            assertThat(config.lrPlan().scheduler()).isEqualTo("reduce_lr_on_plateau");
            assertThat(config.loss()).isEqualTo(file.contains("focal") ? "focal_loss"
                    : file.contains("f2") ? "f2_loss" : "binary_cross_entropy");
            List<Level2Ref> members = Level2Refs.of(yaml, dev.foldhub.yaml.YamlLimits.DEFAULT);
            assertThat(members).hasSize(8);
            assertThat(members.get(0).files()).hasSize(5).first()
                    .isEqualTo("level1_train_2b_se_resnext50_f0_e14_0.5975.npy");
            assertThat(TrainingConfigParser.ignoredKeys(yaml, dev.foldhub.yaml.YamlLimits.DEFAULT))
                    .contains("data.input_dir", "augmentations.blur", "test.num_ttas", "model.input_size");
        }
    }

    @Test
    void level2MembersAreIdsNamesOrFileListsAndNothingElse() {
        // guards data.inputs' forms and the half-stacker configs, each refused naming the key
        List<Level2Ref> refs = Level2Refs.of("model: {arch: level2}\ndata: {inputs: [12, exp-b, [x_f0.npy]]}\n",
                dev.foldhub.yaml.YamlLimits.DEFAULT);
        assertThat(refs).containsExactly(new Level2Ref(12L, null, null), new Level2Ref(null, "exp-b", null),
                new Level2Ref(null, null, List.of("x_f0.npy")));
        assertThat(TrainingConfigParser.parse("model: {arch: level2}\ndata: {inputs: [1, 2]}\n").inputSize()).isZero();
        assertInvalid("model: {arch: level2}\n",
                "data.inputs: is required with model.arch level2: the member experiments (ids, names, or lists of level1 file names)");
        assertInvalid("model: {arch: resnet18, input_size: 32}\ndata: {inputs: [1]}\n",
                "model.arch: must be level2 (or left out) in a config with data.inputs, a stacker over its members' OOF predictions; got resnet18");
        assertInvalid("model: {input_size: 32}\ndata: {input_dir: x}\n",
                "data.inputs: is required with data.input_dir: the member experiments");
        assertInvalid("data: {inputs: []}\n", "data.inputs: must be a non-empty list of member experiments");
        assertInvalid("data: {inputs: [1.5]}\n",
                "data.inputs: data.inputs[0] must be an experiment id, an experiment name or a list of level1 file names; got 1.5");
        assertInvalid("data: {inputs: x}\n", "data.inputs: must be a list");
    }

    @Test
    void exponentNumbersWithoutDotParseAsNumbers() {
        // guards the YAML 1.1 pitfall: 1e-3 resolves to a string in SnakeYAML
        TrainingConfig config = TrainingConfigParser.parse(MINIMAL
                + "optimizer:\n    params:\n        lr: 1e-3\n        weight_decay: '5E-4'\ntrain:\n    num_epochs: 1e2\n");

        assertThat(config.lr()).isEqualTo(1e-3);
        assertThat(config.weightDecay()).isEqualTo(5e-4);
        assertThat(config.numEpochs()).isEqualTo(100);
    }

    @Test
    void zeroBatchSizeIsRejectedWithExactMessage() {
        // guards the message format "<path>: <reason>"
        assertThatThrownBy(() -> TrainingConfigParser.parse(MINIMAL + "train:\n    batch_size: 0\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("train.batch_size: must be greater than 0")
                .extracting(e -> ((InvalidConfigException) e).path()).isEqualTo("train.batch_size");
    }

    @Test
    void missingInputSizeIsRejected() {
        // guards that model.input_size is required (the reference's 0 means unset)
        assertInvalid("model:\n    arch: resnet18\n", "model.input_size: must be greater than 0");
    }

    @Test
    void unknownKeyNamesItsPath() {
        // guards typos being reported instead of ignored
        assertInvalid(MINIMAL + "train:\n    batch_sise: 16\n", "train.batch_sise: unknown key");
        assertInvalid(MINIMAL + "optimizer:\n    params:\n        betas: [0.9, 0.99]\n", "optimizer.params.betas: unknown key");
        assertInvalid(MINIMAL + "trian:\n    batch_size: 16\n", "trian: unknown key");
    }

    @Test
    void wrongTypeNamesItsPath() {
        // guards type checks on numbers, booleans, integers and sections
        assertInvalid(MINIMAL + "train:\n    batch_size: big\n", "train.batch_size: must be an integer");
        assertInvalid(MINIMAL + "train:\n    batch_size: 2.5\n", "train.batch_size: must be an integer");
        assertInvalid(MINIMAL + "optimizer:\n    params:\n        lr: fast\n", "optimizer.params.lr: must be a number");
        assertInvalid(MINIMAL + "augmentations:\n    hflip: 'yes please'\n", "augmentations.hflip: must be a boolean");
        assertInvalid(MINIMAL + "train:\n    - 1\n    - 2\n", "train: must be a mapping");
        assertInvalid(MINIMAL + "train:\n    lr_decay_milestones: 3\n", "train.lr_decay_milestones: must be a list");
    }

    @Test
    void rangesAreChecked() {
        // guards each range rule of the supported keys
        assertInvalid(MINIMAL.replace("32", "0"), "model.input_size: must be greater than 0");
        assertInvalid(MINIMAL.replace("32", "16"), "model.input_size: must be at least 32 (a ResNet halves it 5 times)");
        assertInvalid(MINIMAL + "  dropout: 1.0\n".indent(2), "model.dropout: must be in [0, 1)");
        assertInvalid(MINIMAL + "  num_classes: 0\n".indent(2), "model.num_classes: must be greater than 0");
        assertInvalid(MINIMAL + "train:\n    num_epochs: -1\n", "train.num_epochs: must be greater than 0");
        assertInvalid(MINIMAL + "train:\n    max_steps_per_epoch: 0\n", "train.max_steps_per_epoch: must be greater than 0");
        assertInvalid(MINIMAL + "test:\n    batch_size: 0\n", "test.batch_size: must be greater than 0");
        assertInvalid(MINIMAL + "test:\n    num_ttas: 0\n", "test.num_ttas: must be greater than 0");
        assertInvalid(MINIMAL + "test:\n    tta_combine_func: gmean\n",
                "test.tta_combine_func: gmean is not supported yet (supported: mean, max)");
        assertInvalid(MINIMAL + "optimizer:\n    params:\n        lr: 0\n", "optimizer.params.lr: must be greater than 0");
    }

    @Test
    void malformedYamlIsReportedAtConfigWithPosition() {
        // guards syntax errors mapping to path "config" with a line number
        assertThatThrownBy(() -> TrainingConfigParser.parse("model:\n  arch: [resnet18\ntrain: {"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("config: invalid YAML at line")
                .extracting(e -> ((InvalidConfigException) e).path()).isEqualTo("config");
    }

    @Test
    void nonMappingDocumentIsReportedAtConfig() {
        // guards scalars, lists and empty documents at the top
        for (String yaml : new String[] {"just text", "- model\n- train\n", ""}) {
            assertThatThrownBy(() -> TrainingConfigParser.parse(yaml))
                    .isInstanceOf(InvalidConfigException.class)
                    .extracting(e -> ((InvalidConfigException) e).path()).isEqualTo("config");
        }
    }

    @Test
    void duplicateKeyIsMalformed() {
        // guards a silently overwritten section
        assertThatThrownBy(() -> TrainingConfigParser.parse(MINIMAL + "model:\n    dropout: 0.1\n"))
                .hasMessageStartingWith("config: invalid YAML");
    }

    @Test
    void referenceKeysWithNonDefaultValuesAreNotSupportedYet() {
        // guards that nothing the trainer would not act on is silently ignored
        assertInvalid(MINIMAL + "augmentations:\n    affine: 'wild'\n",
                "augmentations.affine: wild is not supported yet (supported: none, soft, medium, hard)");
        assertThat(TrainingConfigParser.parse(MINIMAL + "augmentations:\n    affine: 'soft'\n").augmentations().affine())
                .isEqualTo("soft");
        assertInvalid(MINIMAL + "scheduler2:\n    name: 'step'\n", "scheduler2.name: not supported yet");
        assertInvalid(MINIMAL + "scheduler:\n    params:\n        gamma: 0.5\n", "scheduler.params.gamma: not supported yet");
        assertInvalid(MINIMAL + "augmentations:\n    rect_crop:\n        enable: true\n",
                "augmentations.rect_crop.enable: not supported yet");
        assertInvalid(MINIMAL + "loss:\n    name: mse_loss\n", "loss.name: mse_loss is not supported yet (supported: "
                + "binary_cross_entropy, focal_loss, f2_loss, mixed_bce_focal, mixed_bce_f2, forgiving_loss)");
        assertInvalid("model:\n    arch: pnasnet5large\n    input_size: 32\n",
                "model.arch: pnasnet5large needs TorchScript weights: model.arch: torchscript + model.weights (built natively: "
                + "resnet18, resnet34, resnet50, resnet101, seresnext50_32x4d, seresnext101_32x4d, cbam_resnet50, xception)");
    }

    @Test
    void pixelAugmentationsAndRectCropAreParsedAndRangeChecked() {
        // guards augmentations.noise/blur/distortion/color and data.rect_crop reaching the trainer, and their 400s
        TrainingConfig config = TrainingConfigParser.parse(MINIMAL + """
                augmentations:
                    noise: 0.3
                    blur: 0.2
                    distortion: 0.1
                    color: 0.4
                data:
                    rect_crop:
                        enable: true
                        min_ratio: 0.3
                        max_ratio: 1.0
                        scale_both_dims: true
                """);
        Augmentations a = config.augmentations();
        assertThat(List.of(a.noise(), a.blur(), a.distortion(), a.color())).containsExactly(0.3, 0.2, 0.1, 0.4);
        assertThat(a.rectCrop()).isEqualTo(new RectCrop(true, 0.3, 1.0, true));
        assertThat(TrainingConfigParser.parse(MINIMAL).augmentations().rectCrop()).isEqualTo(RectCrop.OFF);
        assertInvalid(MINIMAL + "augmentations:\n    blur: 1.5\n", "augmentations.blur: must be in [0, 1]");
        assertInvalid(MINIMAL + "data:\n    rect_crop:\n        enable: true\n        min_ratio: 0.8\n"
                + "        max_ratio: 0.5\n", "data.rect_crop: needs min_ratio <= max_ratio");
        assertInvalid(MINIMAL + "data:\n    rect_crop:\n        enable: true\n        max_ratio: 1.5\n",
                "data.rect_crop.max_ratio: must be in (0, 1]");
    }

    @Test
    void referenceKeysAtTheirDefaultsAreAccepted() {
        // guards that restating a default, or configuring a disabled feature, is not an error
        TrainingConfig config = TrainingConfigParser.parse(MINIMAL + """
                train:
                    use_balancing_sampler: false
                    mixup: {enable: false, beta_a: 0.3}
                    lr_decay_milestones: []
                scheduler: {name: ''}
                augmentations: {vflip: false, erase: {prob: 0, max_area: 0.4}, affine: none}
                val: {images_per_class: null}
                """);

        assertThat(config.batchSize()).isEqualTo(32);
    }

    @Test
    void keysTheReferenceNeverReadsAreAcceptedAndChangeNothing() {
        // guards keys the reference defines or uses but never acts on: accepted whatever their value, like min_lr
        TrainingConfig plain = TrainingConfigParser.parse(MINIMAL);
        TrainingConfig config = TrainingConfigParser.parse(MINIMAL + """
                train: {use_balancing_sampler: true}
                augmentations: {dropout: 0.3, aug_global_prob: 0.5}
                """);
        assertThat(config).isEqualTo(plain);
        assertThat(TrainingConfigParser.parse("model: {arch: resnet18, input_size: 32, bottleneck_fc: 512}\n"))
                .isEqualTo(plain);
        // adam ignores sgd's momentum and nesterov, as the reference's adam(**_) does
        assertThat(TrainingConfigParser.parse(MINIMAL + "optimizer: {name: adam, params: {momentum: 0.9, nesterov: true}}\n"))
                .isEqualTo(plain);
    }

    @Test
    void firstErrorInDocumentOrderIsReported() {
        // guards deterministic reporting when a config has several problems
        assertInvalid(MINIMAL + "train:\n    batch_size: 0\n    bogus: 1\ntest:\n    batch_size: 0\n",
                "train.batch_size: must be greater than 0");
    }

    private static void assertInvalid(String yaml, String message) {
        assertThatThrownBy(() -> TrainingConfigParser.parse(yaml))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage(message);
    }

    @Test
    void torchScriptWeightsMakeAnyArchNameTrainable(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        // guards the TorchScript keys: weights make torchscript or inceptionresnetv2 valid; without them a 400 says how
        java.nio.file.Path pt = java.nio.file.Files.write(dir.resolve("m.pt"), new byte[] {'P', 'K', 3, 4, 0});
        TrainingConfig config = TrainingConfigParser.parse("model:\n    arch: inceptionresnetv2\n    input_size: 64\n"
                + "    weights: " + pt + "\n    freeze_backbone_epochs: 2\n");
        assertThat(config.torchScript()).isTrue();
        assertThat(config.weights()).isEqualTo(pt.toString());
        assertThat(config.freezeBackboneEpochs()).isEqualTo(2);
        config.checkWeightsReadable();
        assertThat(TrainingConfigParser.parse("model:\n    arch: torchscript\n    input_size: 64\n    weights: " + pt
                + "\n").arch()).isEqualTo("torchscript");
        assertThatThrownBy(() -> TrainingConfigParser.parse("model:\n    arch: pnasnet5large\n    input_size: 64\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("model.arch: pnasnet5large needs TorchScript weights")
                .hasMessageContaining("model.arch: torchscript + model.weights");
        assertInvalid(MINIMAL.replace("model:\n", "model:\n    freeze_backbone_epochs: 1\n"),
                "model.freeze_backbone_epochs: needs model.weights (a TorchScript backbone)");
    }

    @Test
    void weightsPathMustBeAbsoluteWithoutDotDotAndReadableAtCreation(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        // guards model.weights: relative and '..' paths are 400s when parsed; missing or non-zip files when created
        assertInvalid("model:\n    arch: torchscript\n    input_size: 64\n    weights: models/m.pt\n",
                "model.weights: must be an absolute path (the worker's working directory is not the config's)");
        assertInvalid("model:\n    arch: torchscript\n    input_size: 64\n    weights: " + dir + "/../x/m.pt\n",
                "model.weights: must not contain '..' segments");
        TrainingConfig missing = TrainingConfigParser.parse("model:\n    arch: torchscript\n    input_size: 64\n"
                + "    weights: " + dir.resolve("none.pt") + "\n");
        assertThatThrownBy(missing::checkWeightsReadable).isInstanceOf(InvalidConfigException.class)
                .hasMessage("model.weights: no such file: " + dir.resolve("none.pt"));
        java.nio.file.Path text = java.nio.file.Files.writeString(dir.resolve("m.pt"), "state_dict");
        TrainingConfig notZip = TrainingConfigParser.parse("model:\n    arch: torchscript\n    input_size: 64\n"
                + "    weights: " + text + "\n");
        assertThatThrownBy(notZip::checkWeightsReadable).isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("model.weights: not a TorchScript file");
    }

    // guards the reference's v5.1.8-12 configs: multi_step milestones written as a JSON string are read as
    // schedulers.multi_step reads them (json.loads), and anything else in that string is a 400 naming the key
    @Test
    void multiStepMilestonesMayBeAJsonListInAString() {
        TrainingConfig config = TrainingConfigParser.parse(MINIMAL
                + "scheduler:\n    name: multi_step\n    params:\n        gamma: 0.2\n        milestones: '[10, 15, 20]'\n");
        assertThat(config.lrPlan().params().get("milestones")).isEqualTo(java.util.List.of(10, 15, 20));
        assertInvalid(MINIMAL + "scheduler:\n    name: multi_step\n    params:\n        milestones: '[10, ten]'\n",
                "scheduler.params.milestones: must be a list of epochs (integers from 0)");
    }
}
