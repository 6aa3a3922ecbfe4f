package dev.foldhub.prediction;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reference's name of a fold's OOF file: level1_train_&lt;model&gt;_f&lt;fold&gt;_e&lt;epoch:02d&gt;_&lt;score:.4f&gt;.npy.
 */
public record Level1FileName(String model, int fold, int epoch, double score) {

    private static final Pattern TRAIN = Pattern.compile("level1_train_(.+)_f(\\d+)_e(\\d+)_(\\d+\\.\\d+)\\.npy");

    public static Optional<Level1FileName> parseTrain(String fileName) {
        Matcher m = TRAIN.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Level1FileName(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                Double.parseDouble(m.group(4))));
    }

    public String train() {
        return String.format(Locale.ROOT, "level1_train_%s_f%d_e%02d_%.4f.npy", model, fold, epoch, score);
    }
}
