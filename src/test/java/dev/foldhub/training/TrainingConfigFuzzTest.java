package dev.foldhub.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foldhub.testsupport.Capability;
import dev.foldhub.testsupport.Fuzz;
import dev.foldhub.yaml.YamlLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Throws thousands of mutated experiment configs at the YAML parser: each must parse or be an
 * InvalidConfigException (a 400 naming the path), never anything else, never a hang.
 */
class TrainingConfigFuzzTest {

    private static final int MUTATIONS_PER_SEED = 120;

    @Test
    void mutatedConfigsAreValidOrAnInvalidConfigExceptionWithinTwoSeconds() throws IOException {
        List<String> seeds = seeds();
        assertThat(seeds).hasSizeGreaterThanOrEqualTo(2);
        Fuzz fuzz = new Fuzz(20260601L);
        int cases = 0;
        for (int s = 0; s < seeds.size(); s++) {
            for (int i = 0; i < MUTATIONS_PER_SEED; i++) {
                String yaml = fuzz.mutate(seeds.get(s));
                Fuzz.check("seed " + s + " case " + i, yaml, () -> {
                    try {
                        TrainingConfigParser.checkKeysAndTypes(yaml);
                    } catch (InvalidConfigException expected) {
                        // the full parse must fail the same clean way
                    }
                    TrainingConfigParser.parse(yaml, YamlLimits.SERVER_DEFAULT);
                }, InvalidConfigException.class);
                cases++;
            }
        }
        for (int i = 0; i < 300; i++) {
            String yaml = fuzz.randomText(1 + fuzz.random().nextInt(80));
            Fuzz.check("random text " + i, yaml, () -> TrainingConfigParser.parse(yaml, YamlLimits.SERVER_DEFAULT),
                    InvalidConfigException.class);
            cases++;
        }
        assertThat(cases).isGreaterThanOrEqualTo(1000);
    }

    @Test
    void hostileDocumentsAreRejectedAsConfigErrorsNotStackOverflowsOrMemory() {
        for (String yaml : Fuzz.hostileYaml()) {
            Fuzz.rejects("hostile", yaml, () -> TrainingConfigParser.parse(yaml, YamlLimits.SERVER_DEFAULT),
                    InvalidConfigException.class);
        }
    }

    @Test
    void theLimitsNameConfigAndSayWhichLimit() {
        YamlLimits tight = new YamlLimits(4096, 4, 2);
        assertThatThrownBy(() -> TrainingConfigParser.parse("model: {a: {b: {c: {d: {e: 1}}}}}", tight))
                .isInstanceOf(InvalidConfigException.class).hasMessageStartingWith("config: ").hasMessageContaining("Nesting Depth");
        assertThatThrownBy(() -> TrainingConfigParser.parse("a: &x [1]\nb: [*x, *x, *x]", tight))
                .isInstanceOf(InvalidConfigException.class).hasMessageStartingWith("config: ").hasMessageContaining("aliases");
        assertThatThrownBy(() -> TrainingConfigParser.parse("model:\n  arch: " + "x".repeat(5000), tight))
                .isInstanceOf(InvalidConfigException.class).hasMessageStartingWith("config: ").hasMessageContaining("limit");
    }

    private static List<String> seeds() throws IOException {
        List<String> seeds = new ArrayList<>();
        seeds.add("model:\n  arch: resnet18\n  input_size: 64\n");
        for (Path dir : List.of(Path.of("configs"), Path.of("../shared/reference/configs"))) {
            if (!Files.isDirectory(dir)) {
                // the reference's 142 configs are the richest seeds: outside CI fuzz without them
                Capability.failInCi("fuzz seeds not found at " + dir);
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
                    seeds.add(Files.readString(file));
                }
            }
        }
        return seeds;
    }
}
