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
