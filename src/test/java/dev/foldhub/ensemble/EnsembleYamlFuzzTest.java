package dev.foldhub.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.testsupport.Fuzz;
import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.yaml.YamlLimits;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Mutated ensemble files: read or a 400 naming ensemble.yml (or an entry), never another exception or a hang. */
class EnsembleYamlFuzzTest {

    private static final String SEED = EnsembleYaml.write(List.of(
            new EnsembleYaml.Entry(List.of("level1_train_r18_f0_e03_0.5012.npy", "level1_train_r18_f1_e02_0.4990.npy"), 0.625),
            new EnsembleYaml.Entry(List.of("level1_train_sx50_f0_e14_0.6012.npy", "level1_train_sx50_f1_e12_0.5987.npy"), 1.0E-4)));

    @Test
    void mutatedFilesAreReadOrA400() {
        Fuzz fuzz = new Fuzz(651L);
        YamlLimits limits = YamlLimits.SERVER_DEFAULT;
        for (int i = 0; i < 1000; i++) {
            String yaml = fuzz.mutate(SEED);
            Fuzz.check("case " + i, yaml, () -> EnsembleYaml.read(yaml, limits), InvalidInputException.class);
        }
        for (String yaml : Fuzz.hostileYaml()) {
            Fuzz.rejects("hostile", yaml, () -> EnsembleYaml.read(yaml, limits), InvalidInputException.class);
        }
        assertThat(EnsembleYaml.read(SEED, limits)).hasSize(2);
    }
}
