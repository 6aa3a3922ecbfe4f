package dev.foldhub.experiment;

import java.util.Arrays;
import java.util.Optional;

/**
 * The columns experiments can be sorted by, each with the SQL expression it sorts on (a fixed list: nothing a
 * request sends reaches the ORDER BY). {@code status} and {@code cvMean} are derived from the folds in SQL
 * (see {@link ExperimentListing}); {@code cvF2} is another name of {@code cvMean}.
 */
public enum ExperimentSort {
    ID("id", "e.id"),
    NAME("name", "LOWER(e.name)"),
    ARCH("arch", "e.arch"),
    INPUT_SIZE("inputSize", "e.input_size"),
    LOSS("loss", "e.loss"),
    STATUS("status", ExperimentListing.STATUS),
    CV_MEAN("cvMean", "f.cv_mean"),
    OOF_F2("oofF2", "e.oof_f2"),
    CREATED("created", "e.created_at");

    private final String key;
    private final String sql;

    ExperimentSort(String key, String sql) {
        this.key = key;
        this.sql = sql;
    }

    /** The column a request names ({@code cvF2} is {@code cvMean}), or empty when there is none of that name. */
    public static Optional<ExperimentSort> byKey(String key) {
        if ("cvF2".equals(key)) {
            return Optional.of(CV_MEAN);
        }
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }

    public String key() {
        return key;
    }

    String sql() {
        return sql;
    }

    /** Whether sorting needs the per-experiment fold summary (status, CV). */
    boolean needsFolds() {
        return this == STATUS || this == CV_MEAN;
    }
}
