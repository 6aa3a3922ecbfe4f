package dev.foldhub.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubmissionCsvTest {

    // guards Kaggle's format: header, rows in the given order, ids ascending by value, empty prediction allowed
    @Test
    void writesRowsInOrderWithAttributeIdsAscendingByValue() {
        List<String> attributeIds = List.of("0", "13", "2", "1002");
        String csv = SubmissionCsv.write(List.of("b7", "a1", "c3"),
                new int[][] {{1, 2, 0}, {}, {3, 1}}, attributeIds);
        assertThat(csv).isEqualTo("""
                id,attribute_ids
                b7,0 2 13
                a1,
                c3,13 1002
                """);
    }

    // guards that non-numeric attribute ids still get a stable order (after the numeric ones, as text)
    @Test
    void sortsNonNumericIdsAsTextAfterNumbers() {
        String csv = SubmissionCsv.write(List.of("x"), new int[][] {{0, 1, 2}}, List.of("b", "10", "a"));
        assertThat(csv).isEqualTo("id,attribute_ids\nx,10 a b\n");
    }

    // guards against a CSV whose rows do not match sample_submission.csv
    @Test
    void refusesAMismatchedNumberOfRows() {
        assertThatThrownBy(() -> SubmissionCsv.write(List.of("a", "b"), new int[][] {{0}}, List.of("0")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
