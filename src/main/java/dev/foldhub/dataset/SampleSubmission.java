package dev.foldhub.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Kaggle's sample_submission.csv: its ids in file order are the test images and the submission's row order. */
public final class SampleSubmission {

    private SampleSubmission() {
    }

    /** The id column in file order; a missing column or short row is a 400 on field "path" ({@link CsvFile}). */
    public static List<String> ids(Path file) {
        List<String> ids = new ArrayList<>();
        CsvFile.forEachRow(file, List.of("id", "attribute_ids"), (line, v) -> ids.add(v[0]));
        return ids;
    }
}
