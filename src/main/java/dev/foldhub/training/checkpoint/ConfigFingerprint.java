package dev.foldhub.training.checkpoint;

import dev.foldhub.training.FoldData;
import dev.foldhub.training.LabeledImage;
import dev.foldhub.training.TrainingConfig;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A hash of everything a fold's training depends on (the config, the seed, the image names and labels), so a resume
 * checkpoint of another config or data is never continued. Maps are hashed sorted by key.
 * why: {@code Map.copyOf} iterates in a per-JVM random order, so a record's toString is not stable across runs.
 */
public final class ConfigFingerprint {

    private ConfigFingerprint() {
    }

    public static String of(TrainingConfig config, FoldData data) {
        StringBuilder text = new StringBuilder();
        canonical(config, text);
        text.append("|classes=").append(data.numClasses()).append("|seed=").append(data.seed());
        appendImages("train", data.train(), text);
        appendImages("validation", data.validation(), text);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void appendImages(String name, List<LabeledImage> images, StringBuilder text) {
        text.append('|').append(name).append('=');
        for (LabeledImage image : images) {
            // why: the file name, not the path: a checkpoint carried to another worker has the data set elsewhere
            text.append(image.path().getFileName()).append(java.util.Arrays.toString(image.labels())).append(';');
        }
    }

    static void canonical(Object value, StringBuilder out) {
        if (value instanceof Record r) {
            out.append(r.getClass().getSimpleName()).append('[');
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                out.append(c.getName()).append('=');
                try {
                    canonical(c.getAccessor().invoke(r), out);
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException(e);
                }
                out.append(',');
            }
            out.append(']');
        } else if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
            out.append('{');
            sorted.forEach((k, v) -> {
                out.append(k).append('=');
                canonical(v, out);
                out.append(',');
            });
            out.append('}');
        } else {
            out.append(value);
        }
    }
}
