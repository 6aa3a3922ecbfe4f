package dev.foldhub.training;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** test.tta_combine_func: how train.py's inference() merges the sigmoid outputs of an image's TTA views. */
public enum TtaCombine {
    /** output.view(bs, ncrops, -1).mean(1) */
    MEAN,
    /** output.view(bs, ncrops, -1).max(1)[0] */
    MAX;

    /** The names the reference accepts (anything else is its {@code assert False}). */
    public static final List<String> NAMES = Arrays.stream(values()).map(TtaCombine::configName).toList();

    /** The name as configs and the API write it: mean, max. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The combine func of a config name, or null when there is none of that name. */
    public static TtaCombine fromName(String name) {
        for (TtaCombine c : values()) {
            if (c.configName().equals(name)) {
                return c;
            }
        }
        return null;
    }
}
