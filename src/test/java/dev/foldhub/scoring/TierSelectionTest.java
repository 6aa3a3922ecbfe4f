package dev.foldhub.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Guards the selection that cuts a row's tier under the margin: the k-th largest key, ties and signed zeros included. */
class TierSelectionTest {

    @Test
    void theSelectedKeyIsTheKthLargestOfTheSortedKeys() {
        SplittableRandom random = new SplittableRandom(5);
        for (int trial = 0; trial < 2000; trial++) {
            int n = random.nextInt(1, 120);
            float[] keys = new float[n];
            int distinct = random.nextInt(1, 12); // few distinct values: many ties at the cut
            for (int i = 0; i < n; i++) {
                keys[i] = trial % 2 == 0 ? (float) -random.nextDouble(0.1) : -0.01f * random.nextInt(distinct);
            }
            if (trial % 7 == 0) {
                keys[random.nextInt(n)] = -0f;
                keys[random.nextInt(n)] = 0f;
            }
            float[] sorted = keys.clone();
            Arrays.sort(sorted);
            int k = random.nextInt(1, n + 1);
            float selected = BlendRows.largest(keys.clone(), n, k);
            assertThat(selected == sorted[n - k]).as("trial %d: %d-th largest of %s", trial, k, Arrays.toString(sorted))
                    .isTrue();
        }
    }
}
