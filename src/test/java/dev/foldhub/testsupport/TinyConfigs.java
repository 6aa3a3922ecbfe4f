package dev.foldhub.testsupport;

/** Experiment configs small enough for a fold to train in seconds on a CPU (32 px images of the demo generator). */
public final class TinyConfigs {

    private TinyConfigs() {
    }

    /** resnet18 at 32 px, Adam, batch 16, one validation view, for {@code epochs} epochs. */
    public static String resnet18(int epochs) {
        return """
                model:
                  arch: resnet18
                  input_size: 32
                train:
                  batch_size: 16
                  num_epochs: %d
                optimizer:
                  name: adam
                  params:
                    lr: 0.001
                loss:
                  name: binary_cross_entropy
                test:
                  num_ttas: 1
                """.formatted(epochs);
    }
}
