package dev.foldhub.submission;

import dev.foldhub.scoring.PostprocessRule;
import java.util.List;

/**
 * The reference solution's test blend: score = sum over models of weight x mean over the model's folds of
 * (p - fold threshold); a label is predicted where its score is above the threshold (0, or a tuned one).
 */
final class SubmissionBlend {

    /** One fold model's test probabilities (row-major rows x classes) and its OOF threshold. */
    record Fold(float[] probabilities, double threshold) {
    }

    /** One member experiment: its blend weight and its folds. */
    record Member(double weight, List<Fold> folds) {
    }

    private SubmissionBlend() {
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
