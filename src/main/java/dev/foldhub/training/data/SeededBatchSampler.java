package dev.foldhub.training.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Batches of indices in order or in a fresh permutation per pass drawn from a seeded random, so a fold's
 * batches are reproducible. A trailing batch of one is dropped when training.
 * why: BatchNorm in training mode rejects a single sample once the feature map is 1x1 (ResNet's last stage at 32 px).
 */
public final class SeededBatchSampler {

    private final int batchSize;
    private final Random shuffleRandom;
    private final boolean dropSingleton;

    /** @param shuffleRandom null keeps the data set's order */
    public SeededBatchSampler(int batchSize, Random shuffleRandom, boolean dropSingleton) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        this.batchSize = batchSize;
        this.shuffleRandom = shuffleRandom;
        this.dropSingleton = dropSingleton;
    }

    /** One pass's batches of indices below n; a shuffling sampler draws a fresh permutation per call. */
    List<int[]> batches(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (shuffleRandom != null) {
            for (int i = n - 1; i > 0; i--) {
                // Fisher-Yates: swap i with a uniform j in [0, i]
                int j = shuffleRandom.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        List<int[]> batches = new ArrayList<>();
        for (int start = 0; start < n; start += batchSize) {
            int end = Math.min(n, start + batchSize);
            if (dropSingleton && end - start == 1 && n > 1) {
                break;
            }
            batches.add(Arrays.copyOfRange(order, start, end));
        }
        return batches;
    }
}
