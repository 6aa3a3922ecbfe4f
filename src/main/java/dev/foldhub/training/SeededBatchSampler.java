package dev.foldhub.training;

import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Sampler;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * Batches of indices in order or in a fresh permutation per pass drawn from a seeded random, so a fold's
 * batches are reproducible. A trailing batch of one is dropped when training.
 * why: BatchNorm in training mode rejects a single sample once the feature map is 1x1 (ResNet's last stage at 32 px).
 */
final class SeededBatchSampler implements Sampler {

    private final int batchSize;
    private final Random shuffleRandom;
    private final boolean dropSingleton;

    /** @param shuffleRandom null keeps the data set's order */
    SeededBatchSampler(int batchSize, Random shuffleRandom, boolean dropSingleton) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        this.batchSize = batchSize;
        this.shuffleRandom = shuffleRandom;
        this.dropSingleton = dropSingleton;
    }

    @Override
    public Iterator<List<Long>> sample(RandomAccessDataset dataset) {
        int n = Math.toIntExact(dataset.size());
        long[] order = new long[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (shuffleRandom != null) {
            for (int i = n - 1; i > 0; i--) {
                // Fisher-Yates: swap i with a uniform j in [0, i]
                int j = shuffleRandom.nextInt(i + 1);
                long t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        List<List<Long>> batches = new ArrayList<>();
        for (int start = 0; start < n; start += batchSize) {
            int end = Math.min(n, start + batchSize);
            if (dropSingleton && end - start == 1 && n > 1) {
                break;
            }
            List<Long> batch = new ArrayList<>(end - start);
            for (int i = start; i < end; i++) {
                batch.add(order[i]);
            }
            batches.add(batch);
        }
        return batches.iterator();
    }

    @Override
    public int getBatchSize() {
        return batchSize;
    }
}
