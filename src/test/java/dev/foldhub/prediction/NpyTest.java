package dev.foldhub.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NpyTest {

    @Test
    void uint8RoundTripsWithAHeaderPaddedTo64Bytes() {
        // guards: the folds.npy we serve is what numpy.save writes and what we read back
        byte[] values = {0, 4, 2, (byte) 200, 1};
        byte[] npy = Npy.writeUint8(values);
        int headerLen = Short.toUnsignedInt(ByteBuffer.wrap(npy, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort());
        String dict = new String(npy, 10, headerLen, StandardCharsets.US_ASCII);
        assertThat((10 + headerLen) % 64).isZero();
        assertThat(dict).startsWith("{'descr': '|u1', 'fortran_order': False, 'shape': (5,), }").endsWith("\n");
        assertThat(npy.length).isEqualTo(10 + headerLen + values.length);
        assertThat(Npy.readUint8(npy)).containsExactly(values);
    }

    @Test
    void float32MatrixRoundTrips() {
        // guards: OOF/test predictions survive export and import unchanged
        float[] data = {0f, 0.5f, -1.25f, 3e-7f, 1f, 2f};
        byte[] npy = Npy.writeFloat32(data, 2, 3);
        assertThat(new String(npy, 10, 60, StandardCharsets.US_ASCII)).contains("'<f4'").contains("(2, 3)");
        Npy.FloatMatrix m = Npy.readFloat2d(npy);
        assertThat(m.rows()).isEqualTo(2);
        assertThat(m.cols()).isEqualTo(3);
        assertThat(m.data()).containsExactly(data);
        assertThat(m.get(1, 1)).isEqualTo(1f);
    }

    @Test
    void readsFloat64AsFloat32() {
        // guards: predictions numpy saved as float64 (the default dtype) are accepted
        ByteBuffer body = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.25).putDouble(-2);
        byte[] npy = withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 1), }", body.array());
        assertThat(Npy.readFloat2d(npy).data()).containsExactly(0.25f, -2f);
    }

    @Test
    void rejectsBadMagic() {
        // guards: a csv or png uploaded as folds.npy gets a clear message, not garbage folds
        assertThatThrownBy(() -> Npy.readUint8("id,attribute_ids\nabc,1\n".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad magic");
    }

    @Test
    void rejectsBigEndianDtype() {
        // guards: '>f4' would be read as nonsense floats
        byte[] npy = withHeader("{'descr': '>f4', 'fortran_order': False, 'shape': (1, 1), }", new byte[4]);
        assertThatThrownBy(() -> Npy.readFloat2d(npy)).hasMessageContaining("big-endian");
    }

    @Test
    void rejectsFortranOrder() {
        // guards: a column-major matrix would be silently transposed
        byte[] npy = withHeader("{'descr': '<f4', 'fortran_order': True, 'shape': (1, 1), }", new byte[4]);
        assertThatThrownBy(() -> Npy.readFloat2d(npy)).hasMessageContaining("fortran_order");
    }

    @Test
    void rejectsAnEmptyMatrixWhateverItsDeclaredWidth() {
        // guards: a (0, 2147483647) float matrix is refused instead of passing its width on (found by NpyFuzzTest)
        byte[] npy = withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (0, 2147483647), }", new byte[8]);
        assertThatThrownBy(() -> Npy.readFloat2d(npy)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty array");
        assertThatThrownBy(() -> Npy.readFloat2d(withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (5, 0), }",
                new byte[0]))).hasMessageContaining("empty array");
    }

    @Test
    void rejectsAHeaderThatIsNotExactlyOneDict() {
        // guards: a header of 1000 concatenated dicts, or a key given twice, was read from its first match (NpyFuzzTest)
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1), }";
        assertThatThrownBy(() -> Npy.readFloat2d(withHeader(dict.repeat(3), new byte[4])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one dict");
        assertThatThrownBy(() -> Npy.readFloat2d(withHeader(
                "{'descr': '<f4', 'descr': '|u1', 'fortran_order': False, 'shape': (1, 1), }", new byte[4])))
                .hasMessageContaining("'descr' twice");
        assertThat(Npy.readFloat2d(withHeader(dict, new byte[4])).rows()).isEqualTo(1);
    }

    @Test
    void rejectsWrongDtypeDimensionAndTruncatedData() {
        // guards: each kind of wrong array names what is wrong
        assertThatThrownBy(() -> Npy.readUint8(Npy.writeFloat32(new float[1], 1, 1)))
                .hasMessageContaining("expected dtype uint8");
        assertThatThrownBy(() -> Npy.readFloat2d(withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", new byte[12])))
                .hasMessageContaining("2-D");
        byte[] full = Npy.writeUint8(new byte[10]);
        assertThatThrownBy(() -> Npy.readUint8(java.util.Arrays.copyOf(full, full.length - 3)))
                .hasMessageContaining("truncated");
    }

    private static byte[] withHeader(String dict, byte[] body) {
        int total = (10 + dict.length() + 1 + 63) / 64 * 64;
        String padded = dict + " ".repeat(total - 10 - dict.length() - 1) + "\n";
        ByteBuffer out = ByteBuffer.allocate(total + body.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) padded.length());
        return out.put(padded.getBytes(StandardCharsets.US_ASCII)).put(body).array();
    }
}
