package dev.foldhub.training.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.tracker.Tracker;
import dev.foldhub.training.TrainingConfig;
import dev.foldhub.training.image.ImageFit;
import dev.foldhub.training.loop.TrainingSetup;
import org.junit.jupiter.api.Test;

class NesterovSgdTest {

    // guards torch.optim.SGD(nesterov=True) arithmetic against two steps worked by hand:
    // lr 0.1, mu 0.9, wd 0.01, p = [1, -2]
    // step 1, grad [0.5, 1]:    g = [0.51, 0.98], v = g, p -= 0.1 (g + 0.9 v) = [0.9031, -2.1862]
    // step 2, grad [0.1, -0.2]: g = [0.109031, -0.221862], v = 0.9 [0.51, 0.98] + g = [0.568031, 0.660138],
    //                           p -= 0.1 (g + 0.9 v) = [0.84107411, -2.22342622]
    @Test
    void twoStepsMatchHandComputedNesterovUpdates() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NesterovSgd sgd = new NesterovSgd(Tracker.fixed(0.1f), 0.9f, 0.01f);
            NDArray p = manager.create(new float[] {1f, -2f});

            sgd.update("w", p, manager.create(new float[] {0.5f, 1f}));
            float[] afterOne = p.toFloatArray();
            assertThat(afterOne[0]).isCloseTo(0.9031f, within(1e-6f));
            assertThat(afterOne[1]).isCloseTo(-2.1862f, within(1e-6f));

            sgd.update("w", p, manager.create(new float[] {0.1f, -0.2f}));
            float[] afterTwo = p.toFloatArray();
            assertThat(afterTwo[0]).isCloseTo(0.84107411f, within(1e-6f));
            assertThat(afterTwo[1]).isCloseTo(-2.22342622f, within(1e-6f));
        }
    }

    // guards the optimizer inside a DJL Trainer (parameters that require gradients are updated in place) for a
    // sgd config: one step on a linear model moves its weights and lowers the loss
    @Test
    void trainsALinearModelThroughTrainingSetup() {
        TrainingConfig config = TrainingConfig.builder().arch("resnet18").inputSize(32).numClasses(2).batchSize(4)
                .numEpochs(1).maxStepsPerEpoch(1).shuffle(false).optimizer("sgd").lr(0.5).momentum(0.9)
                .nesterov(true).testBatchSize(4).fit(ImageFit.RESIZE).build();
        try (ai.djl.Model model = ai.djl.Model.newInstance("nesterov")) {
            model.setBlock(ai.djl.nn.core.Linear.builder().setUnits(2).build());
            ai.djl.training.DefaultTrainingConfig setup =
                    TrainingSetup.trainingConfig(config, ai.djl.Device.cpu(), Tracker.fixed(0.5f));
            assertThat(setup.getOptimizer()).isInstanceOf(NesterovSgd.class);
            try (ai.djl.training.Trainer trainer = model.newTrainer(setup)) {
                trainer.initialize(new ai.djl.ndarray.types.Shape(4, 3));
                NDManager manager = trainer.getManager();
                ai.djl.ndarray.NDList x = new ai.djl.ndarray.NDList(manager.create(new float[][] {
                        {1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 1}}));
                ai.djl.ndarray.NDList y = new ai.djl.ndarray.NDList(manager.create(new float[][] {
                        {1, 0}, {0, 1}, {1, 1}, {0, 0}}));
                float[] losses = new float[2];
                for (int step = 0; step < 2; step++) {
                    try (ai.djl.training.GradientCollector collector = trainer.newGradientCollector()) {
                        NDArray loss = trainer.getLoss().evaluate(y, trainer.forward(x));
                        losses[step] = loss.getFloat();
                        collector.backward(loss);
                    }
                    trainer.step();
                }
                assertThat(losses[1]).isLessThan(losses[0]);
            }
        }
    }

    // guards that each parameter keeps its own velocity
    @Test
    void velocitiesArePerParameter() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NesterovSgd sgd = new NesterovSgd(Tracker.fixed(1f), 0.5f, 0f);
            NDArray a = manager.create(new float[] {0f});
            NDArray b = manager.create(new float[] {0f});
            sgd.update("a", a, manager.create(new float[] {1f})); // v = 1, a -= 1 + 0.5 = 1.5
            sgd.update("b", b, manager.create(new float[] {1f})); // fresh velocity: same step
            assertThat(a.getFloat(0)).isCloseTo(-1.5f, within(1e-6f));
            assertThat(b.getFloat(0)).isCloseTo(-1.5f, within(1e-6f));
        }
    }
}
