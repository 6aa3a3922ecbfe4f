package dev.foldhub.mlflow;

import dev.foldhub.mlflow.MlflowMessages.Metric;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit of logged metrics: requests that arrive while a transaction is being written wait in a queue, and one
 * writer thread stores all of them in its next transaction (up to {@link #MAX_POINTS} points), so 20 clients sending
 * one point each cost one commit rather than 20. {@link #write} returns only after that commit: a point acknowledged
 * is stored. When a group's transaction fails, each request of it is written again alone, so one bad request fails
 * only itself.
 */
@Component
class MetricGroupCommit {

    /** A request of this many points or more has its commit to itself already and is written in its own thread. */
    static final int ALONE_FROM = 500;

    /** The most points one grouped transaction takes (a request is never split). */
    static final int MAX_POINTS = 20_000;

    private record Pending(String runId, List<Metric> metrics, CompletableFuture<Void> done) {
    }

    private final MlflowMetricStore store;
    private final TransactionTemplate tx;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean stopping;

    MetricGroupCommit(MlflowMetricStore store, PlatformTransactionManager transactions) {
        this.store = store;
        this.tx = new TransactionTemplate(transactions);
        this.writer = new Thread(this::run, "mlflow-metric-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Stores the run's values; returns once they are committed, or throws what storing them threw. */
    void write(String runId, List<Metric> metrics) {
        if (stopping || metrics.size() >= ALONE_FROM) {
            // shutting down: no group to join; a large batch: its own transaction, in parallel with the writer's
            tx.executeWithoutResult(s -> store.log(runId, metrics));
            return;
        }
        Pending pending = new Pending(runId, metrics, new CompletableFuture<>());
        queue.add(pending);
        try {
            while (true) {
                try {
                    pending.done().get(1, TimeUnit.SECONDS);
                    return;
                } catch (TimeoutException e) {
                    // queued just as the writer stopped: nobody else will write it
                    if (!writer.isAlive() && queue.remove(pending)) {
                        tx.executeWithoutResult(s -> store.log(runId, metrics));
                        return;
                    }
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the metrics were written", e);
        }
    }

    private void run() {
        while (!stopping || !queue.isEmpty()) {
            Pending first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                continue; // stopping: what is queued is still written
            }
            if (first == null) {
                continue;
            }
            List<Pending> group = new ArrayList<>(List.of(first));
            int points = first.metrics().size();
            Pending next;
            while (points < MAX_POINTS && (next = queue.peek()) != null && points + next.metrics().size() <= MAX_POINTS) {
                group.add(queue.poll());
                points += next.metrics().size();
            }
            writeGroup(group);
        }
    }

    private void writeGroup(List<Pending> group) {
        try {
            Map<String, List<Metric>> byRun = new LinkedHashMap<>();
            for (Pending p : group) {
                byRun.computeIfAbsent(p.runId(), k -> new ArrayList<>()).addAll(p.metrics());
            }
            tx.executeWithoutResult(s -> store.logAll(byRun));
            group.forEach(p -> p.done().complete(null));
        } catch (RuntimeException groupFailed) {
            for (Pending p : group) {
                try {
                    tx.executeWithoutResult(s -> store.log(p.runId(), p.metrics()));
                    p.done().complete(null);
                } catch (RuntimeException e) {
                    p.done().completeExceptionally(e);
                }
            }
        } catch (Error e) {
            group.forEach(p -> p.done().completeExceptionally(e));
            throw e;
        }
    }

    /** Writes what is queued, then stops the writer; later calls write alone. */
    @PreDestroy
    void stop() throws InterruptedException {
        stopping = true;
        writer.join(TimeUnit.SECONDS.toMillis(30));
    }
}
