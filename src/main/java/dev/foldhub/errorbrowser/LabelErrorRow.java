package dev.foldhub.errorbrowser;

/** One label's OOF errors in JSON: see {@link dev.foldhub.scoring.oof.LabelErrors} for the definitions. */
public record LabelErrorRow(String attributeId, String name, int support, int predicted, int tp, double precision,
                            double recall, double f2Contribution) {
}
