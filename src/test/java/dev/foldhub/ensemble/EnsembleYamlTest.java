package dev.foldhub.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foldhub.testsupport.Capability;
import dev.foldhub.errors.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reference's ensemble YAML format: written exactly, read back, bad files named. */
class EnsembleYamlTest {

    private static final List<EnsembleYaml.Entry> ENTRIES = List.of(
            new EnsembleYaml.Entry(List.of("level1_train_a_f0_e14_0.5975.npy", "level1_train_a_f1_e19_0.6006.npy"), 0.143100754915091),
            new EnsembleYaml.Entry(List.of("level1_train_b_f0_e27_0.5991.npy", "level1_train_b_f1_e23_0.6011.npy"), 0.85));

    @Test
    void writesTheReferenceLayout() {
        // guards the byte layout PyYAML gives the reference's list of {predicts, weight}
        assertThat(EnsembleYaml.write(ENTRIES)).isEqualTo("""
                - predicts:
                  - level1_train_a_f0_e14_0.5975.npy
                  - level1_train_a_f1_e19_0.6006.npy
                  weight: 0.143100754915091
                - predicts:
                  - level1_train_b_f0_e27_0.5991.npy
                  - level1_train_b_f1_e23_0.6011.npy
                  weight: 0.85
                """);
    }

    @Test
    void roundTripsEntriesAndWeights() {
        // guards export -> import giving the same files and weights
        assertThat(EnsembleYaml.read(EnsembleYaml.write(ENTRIES))).isEqualTo(ENTRIES);
    }

    @Test
    void readsTheReferencesBestEnsembleFile() throws IOException {
        // guards that the reference's own file (shared/reference) parses: 7 models x 5 folds
        Path file = Path.of("../shared/reference/best_ensemble_val_0.6397_lb_651.yml");
        if (!Files.exists(file)) {
            file = Path.of("/work/shared/reference/best_ensemble_val_0.6397_lb_651.yml");
        }
        Capability.require(Files.exists(file), "skipped: ../shared/reference is not here");
        List<EnsembleYaml.Entry> entries = EnsembleYaml.read(Files.readString(file));
        assertThat(entries).isNotEmpty().allSatisfy(e -> assertThat(e.predicts()).hasSize(5));
        assertThat(entries.get(0).weight()).isEqualTo(0.143100754915091);
    }

    @Test
    void namesTheFileAsTheReferenceDoes() {
        // guards <name>_val_<F2 with 4 decimals>.yml
        assertThat(EnsembleYaml.fileName("best", 0.63971)).isEqualTo("best_val_0.6397.yml");
    }

    @Test
    void rejectsMalformedFilesNamingWhere() {
        // guards clear 400s for each kind of bad file
        assertThatThrownBy(() -> EnsembleYaml.read("- [unclosed")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("ensemble.yml");
        assertThatThrownBy(() -> EnsembleYaml.read("a: 1")).hasMessageContaining("non-empty list");
        assertThatThrownBy(() -> EnsembleYaml.read("- predicts: x\n  weight: 1")).hasMessageContaining("ensemble.yml[0].predicts");
        assertThatThrownBy(() -> EnsembleYaml.read("- predicts: [a.npy]\n  weight: -1")).hasMessageContaining("ensemble.yml[0].weight");
    }
}
