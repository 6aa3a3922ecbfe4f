package dev.foldhub.ensemble;

import dev.foldhub.scoring.BlendEvaluator;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs several blend searches at once over one evaluator, each on all rows or on all rows but one fold's (the
 * training rows of a nested-CV fold), and scores the points they ask for together: whenever every running search
 * waits for scores, one pass over the candidates ({@link BlendEvaluator#f2Excluding}) scores all their points,
 * decoding each block of values once for all of them. A search that has parts ({@link BlendSearch#parts()}, e.g.
 * {@code auto}'s greedy, Nelder–Mead and CMA-ES) runs each part the same way.
 *
 * <p>Each part runs in its own thread and is scored exactly as on its own rows alone (up to the rounding of the sum
 * of row F2s), whatever the threads' timing: the searches are deterministic, so are the results.
 */
final class LockstepSearches {

    /** A search on all rows (excludedFold -1) or on the rows of every fold but excludedFold. */
    record Task(BlendSearch search, int excludedFold) {
    }

    /**
     * A task's result (its search's {@link BlendSearch#combine} of its parts, with {@code seconds} the wall time until
     * its last part finished), and its parts' own results in order.
     */
    record Outcome(BlendResult result, List<BlendResult> parts) {
    }

    private LockstepSearches() {
    }

    /** foldOfRow: each evaluator row's fold (null when every task searches all rows). Outcomes in the tasks' order. */
    static List<Outcome> run(BlendEvaluator evaluator, int[] foldOfRow, List<Task> tasks) {
        int[] parts = foldOfRow != null ? foldOfRow : new int[evaluator.rows()];
        List<BlendSearch> searches = new ArrayList<>();
        List<Integer> excluded = new ArrayList<>();
        for (Task task : tasks) {
            if (task.excludedFold() >= 0 && foldOfRow == null) {
                throw new IllegalArgumentException("a search without fold " + task.excludedFold()
                        + " needs the fold of each row");
            }
            for (BlendSearch part : task.search().parts()) {
                searches.add(part);
                excluded.add(task.excludedFold());
            }
        }
        int n = searches.size();
        Coordinator coordinator = new Coordinator(evaluator, parts, excluded.stream().mapToInt(Integer::intValue).toArray());
        BlendResult[] results = new BlendResult[n];
        long[] finished = new long[n];
        Throwable[] failures = new Throwable[n];
        long start = System.nanoTime();
        Thread[] threads = new Thread[n];
        for (int i = 0; i < n; i++) {
            int runner = i;
            BlendScorer scorer = coordinator.scorer(runner);
            threads[i] = new Thread(() -> {
                try {
                    results[runner] = searches.get(runner).search(scorer);
                } catch (Throwable failure) {
                    failures[runner] = failure;
                } finally {
                    finished[runner] = System.nanoTime();
                    coordinator.done();
                }
            }, "blend-lockstep-" + i);
            threads[i].setDaemon(true);
        }
        for (Thread thread : threads) {
            thread.start();
        }
        joinAll(threads);
        for (Throwable failure : failures) {
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure instanceof Error error) {
                throw error;
            }
            if (failure != null) {
                throw new IllegalStateException("a blend search failed", failure);
            }
        }
        List<Outcome> outcomes = new ArrayList<>();
        int at = 0;
        for (Task task : tasks) {
            int count = task.search().parts().size();
            List<BlendResult> own = List.of(results).subList(at, at + count);
            long last = start;
            for (int i = at; i < at + count; i++) {
                last = Math.max(last, finished[i]);
            }
            BlendResult combined = task.search().combine(own);
            outcomes.add(new Outcome(new BlendResult(combined.method(), combined.weights(), combined.f2(),
                    combined.evaluations(), (last - start) / 1e9), own));
            at += count;
        }
        return outcomes;
    }

    private static void joinAll(Thread[] threads) {
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the searches end on their own; keep the flag for the caller
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The barrier: the last search to ask (or to finish) runs the pass for everybody waiting. */
    private static final class Coordinator {

        private final BlendEvaluator evaluator;
        private final int[] partOfRow;
        private final int[] excludedOf;
        private final double[][][] asked;
        private final double[][] answers;
        private int live;
        private int waiting;
        private RuntimeException failure;

        Coordinator(BlendEvaluator evaluator, int[] partOfRow, int[] excludedOf) {
            this.evaluator = evaluator;
            this.partOfRow = partOfRow;
            this.excludedOf = excludedOf;
            this.asked = new double[excludedOf.length][][];
            this.answers = new double[excludedOf.length][];
            this.live = excludedOf.length;
        }

        BlendScorer scorer(int runner) {
            int models = evaluator.models();
            return new BlendScorer() {
                @Override
                public int models() {
                    return models;
                }

                @Override
                public double f2(double[] weights) {
                    return score(runner, new double[][] {weights})[0];
                }

                @Override
                public double[] f2Each(double[][] weights) {
                    return weights.length == 0 ? new double[0] : score(runner, weights);
                }
            };
        }

        private synchronized double[] score(int runner, double[][] points) {
            if (failure != null) {
                throw failure;
            }
            asked[runner] = points;
            waiting++;
            if (waiting == live) {
                pass();
            }
            boolean interrupted = false;
            while (answers[runner] == null && failure == null) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true; // a pass always comes: every other search asks or finishes
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (failure != null) {
                throw failure;
            }
            double[] answer = answers[runner];
            answers[runner] = null;
            return answer;
        }

        synchronized void done() {
            live--;
            if (live > 0 && waiting == live) {
                pass();
            }
        }

        /** Scores every waiting search's points in one pass; holds the lock. */
        private void pass() {
            List<double[]> points = new ArrayList<>();
            List<Integer> excluded = new ArrayList<>();
            for (int i = 0; i < asked.length; i++) {
                if (asked[i] != null) {
                    for (double[] point : asked[i]) {
                        points.add(point);
                        excluded.add(excludedOf[i]);
                    }
                }
            }
            try {
                double[] f2 = evaluator.f2Excluding(points.toArray(double[][]::new),
                        excluded.stream().mapToInt(Integer::intValue).toArray(), partOfRow, 0);
                int at = 0;
                for (int i = 0; i < asked.length; i++) {
                    if (asked[i] != null) {
                        double[] answer = new double[asked[i].length];
                        System.arraycopy(f2, at, answer, 0, answer.length);
                        at += answer.length;
                        answers[i] = answer;
                        asked[i] = null;
                    }
                }
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                waiting = 0;
                notifyAll();
            }
        }
    }
}
