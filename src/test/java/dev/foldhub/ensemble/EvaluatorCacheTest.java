package dev.foldhub.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.scoring.BlendEvaluator;
import dev.foldhub.scoring.BlendEvaluatorBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluatorCacheTest {

    /** An evaluator of one model over `rows` rows of 4 classes, every position a candidate. */
    private static BlendEvaluator evaluator(int rows) {
        float[] x = new float[rows * 4];
        java.util.Arrays.fill(x, 0.5f);
        return BlendEvaluatorBuilder.of(List.of(x), new int[rows][0], 4, null);
    }

    @Test
    void keepsAtMostItsByteBudgetEvictingTheLeastRecentlyUsed() {
        // guards: the what-if cache never holds more bytes than its budget; the least recently used goes first
        BlendEvaluator small = evaluator(100);
        BlendEvaluator other = evaluator(100);
        BlendEvaluator large = evaluator(300);
        long budget = small.estimatedBytes() + large.estimatedBytes();
        EvaluatorCache<Integer> cache = new EvaluatorCache<>(5, budget);
        cache.put(1, small);
        cache.put(2, other);
        assertThat(cache.get(1)).isSameAs(small); // 1 is now more recent than 2
        cache.put(3, large);
        assertThat(cache.get(2)).isNull();
        assertThat(cache.get(1)).isSameAs(small);
        assertThat(cache.get(3)).isSameAs(large);
        assertThat(cache.bytes()).isEqualTo(budget);
    }

    @Test
    void anEvaluatorLargerThanTheBudgetIsNotKeptAndEvictsNothing() {
        // guards: one huge blend problem is scored but never pinned in the heap
        EvaluatorCache<Integer> cache = new EvaluatorCache<>(2, evaluator(100).estimatedBytes());
        BlendEvaluator kept = evaluator(100);
        cache.put(1, kept);
        cache.put(2, evaluator(101));
        assertThat(cache.get(2)).isNull();
        assertThat(cache.get(1)).isSameAs(kept);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void keepsAtMostItsNumberOfEntries() {
        // guards: the count bound still holds when bytes allow more
        EvaluatorCache<Integer> cache = new EvaluatorCache<>(2, Long.MAX_VALUE);
        cache.put(1, evaluator(10));
        cache.put(2, evaluator(10));
        cache.put(3, evaluator(10));
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get(1)).isNull();
    }
}
