package dev.foldhub.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Level1FileNameTest {

    @Test
    void readsModelFoldEpochAndScoreOfAReferenceFileName() {
        Level1FileName name = Level1FileName.parse("level1_train_se_resnext50_f_x_f3_e14_0.6012.npy").orElseThrow();
        assertThat(name.train()).isTrue();
        assertThat(name.model()).isEqualTo("se_resnext50_f_x");
        assertThat(name.fold()).isEqualTo(3);
        assertThat(name.epoch()).isEqualTo(14);
        assertThat(name.score()).isEqualTo(0.6012);
        assertThat(Level1FileName.parse("level1_test_m_f0_e01_0.5.npy").orElseThrow().train()).isFalse();
    }

    @Test
    void rejectsNamesThatAreNotLevel1Files() {
        assertThat(Level1FileName.parse("level1_train_m_f0.npy")).isEmpty();
        assertThat(Level1FileName.parse("level1_train_m_f0_e01_0.5.npz")).isEmpty();
        assertThat(Level1FileName.parse("level2_train_m_f0_e01_0.5.npy")).isEmpty();
    }

    @Test
    void aThresholdFileBelongsToTheFoldOfItsLastFPart() {
        assertThat(Level1FileName.foldOfThresholdFile("se_resnext50_f2_e14_0.6012.yml")).contains(2);
        assertThat(Level1FileName.foldOfThresholdFile("model_fancy_f1_f4.yml")).contains(4);
        assertThat(Level1FileName.foldOfThresholdFile("thresholds.yml")).isEmpty();
    }
}
