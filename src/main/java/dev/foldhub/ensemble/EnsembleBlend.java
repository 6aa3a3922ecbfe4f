package dev.foldhub.ensemble;

import java.util.List;

/**
 * An ensemble's blend as a submission applies it: the members' weights (null until the search has finished)
 * and its tuned thresholds (null when not tuned), in the units of sum_m w_m * (p - fold threshold). folds are
 * the folds it blends (every member has them; partial when fewer than the assignment's); experimentId is the
 * experiment of a one-experiment submission's ensemble (POST /api/experiments/{id}/submissions), else null;
 * postprocess its chosen post-processing rule (null until computed or imported); tunedF2 and groupTunedF2 the OOF F2
 * at the tuned global and per-group thresholds, postprocessRules every scored post-processing rule (null when none).
 */
public record EnsembleBlend(long id, String name, long datasetId, long foldAssignmentId, List<Member> members,
                            Double tunedThreshold, Double cultureThreshold, Double tagThreshold, Double oofF2,
                            Double nestedCvF2, List<Integer> folds, boolean partial, Long experimentId,
                            PostprocessSpec postprocess, Double tunedF2, Double groupTunedF2,
                            List<PostprocessView.RuleView> postprocessRules) {

    /** One member experiment and its weight. */
    public record Member(long experimentId, Double weight) {
    }

    /** An OOF F2 and which one it is (source names it; f2 null when no stored score matches). */
    public record SubmittedF2(Double f2, String source) {
    }

    /**
     * The OOF F2 of what a submission with these thresholds ("fold", "tuned", "groups" or "postprocess" with its
     * rule) submits: the blend's OOF F2, the tuned or group-tuned F2, or the F2 of the scored rule equal to the one
     * applied (none when the rule was given by hand and not scored).
     */
    public SubmittedF2 submittedF2(String thresholds, PostprocessSpec rule) {
        return switch (thresholds == null ? "fold" : thresholds) {
            case "tuned" -> new SubmittedF2(tunedF2, "OOF F2 at the tuned threshold");
            case "groups" -> new SubmittedF2(groupTunedF2, "OOF F2 at the tuned per-group thresholds");
            case "postprocess" -> (postprocessRules == null ? List.<PostprocessView.RuleView>of() : postprocessRules)
                    .stream().filter(r -> r.rule().equals(rule)).findFirst()
                    .map(r -> new SubmittedF2(r.oofF2(), "post-processed OOF F2 (rule " + r.name() + ")"))
                    .orElse(new SubmittedF2(null, "post-processing rule not scored on the OOF predictions"));
            default -> new SubmittedF2(oofF2, "the blend's OOF F2 at the fold thresholds");
        };
    }

    /** Whether every member has a weight, i.e. the blend search finished (or the ensemble was imported). */
    public boolean weighted() {
        return members.stream().allMatch(m -> m.weight() != null);
    }
}
