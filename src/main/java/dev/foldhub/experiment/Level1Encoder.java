package dev.foldhub.experiment;

import dev.foldhub.prediction.EncodedPredictions;
import dev.foldhub.prediction.Npy;
import dev.foldhub.errors.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Streams an import's checked .npy files into float16, one file ahead of the caller: while the caller stores file
 * i, a helper thread encodes file i + 1. So at most two encoded files (2 bytes a value each) are in memory, and no
 * file is ever a byte[] or float[] of its own.
 */
final class Level1Encoder {

    /** a file to encode: its data get + threshold (probability = (probability - threshold) + threshold) */
    record Item(UploadedFile file, Npy.Float2dHeader header, double threshold) {
    }

    /** what the caller does with each file's encoded predictions, in order (its transaction, its thread) */
    @FunctionalInterface
    interface Sink {
        void store(int index, EncodedPredictions predictions);
    }

    private Level1Encoder() {
    }

    /** Encodes every item, in order, handing each to sink; a file that turns out bad is a 400 naming it. */
    static void encodeAll(List<Item> items, Sink sink) {
        if (items.isEmpty()) {
            return;
        }
        ExecutorService ahead = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "level1-encode");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<EncodedPredictions> next = ahead.submit(() -> encode(items.get(0)));
            for (int i = 0; i < items.size(); i++) {
                EncodedPredictions current = await(next);
                int following = i + 1;
                next = following < items.size() ? ahead.submit(() -> encode(items.get(following))) : null;
                sink.store(i, current);
            }
        } finally {
            // why shutdownNow: after a failure the file being encoded ahead is not wanted; its thread ends with it
            ahead.shutdownNow();
        }
    }

    /** One file's data, read from its stream past the header checked before. */
    static EncodedPredictions encode(Item item) {
        UploadedFile file = item.file();
        try (InputStream in = file.content().open()) {
            in.skipNBytes(item.header().dataOffset());
            return EncodedPredictions.readNpyData(in, item.header(), (float) item.threshold());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(file.fileName(), e.getMessage());
        } catch (java.io.EOFException e) {
            throw new InvalidInputException(file.fileName(), "npy: truncated header");
        } catch (IOException e) {
            throw Level1Files.unreadable(file, e);
        }
    }

    private static EncodedPredictions await(Future<EncodedPredictions> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while encoding an import", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
