package dev.foldhub.ensemble;

import java.util.List;

/**
 * An ensemble's post-processing as the API shows it and the database stores it (JSON): the rule submissions apply
 * ({@code chosen} names it among {@code rules}), every rule scored, and the step's wall time (null when imported).
 */
public record PostprocessView(String chosen, PostprocessSpec rule, List<RuleView> rules, Double seconds) {

    /**
     * One rule's scores: OOF F2 at the blend's weights, nested-CV F2 (null when not estimated), their gains over the
     * reference's rule (threshold 0), and whether the OOF F2 is exact (else inexactRows needed a position not held).
     */
    public record RuleView(String name, PostprocessSpec rule, double oofF2, Double nestedCvF2, double oofGain,
                           Double nestedCvGain, boolean exact, int inexactRows) {
    }

    public RuleView chosenRule() {
        return rules.stream().filter(r -> r.name().equals(chosen)).findFirst().orElse(null);
    }
}
