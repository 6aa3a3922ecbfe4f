package dev.foldhub.pseudolabel;

import dev.foldhub.dataset.DatasetService;
import dev.foldhub.dataset.PseudoLabelRows;
import dev.foldhub.dataset.PseudoLabelledVersion;
import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.submission.PredictedTestLabels;
import dev.foldhub.submission.SubmissionService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Service;

/**
 * Pseudo-labels: a new version of a submission's data set with the test images whose labels the submission predicted
 * confidently, as train-only rows, and a preview of what that would add.
 */
@Service
public class PseudoLabelService {

    static final int BINS = 10;

    private final SubmissionService submissions;
    private final DatasetService datasets;

    PseudoLabelService(SubmissionService submissions, DatasetService datasets) {
        this.submissions = submissions;
        this.datasets = datasets;
    }

    /** 400 naming minConfidence or maxLabelsPerImage, 404 for an unknown submission, 409 for an unfinished one. */
    PseudoLabelPreview preview(long submissionId, Double minConfidence, Integer maxLabelsPerImage) {
        double min = checkMinConfidence(minConfidence);
        checkMaxLabels(maxLabelsPerImage);
        PredictedTestLabels p = submissions.predictedTestLabels(submissionId);
        PseudoLabelSelection.Selected all = PseudoLabelSelection.select(p.predicted(), p.confidence(), min,
                Integer.MAX_VALUE);
        PseudoLabelSelection.Selected capped = maxLabelsPerImage == null ? all
                : PseudoLabelSelection.select(p.predicted(), p.confidence(), min, maxLabelsPerImage);
        int predictedImages = 0;
        int predictedLabels = 0;
        for (int[] labels : p.predicted()) {
            predictedImages += labels.length > 0 ? 1 : 0;
            predictedLabels += labels.length;
        }
        return new PseudoLabelPreview(submissionId, p.datasetId(), min, maxLabelsPerImage, p.testIds().size(),
                predictedImages, predictedLabels, all.rows().length, all.labels(), perImage(all),
                histogram(p, capped), maxLabelsPerImage == null ? null : new PseudoLabelPreview.Capped(
                        maxLabelsPerImage, capped.rows().length, capped.labels(), perImage(capped)));
    }

    /** 400 naming name, minConfidence or maxLabelsPerImage; 404/409 for the submission; 422 when nothing is added. */
    PseudoLabelResponse create(long submissionId, PseudoLabelRequest request) {
        PseudoLabelRequest r = request == null ? new PseudoLabelRequest(null, null, null) : request;
        if (r.name() == null || r.name().isBlank()) {
            throw new InvalidInputException("name", "is required (the new data set's name)");
        }
        double min = checkMinConfidence(r.minConfidence());
        checkMaxLabels(r.maxLabelsPerImage());
        PredictedTestLabels p = submissions.predictedTestLabels(submissionId);
        PseudoLabelSelection.Selected s = PseudoLabelSelection.select(p.predicted(), p.confidence(), min,
                r.maxLabelsPerImage() == null ? Integer.MAX_VALUE : r.maxLabelsPerImage());
        if (s.rows().length == 0) {
            throw InvalidInputException.unprocessable("minConfidence", "no label submission " + submissionId
                    + " predicts has a confidence of at least " + min + "; nothing would be added");
        }
        List<String> ids = new ArrayList<>();
        for (int row : s.rows()) {
            ids.add(p.testIds().get(row));
        }
        String note = String.format(Locale.ROOT, "submission=%d%nmin_confidence=%s%nmax_labels_per_image=%s%n"
                        + "images=%d%nlabels=%d%n", submissionId, min,
                r.maxLabelsPerImage() == null ? "" : r.maxLabelsPerImage(), ids.size(), s.labels());
        PseudoLabelledVersion v = datasets.registerPseudoLabelledVersion(p.datasetId(), r.name(),
                new PseudoLabelRows(p.foldAssignmentId(), ids, s.classes(), note));
        return new PseudoLabelResponse(v.dataset().id(), v.dataset().name(), v.dataset().path().toString(),
                v.parentId(), v.parentFoldAssignmentId(), submissionId, min, r.maxLabelsPerImage(), v.images(),
                v.labels(), v.dataset().numTrainImages(), v.dataset().numFolds());
    }

    private static double checkMinConfidence(Double minConfidence) {
        if (minConfidence == null) {
            throw new InvalidInputException("minConfidence", "is required: the least blended probability, in (0, 1]");
        }
        if (!(minConfidence > 0 && minConfidence <= 1)) {
            throw new InvalidInputException("minConfidence", "must be in (0, 1], got " + minConfidence);
        }
        return minConfidence;
    }

    private static void checkMaxLabels(Integer maxLabelsPerImage) {
        if (maxLabelsPerImage != null && maxLabelsPerImage < 1) {
            throw new InvalidInputException("maxLabelsPerImage", "must be at least 1 (or left out for no cap), got "
                    + maxLabelsPerImage);
        }
    }

    private static PseudoLabelPreview.LabelsPerImage perImage(PseudoLabelSelection.Selected s) {
        int max = 0;
        int min = Integer.MAX_VALUE;
        for (int[] c : s.classes()) {
            max = Math.max(max, c.length);
            min = Math.min(min, c.length);
        }
        int[] images = new int[max + 1];
        for (int[] c : s.classes()) {
            images[c.length]++;
        }
        List<PseudoLabelPreview.Count> counts = new ArrayList<>();
        for (int n = 1; n <= max; n++) {
            if (images[n] > 0) {
                counts.add(new PseudoLabelPreview.Count(n, images[n]));
            }
        }
        int rows = s.rows().length;
        return new PseudoLabelPreview.LabelsPerImage(rows == 0 ? 0 : min, max,
                rows == 0 ? 0 : (double) s.labels() / rows, counts);
    }

    /** BINS bins of width 1/BINS: bin b holds confidences in [b/BINS, (b+1)/BINS), the last one also 1. */
    private static PseudoLabelPreview.Histogram histogram(PredictedTestLabels p, PseudoLabelSelection.Selected kept) {
        int[] count = new int[BINS];
        int[] keptCount = new int[BINS];
        int k = 0;
        for (int r = 0; r < p.predicted().length; r++) {
            int[] keptClasses = k < kept.rows().length && kept.rows()[k] == r ? kept.classes()[k++] : new int[0];
            for (int i = 0; i < p.predicted()[r].length; i++) {
                int bin = bin(p.confidence()[r][i]);
                count[bin]++;
                if (Arrays.binarySearch(keptClasses, p.predicted()[r][i]) >= 0) {
                    keptCount[bin]++;
                }
            }
        }
        List<PseudoLabelPreview.Bin> bins = new ArrayList<>();
        for (int b = 0; b < BINS; b++) {
            bins.add(new PseudoLabelPreview.Bin((double) b / BINS, (double) (b + 1) / BINS, count[b], keptCount[b]));
        }
        return new PseudoLabelPreview.Histogram(bins);
    }

    /** floor(confidence * BINS), clamped to 0..BINS-1 */
    static int bin(float confidence) {
        return Math.max(0, Math.min(BINS - 1, (int) Math.floor(confidence * BINS)));
    }
}
