package dev.foldhub.submission;

import java.util.List;

/**
 * GET /api/ensembles/{id}/inference-estimate: images / measured images-per-second, summed over the weighted
 * members' fold models. estimatedSeconds is null when no fold model has been timed yet; unmeasured names the
 * fold models without a timing (not counted). Model loading is not included (see each job's seconds).
 */
public record InferenceEstimate(long ensemble, int images, Integer ttas, Double estimatedSeconds,
                                List<ModelSpeed> models, List<String> unmeasured) {

    /** The newest timing of one fold model: images per second and the seconds it would take for {@code images}. */
    public record ModelSpeed(long experiment, int fold, int ttas, double imagesPerSecond, double seconds) {
    }
}
