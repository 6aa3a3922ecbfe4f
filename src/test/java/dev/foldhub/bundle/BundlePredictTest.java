package dev.foldhub.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** predict's command line without a model: its options, where the test ids come from, and its clear refusals. */
class BundlePredictTest {

    @TempDir
    Path temp;

    // guards: --name VALUE and --name=VALUE both work; an unknown option or a missing value says what is wrong
    @Test
    void optionsAreParsedAndMistakesNamed() {
        assertThat(BundlePredict.options(new String[] {"--images", "test", "--out=s.csv"}))
                .containsEntry("images", "test").containsEntry("out", "s.csv");
        assertThatThrownBy(() -> BundlePredict.options(new String[] {"--image", "x"}))
                .hasMessageContaining("unknown option --image");
        assertThatThrownBy(() -> BundlePredict.options(new String[] {"--images"})).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> BundlePredict.options(new String[] {"test"})).hasMessageContaining("unexpected argument");
    }

    // guards the submission's row order: sample_submission.csv next to the images, else the PNG names sorted
    @Test
    void testIdsComeFromTheSampleSubmissionElseTheSortedImageNames() throws Exception {
        Path images = Files.createDirectories(temp.resolve("competition/test"));
        Files.write(images.resolve("b2.png"), new byte[0]);
        Files.write(images.resolve("a1.png"), new byte[0]);
        Files.write(images.resolve("notes.txt"), new byte[0]);
        assertThat(BundlePredict.testIds(images, null)).containsExactly("a1", "b2");
        Files.writeString(temp.resolve("competition/sample_submission.csv"), "id,attribute_ids\nb2,1\na1,1\n");
        assertThat(BundlePredict.testIds(images, null)).containsExactly("b2", "a1");
        assertThatThrownBy(() -> BundlePredict.testIds(images, temp.resolve("none.csv").toString()))
                .hasMessageContaining("does not exist");
    }

    // guards: a folder without bundle.json is refused by name before any model loads
    @Test
    void aFolderWithoutBundleJsonIsRefused() {
        PrintStream log = new PrintStream(new ByteArrayOutputStream());
        assertThatThrownBy(() -> BundlePredict.run(new String[] {"--bundle", temp.toString(), "--images",
                temp.toString()}, log)).hasMessageContaining("is not a Foldhub bundle: it has no bundle.json");
        assertThatThrownBy(() -> BundlePredict.run(new String[] {"--bundle", temp.toString()}, log))
                .hasMessageContaining("--images is required");
    }
}
