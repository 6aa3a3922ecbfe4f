package dev.foldhub.training.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foldhub.training.EpochStats;
import dev.foldhub.training.FoldCheckpoints;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which resume file versions read, and what their epochs carry. */
class ResumeFileVersionTest {

    @TempDir
    Path dir;

    // guards issue 15: a version 3 file keeps each epoch's validation loss for the fold's outcome
    @Test
    void aVersion3FileKeepsTheValidationLoss() throws IOException {
        EpochStats epoch = ResumeFile.readState(header(3, 0.25)).epochs().get(0);
        assertThat(epoch.valLoss()).isEqualTo(0.25);
        assertThat(epoch.f2At05()).isEqualTo(0.3);
    }

    // guards: a fold stopped by the previous build (version 2, no validation loss) still resumes, its epochs without one
    @Test
    void aVersion2FileStillReadsItsEpochsWithoutAValidationLoss() throws IOException {
        EpochStats epoch = ResumeFile.readState(header(2, null)).epochs().get(0);
        assertThat(epoch.valLoss()).isNull();
        assertThat(epoch.f2()).isEqualTo(0.4);
        assertThat(epoch.f2At05()).isEqualTo(0.3);
    }

    // guards: a version this build does not know is refused (the fold starts over), not misread
    @Test
    void anUnknownVersionIsRefused() throws IOException {
        Path file = header(4, 0.25);
        assertThatThrownBy(() -> ResumeFile.readState(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("format version 4");
    }

    /** A resume file's header of one epoch (no OOF values, no random streams), as version {@code version} writes it. */
    private Path header(int version, Double valLoss) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write("FHRESUME".getBytes(StandardCharsets.US_ASCII));
            out.writeInt(version);
            out.writeUTF("fingerprint");
            out.writeInt(1); // last finished epoch
            out.writeInt(1); // best epoch
            out.writeDouble(0.4);
            out.writeDouble(0.2);
            out.writeUTF("model_f0_e01_0.4000.params");
            out.writeInt(0); // rows
            out.writeInt(0); // classes
            out.writeInt(1); // epochs
            out.writeInt(1);
            for (double v : new double[] {0.5, 0.4, 0.2, 0.001, 3.0, 100.0, 0.3}) {
                out.writeDouble(v);
            }
            if (valLoss != null) {
                out.writeDouble(valLoss);
            }
            out.writeInt(4); // training batches
            out.writeInt(0); // random streams
        }
        return Files.write(dir.resolve(FoldCheckpoints.RESUME_FILE), bytes.toByteArray());
    }
}
