package dev.foldhub.prediction;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a reference level1 file name, {@code level1_<train|test>_<model>_f<k>_e<NN>_<score>.npy}
 * (the model part may itself contain underscores; the last {@code _f<k>_e<NN>_} wins).
 */
public record Level1FileName(boolean train, String model, int fold, int epoch, double score) {

    private static final Pattern NAME = Pattern.compile("level1_(train|test)_(.+)_f(\\d{1,3})_e(\\d{1,6})_(\\d{1,3}\\.\\d{1,12})\\.npy");
    private static final Pattern FOLD_PART = Pattern.compile("_f(\\d{1,3})(?=[_.])");

    /** The OOF file of a fold. */
    public static Level1FileName ofTrain(String model, int fold, int epoch, double score) {
        return new Level1FileName(true, model, fold, epoch, score);
    }

    public static Optional<Level1FileName> parse(String fileName) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Level1FileName(m.group(1).equals("train"), m.group(2), Integer.parseInt(m.group(3)),
                Integer.parseInt(m.group(4)), Double.parseDouble(m.group(5))));
    }

    /** The fold of a threshold file named like a checkpoint ({@code ..._f<k>_...yml}): the last {@code _f<k>} followed by '_' or '.'. */
    public static Optional<Integer> foldOfThresholdFile(String fileName) {
        Matcher m = FOLD_PART.matcher(fileName);
        Integer fold = null;
        while (m.find()) {
            fold = Integer.parseInt(m.group(1));
        }
        return Optional.ofNullable(fold);
    }

    /** The name as the reference writes it: level1_&lt;kind&gt;_&lt;model&gt;_f&lt;fold&gt;_e&lt;epoch:02d&gt;_&lt;score:.4f&gt;.npy. */
    public String fileName() {
        return String.format(Locale.ROOT, "level1_%s_%s_f%d_e%02d_%.4f.npy", train ? "train" : "test", model, fold, epoch, score);
    }
}
