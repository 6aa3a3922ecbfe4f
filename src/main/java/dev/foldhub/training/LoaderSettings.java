package dev.foldhub.training;

/**
 * The data pipeline's resources: threads that decode, augment, normalise and stack batches ahead of the trainer,
 * how many prepared batches may wait (the memory bound), and a byte budget for keeping decoded images between epochs.
 *
 * @param threads         loader threads per fold (at least 1)
 * @param prefetchBatches prepared or in-preparation batches ahead of the trainer (at least 1)
 * @param cacheBytes      decoded images (3 bytes a pixel) kept for later epochs, 0 to decode every epoch
 */
public record LoaderSettings(int threads, int prefetchBatches, long cacheBytes) {

    public LoaderSettings {
        if (threads < 1 || prefetchBatches < 1 || cacheBytes < 0) {
            throw new IllegalArgumentException("loader threads and prefetch batches must be at least 1 and the cache"
                    + " not negative, got " + threads + ", " + prefetchBatches + ", " + cacheBytes);
        }
    }

    /** Up to 4 threads (fewer on a smaller machine), 2 batches a thread ahead, 512 MiB of decoded images. */
    public static LoaderSettings defaults() {
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        return new LoaderSettings(threads, 2 * threads, 512L << 20);
    }
}
