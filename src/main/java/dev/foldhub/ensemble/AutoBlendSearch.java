package dev.foldhub.ensemble;

import dev.foldhub.scoring.BlendEvaluator;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs several searches (by default greedy, Nelder–Mead, CMA-ES, in that order) and keeps the one with the
 * highest OOF F2. A tie keeps the earlier search: greedy first, as its integer-count weights are the
 * simplest. The result is named "auto:&lt;winner&gt;" and counts the evaluations and time of all searches.
 */
public final class AutoBlendSearch implements BlendSearch {

    private final List<BlendSearch> searches;

    public AutoBlendSearch() {
        this(List.of(new GreedyBlendSearch(), new NelderMeadBlendSearch(), new CmaesBlendSearch()));
    }

    public AutoBlendSearch(List<BlendSearch> searches) {
        if (searches.isEmpty()) {
            throw new IllegalArgumentException("need at least one search");
        }
        this.searches = List.copyOf(searches);
    }

    @Override
    public String name() {
        return "auto";
    }

    @Override
    public BlendResult search(BlendScorer scorer) {
        List<BlendResult> results = new ArrayList<>();
        for (BlendSearch search : searches) {
            results.add(search.search(scorer));
        }
        return best(results);
    }

    /** Every search's result, in order, the searches run side by side ({@link LockstepSearches}). */
    public List<BlendResult> searchAll(BlendEvaluator evaluator) {
        return LockstepSearches.run(evaluator, null, List.of(new LockstepSearches.Task(this, -1))).get(0).parts();
    }

    @Override
    public List<BlendSearch> parts() {
        return searches;
    }

    @Override
    public BlendResult combine(List<BlendResult> partResults) {
        return best(partResults);
    }

    /** The first result with the highest F2, renamed "auto:&lt;method&gt;" with the summed cost of all. */
    public static BlendResult best(List<BlendResult> results) {
        BlendResult best = results.get(0);
        int evaluations = 0;
        double seconds = 0;
        for (BlendResult result : results) {
            if (result.f2() > best.f2()) {
                best = result;
            }
            evaluations += result.evaluations();
            seconds += result.seconds();
        }
        return new BlendResult("auto:" + best.method(), best.weights(), best.f2(), evaluations, seconds);
    }
}
