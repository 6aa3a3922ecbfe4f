package dev.foldhub.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class TrainingConfigReferenceFilesTest {

    private static final List<Path> REFERENCE_DIRS =
            List.of(Path.of("../shared/reference/configs"), Path.of("/work/shared/reference/configs"));

    @Test
    void everyReferenceConfigParsesOrIsNotSupportedYet() throws IOException {
        // guards the known-key set: no reference key is unknown or mistyped
        Path dir = REFERENCE_DIRS.stream().filter(Files::isDirectory).findFirst().orElse(null);
        assumeTrue(dir != null, "reference configs not found at " + REFERENCE_DIRS + "; skipping");
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
                    .sorted().toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            String yaml = Files.readString(file);
            try {
                TrainingConfigParser.checkKeysAndTypes(yaml); // every key, not just up to the first unsupported one
            } catch (InvalidConfigException e) {
                fail(file.getFileName() + ": " + e.getMessage());
            }
            try {
                TrainingConfigParser.parse(yaml);
            } catch (InvalidConfigException e) {
                if (!e.getMessage().contains("not supported yet")) {
                    fail(file.getFileName() + ": " + e.getMessage());
                }
            }
        }
    }

    @Test
    void demoConfigsParse() throws IOException {
        // guards the shipped demo experiments against the parser
        TrainingConfig r18 = TrainingConfigParser.parse(Files.readString(Path.of("configs/demo_resnet18.yml")));
        TrainingConfig r34 = TrainingConfigParser.parse(Files.readString(Path.of("configs/demo_resnet34.yml")));

        assertThat(r18).isEqualTo(new TrainingConfig("resnet18", 32, 0, 0.2, 32, 3, 1000, true,
                "adam", 1e-3, 0.0, false, 0.0, "binary_cross_entropy", true, 64, 2));
        assertThat(r34).isEqualTo(new TrainingConfig("resnet34", 32, 0, 0.0, 32, 2, 1000, true,
                "adam", 1e-3, 0.0, false, 1e-5, "binary_cross_entropy", true, 64, 1));
    }
}
