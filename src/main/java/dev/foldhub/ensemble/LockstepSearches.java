package dev.foldhub.ensemble;

import dev.foldhub.scoring.BlendEvaluator;
import dev.foldhub.scoring.ReferenceBlend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;

/**
 * Runs several blend searches at once over one evaluator, each on all rows or on all rows but one fold's (the
 * training rows of a nested-CV fold), and scores the points they ask for together. A point near its search's
 * reference blend ({@link ReferenceBlend}) is scored from it at once, in the search's own thread; the others wait,
 * and whenever every running search waits, one pass over the candidates ({@link BlendEvaluator#f2Excluding}) scores
 * all their points, decoding each block of values once for all of them. A search whose points its reference answers
 * goes on meanwhile: the searches meet only at the passes (43 passes instead of 380 lockstep rounds at full iMet
 * scale). A search that has parts ({@link BlendSearch#parts()}, e.g. {@code auto}'s greedy, Nelder–Mead and CMA-ES)
 * runs each part the same way.
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
     * its last part finished), its parts' own results in order, how many of its points were scored from a reference
     * blend ({@link ReferenceBlend}) rather than in a pass, and the passes of the whole run (every task's the same).
     */
    record Outcome(BlendResult result, List<BlendResult> parts, int fromReferences, int passes) {
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
            int fromReferences = 0;
            for (int i = at; i < at + count; i++) {
                last = Math.max(last, finished[i]);
                fromReferences += coordinator.fromReference[i];
            }
            BlendResult combined = task.search().combine(own);
            outcomes.add(new Outcome(new BlendResult(combined.method(), combined.weights(), combined.f2(),
                    combined.evaluations(), (last - start) / 1e9), own, fromReferences, coordinator.passes));
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

        /** Visiting a candidate from a reference costs about this many times scoring it in a pass. */
        static final double VISIT_COST = 4;
        /** A reference's build costs about this many passes' worth of one point. */
        static final double BUILD_COST = 8;
        /** The heap all references of one run may hold. */
        static final double REFERENCE_HEAP_SHARE = 1.0 / 16;
        /**
         * References built at once (each build runs on the common pool's threads too), and so scratch arrays held (2
         * bytes a candidate each), as the rounds of the lockstep searches built them.
         */
        static final int CONCURRENT_BUILDS = 2;

        private final BlendEvaluator evaluator;
        private final int[] partOfRow;
        private final int[] excludedOf;
        private final double[][][] asked;
        private final double[][] answers;
        // entry i of references, best, bestF2, debt and fromReference is search i's: read and written by its thread only
        private final ReferenceBlend[] references;
        private final double[][] best;
        private final double[] bestF2;
        /** Search i's cost of scoring since its reference was built, in passes' worth of one point. */
        private final double[] debt;
        /** Points of search i scored from its reference. */
        private final int[] fromReference;
        private final int maxStored;
        private final Queue<short[]> codeScratch = new ConcurrentLinkedQueue<>();
        private final Semaphore builds = new Semaphore(CONCURRENT_BUILDS);
        /** The passes run (read after every search's thread ended). */
        private int passes;
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
            this.references = new ReferenceBlend[excludedOf.length];
            this.best = new double[excludedOf.length][];
            this.bestF2 = new double[excludedOf.length];
            this.debt = new double[excludedOf.length];
            this.fromReference = new int[excludedOf.length];
            // why: where no reference can be built (a restricted view, rows too wide), none is tried after every point
            this.maxStored = evaluator.buildsReferences() ? maxStored(evaluator, excludedOf.length) : 0;
        }

        /**
         * Positions a search's reference may hold: an eighth of the candidates, within {@link #REFERENCE_HEAP_SHARE} of the
         * heap for all searches' references together (8 bytes a position and 2 a value, 12 a row); none when that share
         * holds less than a sixteenth of the candidates a search: a reference reaching so few points, rebuilt over that
         * many candidates, costs more than it saves (at fold thresholds of 0.07, 23 M candidates, 2 GB: the search took
         * 83 s instead of 63 s).
         */
        private static int maxStored(BlendEvaluator evaluator, int searches) {
            long budget = (long) (Runtime.getRuntime().maxMemory() * REFERENCE_HEAP_SHARE);
            long candidates = evaluator.candidates();
            long each = (budget / searches - 12L * evaluator.rows()) / (8 + 2L * evaluator.models());
            return each < candidates / 16 ? 0 : (int) Math.min(candidates / 8, each);
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

        /**
         * Search runner's points: those near its reference blend scored from it in the caller's thread, the rest in the
         * next pass, which runs once every live search waits for one; then the search's reference is refreshed, again in
         * its own thread.
         */
        private double[] score(int runner, double[][] points) {
            double[] f2 = new double[points.length];
            double[] shares = new double[points.length];
            ReferenceBlend reference = references[runner];
            int missing = 0;
            for (int k = 0; k < points.length; k++) {
                f2[k] = reference == null ? Double.NaN : reference.f2(points[k]);
                boolean visited = !Double.isNaN(f2[k]);
                shares[k] = visited ? reference.lastVisitedShare() : 1;
                fromReference[runner] += visited ? 1 : 0;
                missing += visited ? 0 : 1;
            }
            if (missing > 0) {
                double[][] rest = new double[missing][];
                for (int k = 0, j = 0; k < points.length; k++) {
                    if (Double.isNaN(f2[k])) {
                        rest[j++] = points[k];
                    }
                }
                double[] scored = awaitPass(runner, rest);
                for (int k = 0, j = 0; k < points.length; k++) {
                    if (Double.isNaN(f2[k])) {
                        f2[k] = scored[j++];
                    }
                }
            }
            refreshReference(runner, points, f2, shares);
            return f2;
        }

        /** The F2s of points, scored in the next pass with every other waiting search's. */
        private synchronized double[] awaitPass(int runner, double[][] points) {
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

        /** Scores every waiting search's points in one pass over the candidates; holds the lock. */
        private void pass() {
            try {
                int n = asked.length;
                List<double[]> points = new ArrayList<>();
                List<Integer> excluded = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    for (int k = 0; asked[i] != null && k < asked[i].length; k++) {
                        points.add(asked[i][k]);
                        excluded.add(excludedOf[i]);
                    }
                }
                passes++;
                double[] scored = evaluator.f2Excluding(points.toArray(double[][]::new),
                        excluded.stream().mapToInt(Integer::intValue).toArray(), partOfRow, 0);
                for (int i = 0, at = 0; i < n; i++) {
                    if (asked[i] != null) {
                        answers[i] = Arrays.copyOfRange(scored, at, at + asked[i].length);
                        at += asked[i].length;
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

        /**
         * Keeps search i's best point, and moves its reference there once the points it scored since the reference was
         * built cost as much as building one ({@link #BUILD_COST}), counting only points a reference at the best point
         * would reach: a search sampling far and wide gets no reference it would not use.
         */
        private void refreshReference(int i, double[][] points, double[] f2, double[] shares) {
            for (int k = 0; k < points.length; k++) {
                if (best[i] == null || f2[k] > bestF2[i]) {
                    best[i] = points[k];
                    bestF2[i] = f2[k];
                }
            }
            if (maxStored <= 0) {
                return;
            }
            ReferenceBlend reference = references[i];
            if (reference != null) {
                // a point costs its visit, or one pass's share when out of reach, counted when a reference at the best point
                // would have reached it; rebuilding pays once that reaches the cost of a build (the ski-rental rule)
                for (int k = 0; k < points.length; k++) {
                    if (distance(points[k], best[i]) < reference.reach()) {
                        debt[i] += shares[k] < 1 ? shares[k] * VISIT_COST : 1;
                    }
                }
                if (debt[i] < BUILD_COST || Arrays.equals(best[i], reference.weights())) {
                    return;
                }
            }
            debt[i] = 0;
            // why: the replaced reference's arrays and a pooled scratch, instead of 9 MB of new arrays a build at full
            // scale; builds run a few at a time (each on every core already), so no more scratch is ever held than that
            builds.acquireUninterruptibly();
            try {
                short[] code = codeScratch.poll();
                if (code == null) {
                    code = new short[evaluator.candidates()];
                }
                try {
                    references[i] = evaluator.reference(best[i], 0, excludedOf[i], partOfRow, maxStored, code, reference);
                } finally {
                    codeScratch.offer(code);
                }
            } finally {
                builds.release();
            }
        }

        private static double distance(double[] a, double[] b) {
            double d = 0;
            for (int m = 0; m < a.length; m++) {
                d += Math.abs(a[m] - b[m]);
            }
            return d;
        }
    }
}
