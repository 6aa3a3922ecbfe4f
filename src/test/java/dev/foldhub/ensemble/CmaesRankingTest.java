package dev.foldhub.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Guards CMA-ES's ranking of a generation: the order of a sort by fitness then index, ties and signed zeros included. */
class CmaesRankingTest {

    @Test
    void samplesRankByFitnessThenIndexAsTheComparatorOrdersThem() {
        SplittableRandom random = new SplittableRandom(3);
        for (int trial = 0; trial < 500; trial++) {
            double[] fitness = new double[random.nextInt(1, 20)];
            for (int k = 0; k < fitness.length; k++) {
                fitness[k] = switch (random.nextInt(5)) {
                    case 0 -> -0.0;
                    case 1 -> 0.0;
                    case 2 -> -0.5; // ties
                    default -> random.nextDouble(-1, 1);
                };
            }
            int[] expected = IntStream.range(0, fitness.length).boxed()
                    .sorted(Comparator.comparingDouble((Integer k) -> fitness[k]).thenComparingInt(k -> k))
                    .mapToInt(Integer::intValue).toArray();
            assertThat(CmaesBlendSearch.ranked(fitness)).as("trial %d", trial).containsExactly(expected);
        }
    }
}
