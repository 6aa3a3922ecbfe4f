package dev.foldhub.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Against scikit-learn's fbeta_score(average='samples', beta=2) (src/test/resources/golden/make_golden.py), matched
 * to 1e-9; the reference's torch code divides in float32, which differs by ~1e-8 here (asserted < 1e-6).
 */
class F2ScoreGoldenTest {

    private static final int CLASSES = 30;

    @Test
    void sampleAveragedMatchesScikitLearnAtEveryGoldenThreshold() throws IOException {
        // guards: F2Score agrees with scikit-learn's sample-averaged F2, an implementation independent of ours
        List<String> probLines = lines("probs.csv");
        float[] probs = new float[probLines.size() * CLASSES];
        for (int r = 0; r < probLines.size(); r++) {
            String[] cells = probLines.get(r).split(",");
            for (int c = 0; c < CLASSES; c++) {
                // the text is the exact float32 value as a double, so the narrowing is exact
                probs[r * CLASSES + c] = (float) Double.parseDouble(cells[c]);
            }
        }
        int[][] labels = lines("labels.csv").stream()
                .map(l -> l.isBlank() ? new int[0] : Arrays.stream(l.trim().split(" ")).mapToInt(Integer::parseInt).toArray())
                .toArray(int[][]::new);
        assertThat(labels.length).isEqualTo(probLines.size());
        List<String> expected = lines("expected.csv");
        assertThat(expected).hasSize(8);
        assertThat(expected.get(0)).isEqualTo("threshold,f2_sklearn,f2_reference_float32");
        for (String line : expected.subList(1, expected.size())) {
            String[] cells = line.split(",");
            double threshold = Double.parseDouble(cells[0]);
            double f2 = F2Score.sampleAveraged(probs, labels, CLASSES, threshold);
            assertThat(f2).as("sklearn at %s", threshold).isCloseTo(Double.parseDouble(cells[1]), within(1e-9));
            assertThat(f2).as("float32 reference at %s", threshold).isCloseTo(Double.parseDouble(cells[2]), within(1e-6));
        }
    }

    private static List<String> lines(String name) throws IOException {
        try (InputStream in = F2ScoreGoldenTest.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new IOException("missing golden file " + name);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            // keep empty lines (a row without labels), drop only what follows the final newline
            List<String> lines = Arrays.asList(text.split("\n", -1));
            return lines.subList(0, lines.size() - 1);
        }
    }
}
