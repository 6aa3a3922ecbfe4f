package dev.foldhub.training.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LrScheduleTest {

    // guards cyclic_lr: triangle base 1e-3 -> max 5e-3 in 2 batches and back in 2, height * 0.5^(cycle - 1)
    @Test
    void cyclicLrScalesEachCycleByGammaToTheCycleMinusOne() {
        CyclicLr lr = new CyclicLr(0.001, 0.005, 2, 2, 0.5, true);
        // k: x = frac(k / 4); lr = 1e-3 + 4e-3 * triangle(x) * 0.5^(floor(1 + k / 4) - 1)
        assertThat(batches(lr, 9)).containsExactly(new double[] {0.001, 0.003, 0.005, 0.003,
                0.001, 0.002, 0.003, 0.002, 0.001}, offset(1e-12));
    }

    // guards scale_mode iterations: the scale is gamma^(k - 1) with k the batch count
    @Test
    void cyclicLrInIterationsModeScalesByTheBatchCount() {
        CyclicLr lr = new CyclicLr(0.001, 0.005, 2, 2, 0.5, false);
        // k=1: 1e-3 + 4e-3 * 0.5 * 0.5^0; k=2: 1e-3 + 4e-3 * 1 * 0.5^1; k=3: 1e-3 + 4e-3 * 0.5 * 0.5^2
        assertThat(batches(lr, 4)).containsExactly(new double[] {0.001, 0.003, 0.003, 0.0015}, offset(1e-12));
    }

    // guards the warmup: CyclicLR(base 0, max 0.01, up 4, down 0) rises linearly, k * 0.01 / 4
    @Test
    void warmupRisesLinearlyFromZero() {
        LrPlan plan = new LrPlan("", Map.of(), null, 1, 1, 1000, 4, 0.01, 0, List.of());
        assertThat(batches(new LrDriver(plan, 1e-3, 10).warmup(), 4))
                .containsExactly(new double[] {0, 0.0025, 0.005, 0.0075}, offset(1e-12));
    }

    // guards reduce_lr_on_plateau: rel threshold 0.1, patience 1, factor 0.5, floor min_lr 0.03
    @Test
    void plateauHalvesAfterPatienceAndStopsAtMinLr() {
        PlateauLr lr = new PlateauLr(0.1, true, 0.5, 1, 0.1, true, 0, 0.03);
        double[] f2 = {0.5, 0.54, 0.56, 0.56, 0.6, 0.6, 0.6, 0.6, 0.6};
        List<Double> seen = new ArrayList<>();
        for (double score : f2) {
            lr.afterEpoch(score);
            seen.add(lr.lr());
        }
        // 0.54 is not > 0.5 * 1.1; 0.56 is; two bad epochs > patience 1 -> 0.05, then max(0.025, 0.03), then unchanged
        assertThat(seen).containsExactly(0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.03, 0.03, 0.03);
    }

    // guards multi_step, step (per epoch, 0-based) and exponential (per batch)
    @Test
    void epochDecaysFollowPyTorchFormulas() {
        assertThat(epochs(EpochDecayLr.multiStep(1, List.of(1, 3), 0.1), 5))
                .containsExactly(new double[] {1, 0.1, 0.1, 0.01, 0.01}, offset(1e-12));
        assertThat(epochs(EpochDecayLr.step(1, 2, 0.5), 5))
                .containsExactly(new double[] {1, 1, 0.5, 0.5, 0.25}, offset(1e-12));
        assertThat(batches(EpochDecayLr.exponential(1, 0.9), 3))
                .containsExactly(new double[] {1, 0.9, 0.81}, offset(1e-12));
    }

    // guards CosineLRWithRestarts: t = epoch + batch / 2, period 2 then 3 after the restart, floor 1e-7
    @Test
    void cosineWithRestartsAnnealsPerBatchAndGrowsThePeriod() {
        CosineRestartsLr lr = new CosineRestartsLr(1e-3, 2, 1, 5, 2);
        List<Double> seen = new ArrayList<>();
        for (int epoch = 0; epoch < 4; epoch++) {
            lr.startEpoch();
            for (int b = 0; b < 2; b++) {
                seen.add(lr.lr());
                lr.afterBatch();
            }
        }
        double c = 0.5e-3; // lr = 1e-3 * (1 + cos(pi t / period)) / 2
        assertThat(seen.stream().mapToDouble(Double::doubleValue).toArray()).containsExactly(new double[] {1e-3, c * (1 + Math.cos(Math.PI / 4)),
                c, c * (1 + Math.cos(3 * Math.PI / 4)),
                1e-7, c * (1 + Math.cos(Math.PI * 0.5 / 3)),
                c * (1 + Math.cos(Math.PI / 3)), c * (1 + Math.cos(Math.PI * 1.5 / 3))}, offset(1e-12));
    }

    // guards train.lr_decay: at 0-based epoch 1 the cyclic schedule restarts with base and max times 0.5
    @Test
    void lrDecayMilestoneRestartsTheScheduleScaledByTheCoefficient() {
        LrPlan plan = new LrPlan("cyclic_lr", Map.of("base_lr", 0.001, "max_lr", 0.005, "step_size_up", 1.0),
                null, 1, 1, 1000, 0, 0, 0.5, List.of(1));
        LrDriver driver = new LrDriver(plan, 1e-4, 2);
        List<Double> seen = new ArrayList<>();
        for (int epoch = 0; epoch < 2; epoch++) {
            driver.startEpoch();
            for (int b = 0; b < 2; b++) {
                seen.add(driver.lr());
                driver.afterBatch();
            }
            driver.afterEpoch(0.5);
        }
        assertThat(seen.stream().mapToDouble(Double::doubleValue).toArray()).containsExactly(new double[] {0.001, 0.005, 0.0005, 0.0025}, offset(1e-12));
    }

    private static double[] batches(LrSchedule lr, int n) {
        double[] out = new double[n];
        for (int k = 0; k < n; k++) {
            out[k] = lr.lr();
            lr.afterBatch();
        }
        return out;
    }

    private static double[] epochs(LrSchedule lr, int n) {
        double[] out = new double[n];
        for (int e = 0; e < n; e++) {
            out[e] = lr.lr();
            lr.afterEpoch(0);
        }
        return out;
    }
}
