package dev.foldhub.training.data;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.Batchifier;
import dev.foldhub.training.LoaderSettings;
import dev.foldhub.training.TrainingCancelledException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One pass over a {@link BatchLoader}'s batches, in order. Up to {@code prefetchBatches} batches are prepared or
 * waiting at any time (the memory bound); taking one submits the next. A failure in a loader thread is rethrown
 * by {@link #next()}; {@link #close()} cancels what is pending and stops the threads.
 */
public final class LoaderPass implements Iterator<Batch>, Iterable<Batch>, AutoCloseable {

    /** Prepares batch {@code batchIndex} of pass {@code pass} from its image indices. */
    interface Preparer {
        BatchLoader.PreparedBatch prepare(int[] indices, int pass, int batchIndex);
    }

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final NDManager manager;
    private final List<int[]> batches;
    private final Preparer preparer;
    private final int pass;
    private final ExecutorService pool;
    private final List<Thread> started = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ArrayDeque<Future<BatchLoader.PreparedBatch>> ahead = new ArrayDeque<>();
    private int submitted;
    private int taken;

    LoaderPass(NDManager manager, List<int[]> batches, Preparer preparer, int pass, LoaderSettings settings) {
        this.manager = manager;
        this.batches = batches;
        this.preparer = preparer;
        this.pass = pass;
        this.pool = Executors.newFixedThreadPool(settings.threads(), threads("foldhub-loader-" + POOLS.incrementAndGet(), started));
        while (submitted < Math.min(settings.prefetchBatches(), batches.size())) {
            submitNext();
        }
    }

    private void submitNext() {
        int index = submitted++;
        int[] indices = batches.get(index);
        ahead.add(pool.submit(() -> preparer.prepare(indices, pass, index)));
    }

    @Override
    public boolean hasNext() {
        return taken < batches.size();
    }

    /** The next batch, its arrays under a new sub-manager of the pass's manager; close it after use. */
    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        BatchLoader.PreparedBatch prepared = await(ahead.poll());
        int[] indices = batches.get(taken);
        if (submitted < batches.size()) {
            submitNext();
        }
        NDManager batchManager = manager.newSubManager();
        int n = prepared.count();
        // an evaluation batch holds each image's TTA views one after another: (N views, 3, size, size)
        NDList data = new NDList(batchManager.create(prepared.pixels(),
                new Shape((long) n * prepared.views(), 3, prepared.size(), prepared.size())));
        NDList labels = new NDList(batchManager.create(prepared.targets(), new Shape(n, prepared.numClasses())));
        List<Long> ids = Arrays.stream(indices).mapToObj(i -> (long) i).toList();
        return new Batch(batchManager, data, labels, n, Batchifier.STACK, Batchifier.STACK, taken++, batches.size(), ids);
    }

    private static BatchLoader.PreparedBatch await(Future<BatchLoader.PreparedBatch> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrainingCancelledException("interrupted while waiting for the next batch");
        } catch (CancellationException e) {
            throw new TrainingCancelledException("the data pipeline was closed");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("could not prepare a batch", cause);
        }
    }

    @Override
    public Iterator<Batch> iterator() {
        return this;
    }

    /** Cancels pending batches and waits (briefly) for the loader threads to end. */
    @Override
    public void close() {
        ahead.forEach(f -> f.cancel(true));
        ahead.clear();
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("loader threads did not stop within 30 s");
            }
            // why: a terminated pool's last worker may still be on its way out; no thread outlives close()
            for (Thread thread : started) {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory threads(String prefix, List<Thread> started) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread thread = new Thread(r, prefix + "-" + count.incrementAndGet());
            started.add(thread);
            thread.setDaemon(true); // why: a stuck decode must not keep the JVM alive at shutdown
            return thread;
        };
    }
}
