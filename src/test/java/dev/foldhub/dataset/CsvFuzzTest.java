package dev.foldhub.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.testsupport.Fuzz;
import dev.foldhub.errors.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated iMet CSV lines and files: a line splits or is an IllegalArgumentException; a file streams or is
 * a 400 (InvalidInputException on "path"), each within 2 s.
 */
class CsvFuzzTest {

    private static final String LABELS = "attribute_id,attribute_name\n0,culture::abruzzi\n"
            + "1,\"culture::american, north\"\n2,\"tag::say \"\"hi\"\"\"\n";
    private static final String TRAIN = "id,attribute_ids\n1000483014d91860,147 616 813\n1000fe2e667721fe,51 616 734 813\n";

    @Test
    void mutatedLinesSplitOrAreRejectedAsUnterminated() {
        Fuzz fuzz = new Fuzz(4180L);
        int cases = 0;
        for (String seed : (LABELS + TRAIN).lines().toList()) {
            for (int i = 0; i < 300; i++) {
                String line = fuzz.mutate(seed);
                Fuzz.check("line " + cases, line, () -> CsvLine.split(line), IllegalArgumentException.class);
                cases++;
            }
        }
        assertThat(cases).isGreaterThanOrEqualTo(1000);
    }

    @Test
    void mutatedFilesStreamOrAreA400OnPath(@TempDir Path dir) throws IOException {
        Fuzz fuzz = new Fuzz(2019L);
        Path file = dir.resolve("train.csv");
        for (int i = 0; i < 300; i++) {
            byte[] csv = fuzz.mutate((i % 2 == 0 ? LABELS : TRAIN).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            Files.write(file, csv);
            List<String> columns = i % 2 == 0 ? List.of("attribute_id", "attribute_name") : List.of("id", "attribute_ids");
            Fuzz.check("file " + i, csv, () -> CsvFile.forEachRow(file, columns, (line, values) -> {
                assertThat(values).hasSize(columns.size());
            }), InvalidInputException.class);
        }
    }
}
