package dev.foldhub.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Guards the start-up warm-up: it runs the BLEND job's whole computation on a realistic problem, in the background. */
class BlendWarmUpTest {

    @Test
    void theSyntheticProblemIsARealBlendOfMembersThatDisagree() {
        BlendProblem problem = BlendWarmUp.problem(new SplittableRandom(1));
        assertThat(problem.evaluator().rows()).isEqualTo(BlendWarmUp.ROWS);
        assertThat(problem.evaluator().models()).isEqualTo(BlendWarmUp.MODELS);
        assertThat(problem.foldOfRow()).containsOnly(0, 1, 2, 3, 4);
        // neither trivial nor hopeless: the search has something to find (a perfect member would end it at once)
        double[] one = new double[BlendWarmUp.MODELS];
        one[0] = 1;
        double best = problem.evaluator().f2(one, 0);
        one[0] = 0;
        one[BlendWarmUp.MODELS - 1] = 1;
        double worst = problem.evaluator().f2(one, 0);
        assertThat(best).isBetween(0.5, 0.9);
        assertThat(worst).isLessThan(best - 0.1);
    }

    @Test
    void aWarmUpRunsTheSearchNestedCvTuningAndPostprocessing() {
        BlendWarmUp.Summary summary = new BlendWarmUp(new BlendProperties(true)).run();
        assertThat(summary.method()).startsWith("auto:");
        assertThat(summary.oofF2()).isBetween(0.6, 0.95);
        assertThat(summary.nestedCvF2()).isBetween(summary.oofF2() - 0.05, summary.oofF2() + 0.01);
        assertThat(summary.postprocess()).isNotBlank();
        assertThat(summary.seconds()).isPositive();
    }

    @Test
    void theServerStartsItInABackgroundThreadWhenOnAndNotWhenOff() throws InterruptedException {
        BlendWarmUp off = new BlendWarmUp(new BlendProperties(false));
        off.onReady();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("blend-warm-up"));
        assertThat(off.last()).isNull();

        BlendWarmUp on = new BlendWarmUp(new BlendProperties(true));
        on.onReady(); // returns at once: the warm-up runs beside whatever the server does next
        assertThat(on.last()).isNull();
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (on.last() == null && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(on.last()).as("the warm-up finished").isNotNull();
        assertThat(on.last().oofF2()).isBetween(0.6, 0.95);
    }
}
