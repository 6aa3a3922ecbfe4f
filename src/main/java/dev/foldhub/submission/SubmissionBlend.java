package dev.foldhub.submission;

import dev.foldhub.dataset.LabelGroups;
import dev.foldhub.ensemble.PostprocessJson;
import dev.foldhub.scoring.PostprocessRule;
import java.util.List;

/**
 * The reference solution's test blend: score = sum over models of weight x mean over the model's folds of
 * (p - fold threshold); a label is predicted where its score is above the threshold (0, or a tuned one).
 */
public final class SubmissionBlend {

    /** One fold model's test probabilities (row-major rows x classes) and its OOF threshold. */
    public record Fold(float[] probabilities, double threshold) {
    }

    /** One member experiment: its blend weight and its folds. */
    public record Member(double weight, List<Fold> folds) {
    }

    /**
     * How scores become labels: mode "fold" (score &gt; 0), "tuned" (&gt; the tuned global threshold), "groups"
     * (&gt; the culture:: or tag:: threshold) or "postprocess" (the rule's JSON, {@link PostprocessJson}).
     */
    public record Thresholds(String mode, String postprocessJson, Double tuned, Double culture, Double tag) {
    }

    private SubmissionBlend() {
    }

    /**
     * The submission.csv of the members' blend: the one path from test probabilities to the file, shared by the
     * server's SUBMISSION job and the offline {@code predict} of a Kaggle bundle (so both write the same bytes).
     */
    public static String csv(List<Member> members, List<String> testIds, List<String> attributeIds,
                             List<String> attributeNames, Thresholds thresholds) {
        double[] scores = scores(members, testIds.size(), attributeIds.size());
        return SubmissionCsv.write(testIds, predicted(scores, testIds.size(), attributeNames, thresholds), attributeIds);
    }

    /** The class indices each row predicts from the blend's scores under the submission's thresholds. */
    static int[][] predicted(double[] scores, int rows, List<String> attributeNames, Thresholds thresholds) {
        if (thresholds.mode().equals("postprocess")) {
            LabelGroups groups = LabelGroups.of(attributeNames);
            PostprocessRule rule = PostprocessJson.spec(thresholds.postprocessJson()).toRule(groups, null, "postprocess");
            return predicted(scores, rows, rule, groups.groupOf());
        }
        return predicted(scores, rows, attributeNames.size(), classThresholds(thresholds, attributeNames));
    }

    /** Per class the score threshold: 0 (each fold's own threshold is already subtracted), tuned, or per group. */
    static double[] classThresholds(Thresholds thresholds, List<String> attributeNames) {
        double[] t = new double[attributeNames.size()];
        for (int c = 0; c < t.length; c++) {
            t[c] = switch (thresholds.mode()) {
                case "tuned" -> thresholds.tuned();
                case "groups" -> LabelGroups.isCulture(attributeNames.get(c)) ? thresholds.culture() : thresholds.tag();
                default -> 0.0;
            };
        }
        return t;
    }

    /** s[r * classes + c] = sum_m w_m * (1 / F_m) * sum_f (p_mf[r, c] - t_mf). */
    static double[] scores(List<Member> members, int rows, int classes) {
        double[] s = new double[rows * classes];
        for (Member m : members) {
            if (m.folds().isEmpty()) {
                throw new IllegalArgumentException("a member needs at least one fold");
            }
            double scale = m.weight() / m.folds().size();
            for (Fold f : m.folds()) {
                float[] p = f.probabilities();
                if (p.length != s.length) {
                    throw new IllegalArgumentException("expected " + rows + " x " + classes + " probabilities, got "
                            + p.length);
                }
                double t = f.threshold();
                for (int i = 0; i < s.length; i++) {
                    s[i] += scale * (p[i] - t);
                }
            }
        }
        return s;
    }

    /**
     * The blended probability of each predicted label, a confidence in [0, 1]: the members' weighted mean of their
     * folds' mean probability. q[r, c] = sum_m w_m (1 / F_m) sum_f p_mf[r, c] / sum_m w_m; out[r][i] is
     * q[r, predicted[r][i]]. The weights must have a positive sum.
     */
    static float[][] confidences(List<Member> members, int[][] predicted, int classes) {
        double total = 0;
        for (Member m : members) {
            total += m.weight();
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("the members' weights sum to " + total + ", not a positive number");
        }
        float[][] out = new float[predicted.length][];
        for (int r = 0; r < predicted.length; r++) {
            out[r] = new float[predicted[r].length];
            for (int i = 0; i < predicted[r].length; i++) {
                int at = r * classes + predicted[r][i];
                double q = 0;
                for (Member m : members) {
                    double sum = 0;
                    for (Fold f : m.folds()) {
                        sum += f.probabilities()[at];
                    }
                    q += m.weight() * sum / m.folds().size();
                }
                out[r][i] = (float) (q / total);
            }
        }
        return out;
    }

    /** Per row the predicted class indices, ascending, by the post-processing rule (the one the OOF evaluation scores). */
    static int[][] predicted(double[] scores, int rows, PostprocessRule rule, int[] groupOf) {
        int[][] out = new int[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = rule.predict(scores, r * groupOf.length, groupOf);
        }
        return out;
    }

    /** Per row the predicted class indices, ascending: s[r, c] > classThreshold[c]. */
    static int[][] predicted(double[] scores, int rows, int classes, double[] classThreshold) {
        int[][] out = new int[rows][];
        int[] buffer = new int[classes];
        for (int r = 0; r < rows; r++) {
            int n = 0;
            for (int c = 0; c < classes; c++) {
                if (scores[r * classes + c] > classThreshold[c]) {
                    buffer[n++] = c;
                }
            }
            out[r] = java.util.Arrays.copyOf(buffer, n);
        }
        return out;
    }
}
