package dev.foldhub.training.optim;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The resumable optimizers against DJL's own, step for step, and a save/restore in the middle of a run. */
class ResumableOptimizerTest {

    private static final int STEPS = 6;

    // guards that ResumableAdam is DJL's Adam: same weights after every step (weight decay, bias correction, t)
    @Test
    void resumableAdamMatchesDjlAdamStepForStep() {
        Tracker lr = Tracker.fixed(0.01f);
        assertSameRun(() -> Optimizer.adam().optLearningRateTracker(lr).optWeightDecays(1e-3f).build(),
                () -> new ResumableAdam(lr, 1e-3f));
    }

    // guards that ResumableSgd is DJL's SGD with momentum and weight decay, step for step
    @Test
    void resumableSgdMatchesDjlSgdStepForStep() {
        Tracker lr = Tracker.fixed(0.05f);
        assertSameRun(() -> Optimizer.sgd().setLearningRateTracker(lr).optMomentum(0.9f).optWeightDecays(1e-3f).build(),
                () -> new ResumableSgd(lr, 0.9f, 1e-3f));
    }

    // guards resume: restoring the moments and t into a fresh optimizer continues exactly like the uninterrupted run;
    // restarting Adam from zero moments (what Model.save alone gives) does not
    @Test
    void restoredAdamContinuesLikeTheUninterruptedRun() {
        Tracker lr = Tracker.fixed(0.01f);
        List<float[]> uninterrupted;
        try (Run run = new Run(new ResumableAdam(lr, 0f))) {
            run.steps(STEPS);
            uninterrupted = run.weights();
        }
        Map<String, float[][]> savedState = new HashMap<>();
        int savedUpdates;
        List<float[]> savedWeights;
        try (Run run = new Run(new ResumableAdam(lr, 0f))) {
            run.steps(STEPS / 2);
            savedWeights = run.weights();
            ResumableOptimizer optimizer = (ResumableOptimizer) run.optimizer;
            savedUpdates = optimizer.updates();
            Map<String, String> names = run.namesById();
            optimizer.states().forEach((id, s) -> savedState.put(names.get(id),
                    new float[][] {s.arrays()[0].toFloatArray(), s.arrays()[1].toFloatArray()}));
        }
        assertThat(savedUpdates).isEqualTo(STEPS / 2);
        try (Run resumed = new Run(new ResumableAdam(lr, 0f))) {
            resumed.setWeights(savedWeights);
            Map<String, ResumableOptimizer.State> states = new HashMap<>();
            for (Pair<String, Parameter> p : resumed.model.getBlock().getParameters()) {
                float[][] s = savedState.get(p.getKey());
                NDManager m = resumed.model.getNDManager();
                Shape shape = p.getValue().getArray().getShape();
                states.put(p.getValue().getId(), new ResumableOptimizer.State(savedUpdates,
                        new NDArray[] {m.create(s[0], shape), m.create(s[1], shape)}));
            }
            ((ResumableOptimizer) resumed.optimizer).restore(savedUpdates, states);
            resumed.skipBatches(STEPS / 2);
            resumed.steps(STEPS - STEPS / 2);
            assertSame(resumed.weights(), uninterrupted);
        }
        try (Run restarted = new Run(new ResumableAdam(lr, 0f))) {
            restarted.setWeights(savedWeights);
            restarted.skipBatches(STEPS / 2);
            restarted.steps(STEPS - STEPS / 2);
            assertThat(maxDifference(restarted.weights(), uninterrupted)).isGreaterThan(1e-4);
        }
    }

    private static void assertSameRun(Supplier<Optimizer> djl, Supplier<Optimizer> ours) {
        try (Run a = new Run(djl.get()); Run b = new Run(ours.get())) {
            assertSame(b.weights(), a.weights());
            for (int i = 0; i < STEPS; i++) {
                a.steps(1);
                b.steps(1);
                assertSame(b.weights(), a.weights());
            }
            assertThat(maxDifference(a.weights(), new Run(djl.get()).closeAfter(Run::weights))).isGreaterThan(1e-4);
        }
    }

    private static void assertSame(List<float[]> actual, List<float[]> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.size(); i++) {
            assertThat(actual.get(i)).containsExactly(expected.get(i));
        }
    }

    private static double maxDifference(List<float[]> a, List<float[]> b) {
        double max = 0;
        for (int i = 0; i < a.size(); i++) {
            for (int k = 0; k < a.get(i).length; k++) {
                max = Math.max(max, Math.abs(a.get(i)[k] - b.get(i)[k]));
            }
        }
        return max;
    }

    /** A tiny MLP, identically initialised (seeded), trained on a fixed sequence of random batches. */
    private static final class Run implements AutoCloseable {

        final Model model = Model.newInstance("opt");
        final Optimizer optimizer;
        final Trainer trainer;
        final Random data = new Random(5);

        Run(Optimizer optimizer) {
            this.optimizer = optimizer;
            model.setBlock(new SequentialBlock().add(Linear.builder().setUnits(8).build()).add(Activation::relu)
                    .add(Linear.builder().setUnits(3).build()));
            trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(optimizer));
            Engine.getInstance().setRandomSeed(11);
            trainer.initialize(new Shape(4, 5));
        }

        void steps(int n) {
            for (int i = 0; i < n; i++) {
                try (NDManager batch = trainer.getManager().newSubManager()) {
                    NDArray x = batch.create(randoms(20), new Shape(4, 5));
                    NDArray y = batch.create(randoms(12), new Shape(4, 3));
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        NDArray loss = trainer.getLoss().evaluate(new NDList(y), trainer.forward(new NDList(x)));
                        collector.backward(loss);
                    }
                    trainer.step();
                }
            }
        }

        void skipBatches(int n) {
            for (int i = 0; i < n; i++) {
                randoms(20);
                randoms(12);
            }
        }

        float[] randoms(int n) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = (float) data.nextGaussian();
            }
            return v;
        }

        List<float[]> weights() {
            List<float[]> out = new ArrayList<>();
            for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
                out.add(p.getValue().getArray().toFloatArray());
            }
            return out;
        }

        void setWeights(List<float[]> weights) {
            int i = 0;
            for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
                NDArray array = p.getValue().getArray();
                array.set(weights.get(i++));
            }
        }

        Map<String, String> namesById() {
            Map<String, String> names = new HashMap<>();
            for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
                names.put(p.getValue().getId(), p.getKey());
            }
            return names;
        }

        <T> T closeAfter(java.util.function.Function<Run, T> f) {
            try (this) {
                return f.apply(this);
            }
        }

        @Override
        public void close() {
            trainer.close();
            model.close();
        }
    }
}
