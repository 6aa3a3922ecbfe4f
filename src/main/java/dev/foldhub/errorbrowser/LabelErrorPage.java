package dev.foldhub.errorbrowser;

import java.util.List;

/**
 * A sorted page of the per-label OOF errors of an experiment or ensemble ({@code kind} and {@code id}).
 *
 * @param rows   the train rows with OOF predictions
 * @param oofF2  their sample-averaged F2
 * @param total  labels in all
 */
public record LabelErrorPage(String kind, long id, int rows, double oofF2, String sort, String dir, int offset, int limit,
                             int total, List<LabelErrorRow> labels) {
}
