package dev.foldhub.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Where the predict-only jar takes each library from: a folder, a Maven jar, or the Spring Boot jar's nested entries. */
class PredictJarTest {

    private static final String MODEL = "ai/djl/Model.class";

    // guards development and tests: classes in a folder, libraries as jar files
    @Test
    void aFolderAndAPlainJarAreReadAsFiles() {
        PredictJar.Source classes = PredictJar.source("file:/work/app/target/classes/" + MODEL, MODEL);
        assertThat(classes).isEqualTo(new PredictJar.Source(Path.of("/work/app/target/classes/"), null));
        PredictJar.Source jar = PredictJar.source("jar:file:/m2/ai/djl/api-0.36.0.jar!/" + MODEL, MODEL);
        assertThat(jar).isEqualTo(new PredictJar.Source(Path.of("/m2/ai/djl/api-0.36.0.jar"), null));
        assertThat(jar.fileName()).isEqualTo("api-0.36.0.jar");
    }

    // guards the production jar: Spring Boot's jar:nested: URLs of BOOT-INF/lib/*.jar and BOOT-INF/classes/
    @Test
    void theSpringBootJarsNestedEntriesAreReadFromTheOuterJar() {
        PredictJar.Source lib = PredictJar.source(("jar:nested:/opt/fold%20hub/foldhub.jar/!BOOT-INF/lib/"
                + "api-0.36.0.jar!/" + MODEL), MODEL);
        assertThat(lib).isEqualTo(new PredictJar.Source(Path.of("/opt/fold hub/foldhub.jar"),
                "BOOT-INF/lib/api-0.36.0.jar"));
        assertThat(lib.fileName()).isEqualTo("api-0.36.0.jar");
        String self = "dev/foldhub/FoldhubApplication.class";
        PredictJar.Source classes = PredictJar.source(("jar:nested:/opt/foldhub.jar/!BOOT-INF/classes/!/" + self),
                self);
        assertThat(classes).isEqualTo(new PredictJar.Source(Path.of("/opt/foldhub.jar"), "BOOT-INF/classes/"));
        assertThatThrownBy(() -> PredictJar.source("http://example.org/" + MODEL, MODEL))
                .hasMessageContaining("cannot read the library");
    }
}
