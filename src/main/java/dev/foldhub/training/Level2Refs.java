package dev.foldhub.training;

import dev.foldhub.yaml.YamlLimits;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one rule for what makes a config a level-2 stacker and which members it names. A config is level 2 when it has
 * data.inputs or data.input_dir (the reference's level2_* configs) or model.arch level2; data.inputs is then a list
 * of members, each an experiment id, an experiment name, or a list of level1 OOF file names (the reference's form,
 * one list per model, which names the imported experiment of those files). data.input_dir is accepted and not read:
 * the members' predictions come from Foldhub's store.
 */
public final class Level2Refs {

    /** More members than this is surely a mistake (the reference stacks 8). */
    public static final int MAX_MEMBERS = 64;

    /** Sections and keys a stacker accepts and does not use: it reads no images. */
    private static final List<String> IMAGE_ONLY = List.of("augmentations", "test", "train.mixup", "train.swa",
            "train.head_only_warmup", "train.accum_batches_num", "model.input_size", "model.image_size",
            "model.weights", "model.freeze_backbone_epochs", "data.fit", "data.rect_crop", "data.input_dir");

    private Level2Refs() {
    }

    /** Whether the config is a stacker; throws naming model.arch or data.inputs when it is half one. */
    static boolean isLevel2(Map<?, ?> root) {
        Map<?, ?> data = root.get("data") instanceof Map<?, ?> d ? d : Map.of();
        Map<?, ?> model = root.get("model") instanceof Map<?, ?> m ? m : Map.of();
        boolean inputs = data.get("inputs") != null || data.get("input_dir") != null;
        Object arch = model.get("arch");
        if (TrainingConfig.LEVEL2.equals(arch) && data.get("inputs") == null) {
            throw new InvalidConfigException("data.inputs", "is required with model.arch level2: the member experiments "
                    + "(ids, names, or lists of level1 file names)");
        }
        if (inputs && arch != null && !TrainingConfig.LEVEL2.equals(arch)) {
            throw new InvalidConfigException("model.arch", "must be level2 (or left out) in a config with data.inputs, "
                    + "a stacker over its members' OOF predictions; got " + arch);
        }
        if (inputs && data.get("inputs") == null) {
            throw new InvalidConfigException("data.inputs", "is required with data.input_dir: the member experiments");
        }
        return inputs || TrainingConfig.LEVEL2.equals(arch);
    }

    /** The members a level-2 config names, in order; throws naming data.inputs when they are malformed. */
    public static List<Level2Ref> of(String yaml, YamlLimits limits) {
        Map<?, ?> root = TrainingConfigParser.loadMapping(yaml, limits);
        if (!isLevel2(root)) {
            throw new InvalidConfigException("data.inputs", "is required: this config is not a level-2 stacker");
        }
        return parse(root);
    }

    static List<Level2Ref> parse(Map<?, ?> root) {
        Object inputs = ((Map<?, ?>) root.get("data")).get("inputs");
        if (!(inputs instanceof List<?> list) || list.isEmpty()) {
            throw new InvalidConfigException("data.inputs", "must be a non-empty list of member experiments");
        }
        if (list.size() > MAX_MEMBERS) {
            throw new InvalidConfigException("data.inputs", "has " + list.size() + " members; at most " + MAX_MEMBERS);
        }
        List<Level2Ref> refs = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            refs.add(ref(list.get(i), "data.inputs[" + i + "]"));
        }
        return refs;
    }

    private static Level2Ref ref(Object item, String where) {
        if (item instanceof Integer id && id > 0) {
            return new Level2Ref(id.longValue(), null, null);
        }
        if (item instanceof String s && !s.isBlank()) {
            return s.endsWith(".npy") ? new Level2Ref(null, null, List.of(s)) : new Level2Ref(null, s, null);
        }
        if (item instanceof List<?> files && !files.isEmpty() && files.stream().allMatch(f -> f instanceof String)) {
            return new Level2Ref(null, null, files.stream().map(String::valueOf).toList());
        }
        throw new InvalidConfigException("data.inputs", where + " must be an experiment id, an experiment name or a "
                + "list of level1 file names; got " + item);
    }

    /** {@code ignored} plus the image-only keys the user wrote, which a stacker accepts and does not use. */
    static List<String> ignoredByStacker(Map<?, ?> root, List<String> ignored) {
        Set<String> out = new LinkedHashSet<>(ignored);
        leaves(root, "", out);
        return List.copyOf(out);
    }

    private static void leaves(Map<?, ?> node, String prefix, Set<String> out) {
        for (Map.Entry<?, ?> e : node.entrySet()) {
            String path = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> inner) {
                leaves(inner, path + ".", out);
            } else if (e.getValue() != null && IMAGE_ONLY.stream().anyMatch(k -> path.equals(k) || path.startsWith(k + "."))) {
                out.add(path);
            }
        }
    }
}
