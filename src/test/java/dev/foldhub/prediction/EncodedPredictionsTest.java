package dev.foldhub.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A .npy streamed into float16: header read alone, data encoded as whole-file reading + threshold would store it. */
class EncodedPredictionsTest {

    @Test
    void theStreamedHeaderIsReadFloat2dsShapeAndLeavesTheStreamAtTheData() throws Exception {
        float[] values = {0.5f, -0.25f, 1e-6f, 0.75f, -0.1f, 0.3f};
        byte[] npy = Npy.writeFloat32(values, 2, 3);
        InputStream in = new ByteArrayInputStream(npy);
        Npy.Float2dHeader h = Npy.readFloat2dHeader(in);
        assertThat(h.rows()).isEqualTo(2);
        assertThat(h.cols()).isEqualTo(3);
        assertThat(h.width()).isEqualTo(4);
        assertThat(h.dataOffset()).isEqualTo(npy.length - 4 * values.length);
        assertThat(in.available()).isEqualTo(4 * values.length);
    }

    @Test
    void badHeadersGiveTheSameMessagesAsWholeFileReading() {
        byte[][] bad = {
                "not numpy".getBytes(StandardCharsets.UTF_8),
                Npy.writeUint8(new byte[] {1, 2, 3}),
                Arrays.copyOf(Npy.writeFloat32(new float[4], 2, 2), 20),
                new byte[0],
        };
        for (byte[] npy : bad) {
            String expected = messageOf(() -> Npy.readFloat2d(npy));
            assertThatThrownBy(() -> Npy.readFloat2dHeader(new ByteArrayInputStream(npy)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage(expected);
        }
    }

    @Test
    void streamedDataAreTheBitsOfFloat16OfValuePlusThreshold() throws Exception {
        SplittableRandom random = new SplittableRandom(3);
        int rows = 37;
        int cols = 41; // 1,517 values, one chunk
        float[] values = new float[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextDouble() - 0.6);
        }
        float t = 0.137f;
        byte[] npy = Npy.writeFloat32(values, rows, cols);
        InputStream in = new ByteArrayInputStream(npy);
        EncodedPredictions encoded = EncodedPredictions.readNpyData(in, Npy.readFloat2dHeader(in), t);
        float[] whole = Npy.readFloat2d(npy).data();
        for (int i = 0; i < whole.length; i++) {
            whole[i] += t; // what the whole-file import stored
        }
        assertThat(encoded.float16()).isEqualTo(Float16.encodeLittleEndian(whole));
        float[] row = new float[cols];
        encoded.decodeRow(5, t, row);
        assertThat(row[7]).isEqualTo(Float16.toFloat(Float16.fromFloat(values[5 * cols + 7] + t)) - t);
    }

    @Test
    void aLargeFileIsEncodedAcrossChunksAndAFileEndingEarlyIsTruncatedData() throws Exception {
        int rows = 300;
        int cols = 100; // 30,000 float32 values: 120 KB, two chunks
        float[] values = new float[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = i / (float) values.length;
        }
        byte[] npy = Npy.writeFloat32(values, rows, cols);
        InputStream in = new ByteArrayInputStream(npy);
        assertThat(EncodedPredictions.readNpyData(in, Npy.readFloat2dHeader(in), 0f).float16())
                .isEqualTo(Float16.encodeLittleEndian(values));

        byte[] cut = Arrays.copyOf(npy, npy.length - 3);
        InputStream short_ = new ByteArrayInputStream(cut);
        Npy.Float2dHeader h = Npy.readFloat2dHeader(short_);
        assertThatThrownBy(() -> EncodedPredictions.readNpyData(short_, h, 0f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(messageOf(() -> Npy.readFloat2d(cut)));
    }

    private static String messageOf(Runnable r) {
        try {
            r.run();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a rejection");
    }
}
