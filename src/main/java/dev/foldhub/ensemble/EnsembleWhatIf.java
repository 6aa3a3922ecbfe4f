package dev.foldhub.ensemble;

import dev.foldhub.scoring.BlendEvaluator;
import dev.foldhub.errors.InvalidInputException;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * What-if scoring of an ensemble with weights a user picks (the dashboard's sliders): the OOF F2 of
 * sum_m w_m * (p - fold threshold) > threshold, on the fast sparse evaluator. Loading the members' OOF
 * costs seconds; the loader keeps the last few evaluators (the BLEND job's among them), so a slider move costs
 * milliseconds.
 */
@Service
public class EnsembleWhatIf {

    private final EnsembleService ensembles;
    private final BlendProblemLoader loader;

    EnsembleWhatIf(EnsembleService ensembles, BlendProblemLoader loader) {
        this.ensembles = ensembles;
        this.loader = loader;
    }

    /** The request body of POST /api/ensembles/{id}/what-if; threshold defaults to 0 (the reference's rule). */
    public record Request(List<Double> weights, Double threshold) {
    }

    /** The blend's pooled OOF F2 with the given weights and threshold. */
    public record Result(double oofF2) {
    }

    /** 404 for an unknown ensemble; 400 naming weights (one finite value >= 0 per member) or threshold (>= -0.1 and >= the evaluator's exact bound for these weights). */
    public Result score(long ensembleId, Request request) {
        EnsembleBlend blend = ensembles.blend(ensembleId);
        double[] weights = weights(request, blend.members().size());
        double threshold = request.threshold() == null ? 0.0 : request.threshold();
        if (!Double.isFinite(threshold) || threshold < BlendProblemLoader.BELOW_MARGIN) {
            throw new InvalidInputException("threshold", "must be a number >= " + BlendProblemLoader.BELOW_MARGIN
                    + " (the evaluator keeps only positions above that margin)");
        }
        BlendEvaluator evaluator = evaluator(blend);
        double lowest = evaluator.minExactThreshold(weights);
        if (threshold < lowest) {
            throw new InvalidInputException("threshold", "must be >= " + lowest + " for these weights (the positions"
                    + " kept under the margin score exactly only down to " + evaluator.belowFloor() + " x sum of weights)");
        }
        return new Result(evaluator.f2(weights, threshold));
    }

    private static double[] weights(Request request, int members) {
        if (request == null || request.weights() == null || request.weights().size() != members) {
            throw new InvalidInputException("weights", "give one weight per member (" + members + ")");
        }
        double[] weights = new double[members];
        for (int m = 0; m < members; m++) {
            Double w = request.weights().get(m);
            if (w == null || !Double.isFinite(w) || w < 0) {
                throw new InvalidInputException("weights", "weights[" + m + "] = " + w + " must be a finite number >= 0");
            }
            weights[m] = w;
        }
        return weights;
    }

    private BlendEvaluator evaluator(EnsembleBlend blend) {
        List<Long> members = blend.members().stream().map(EnsembleBlend.Member::experimentId).toList();
        return loader.load(blend.datasetId(), blend.foldAssignmentId(), members, blend.folds()).evaluator();
    }
}
