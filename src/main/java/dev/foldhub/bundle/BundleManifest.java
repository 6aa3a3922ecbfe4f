package dev.foldhub.bundle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Kaggle bundle's bundle.json: everything {@code predict} needs besides the checkpoints and configs it names (paths
 * relative to the bundle). combine, numTtas and the thresholds are those of the server's submission it reproduces;
 * postprocess is the rule's JSON when thresholds is "postprocess"; attributeIds/attributeNames are labels.csv's columns
 * in class order; expected the run time from the members' measured test speeds; runtime the jlink'ed Java folder
 * (null when the server's JDK has no jmods: predict.sh then uses {@code java} on PATH).
 */
public record BundleManifest(int format, long ensemble, String ensembleName, String competition, String dataset,
                             String combine, String thresholds, String postprocess, Double tunedThreshold,
                             Double cultureThreshold, Double tagThreshold, List<String> attributeIds,
                             List<String> attributeNames, List<Member> members, Expected expected, String runtime,
                             String javaVersion) {

    /** The format predict reads; a newer bundle is refused with a clear message. */
    public static final int FORMAT = 1;
    public static final String FILE = "bundle.json";

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** One weighted member: its training config (YAML) and its fold models, in the order the server blends them. */
    public record Member(long experiment, String name, double weight, String config, int numTtas, List<Fold> folds) {
    }

    /** One fold model: its OOF threshold and its checkpoint (a DJL .params file). */
    public record Fold(int fold, double threshold, String checkpoint) {
    }

    /**
     * seconds = sum over fold models of images / (their measured images per second), for the data set's test images;
     * secondsPer1000Images the same for 1000; null when no fold model was timed (unmeasured names them).
     */
    public record Expected(int images, Double seconds, Double secondsPer1000Images, List<String> unmeasured) {
    }

    /** The same manifest naming the bundle's runtime folder (null: none) and the JDK it was jlink'ed from. */
    public BundleManifest withRuntime(String folder, String java) {
        return new BundleManifest(format, ensemble, ensembleName, competition, dataset, combine, thresholds, postprocess,
                tunedThreshold, cultureThreshold, tagThreshold, attributeIds, attributeNames, members, expected, folder,
                java);
    }

    public String json() {
        return JSON.writeValueAsString(this);
    }

    public static BundleManifest read(Path bundle) {
        Path file = bundle.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(bundle + " is not a Foldhub bundle: it has no " + FILE);
        }
        try {
            BundleManifest m = JSON.readValue(Files.readString(file), BundleManifest.class);
            if (m.format() > FORMAT) {
                throw new IllegalArgumentException(file + " has format " + m.format() + "; this jar reads up to "
                        + FORMAT);
            }
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
