package dev.foldhub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guards that benchmarks and synthetic-data generators stay out of the production jar: the main output directory (what
 * {@code spring-boot:repackage} puts into target/foldhub.jar) holds no class named {@code *Benchmark} or
 * {@code Synthetic*}. They belong in src/test/java and run with bench/run (docs/development.md).
 */
class ProductionJarHoldsNoBenchmarkTest {

    @Test
    void mainOutputHoldsNoBenchmarkOrSyntheticDataClass() throws IOException, URISyntaxException {
        Path mainOutput = Path.of(FoldhubApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(mainOutput).as("main output directory").isDirectory();
        List<String> classes;
        try (Stream<Path> files = Files.walk(mainOutput)) {
            classes = files.filter(p -> p.toString().endsWith(".class"))
                    .map(p -> mainOutput.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", ""))
                    .toList();
        }
        assertThat(classes).as("the scan sees the production classes").contains(FoldhubApplication.class.getName());
        List<String> measuring = classes.stream().filter(ProductionJarHoldsNoBenchmarkTest::isForMeasuring).toList();
        assertThat(measuring).as("benchmark or synthetic-data classes in %s (move them to src/test/java)", mainOutput)
                .isEmpty();
    }

    private static boolean isForMeasuring(String className) {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        String topLevel = simple.contains("$") ? simple.substring(0, simple.indexOf('$')) : simple;
        return topLevel.endsWith("Benchmark") || topLevel.startsWith("Synthetic");
    }
}
