package dev.foldhub.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EpochCapTest {

    private static final String BASE = "model:\n  arch: resnet18\n  input_size: 64\n";

    @Test
    void aConfigWithoutNumEpochsTrainsTheCapNotTenToTheNinth() {
        // guards issue 13 item 13: 116 of the 142 reference configs omit train.num_epochs (default 10^9)
        TrainingConfig config = TrainingConfigParser.parse(BASE);
        assertThat(config.numEpochs()).isEqualTo(1_000_000_000);
        assertThat(config.cappedAt(40).numEpochs()).isEqualTo(40);
        assertThat(config.cappedAt(40)).usingRecursiveComparison()
                .ignoringFields("numEpochs").isEqualTo(config);
    }

    @Test
    void anExplicitNumEpochsBelowTheCapIsKeptAndOneAboveIsCapped() {
        // guards: the cap only lowers; 10 stays 10, the reference's "num_epochs: 1000" trains the cap
        assertThat(TrainingConfigParser.parse(BASE + "train:\n  num_epochs: 10\n").cappedAt(40).numEpochs()).isEqualTo(10);
        assertThat(TrainingConfigParser.parse(BASE + "train:\n  num_epochs: 1000\n").cappedAt(40).numEpochs()).isEqualTo(40);
        assertThat(TrainingConfigParser.parse(BASE + "train:\n  num_epochs: 40\n").cappedAt(40).numEpochs()).isEqualTo(40);
        assertThat(TrainingConfigParser.parse(BASE).cappedAt(0).numEpochs()).as("0: a server without the cap")
                .isEqualTo(1_000_000_000);
    }
}
