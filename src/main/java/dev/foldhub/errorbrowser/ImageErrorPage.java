package dev.foldhub.errorbrowser;

import java.util.List;

/** The worst train images by OOF F2, lowest first. */
public record ImageErrorPage(String kind, long id, long datasetId, int rows, double oofF2, List<ImageErrorView> images) {
}
