package dev.foldhub.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.testsupport.Fuzz;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Mutated and hand-made hostile .npy files at both readers: each is read or rejected with the codec's
 * IllegalArgumentException, within 2 s, without allocating what a huge declared shape asks for.
 */
class NpyFuzzTest {

    @Test
    void mutatedFilesAreReadOrRejectedWithTheCodecsOwnException() {
        Fuzz fuzz = new Fuzz(9_2019L);
        List<byte[]> seeds = List.of(
                Npy.writeUint8(new byte[] {0, 1, 2, 3, 4, 0, 1}),
                Npy.writeFloat32(new float[] {0.1f, -0.2f, 0.3f, 0.4f, 0.5f, 0.6f}, 2, 3),
                version(2, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }", new byte[16]),
                version(3, "{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }", new byte[] {1, 0, 1}));
        int cases = 0;
        for (byte[] seed : seeds) {
            for (int i = 0; i < 600; i++) {
                byte[] npy = fuzz.mutate(seed);
                readBoth("case " + cases, npy);
                cases++;
            }
        }
        for (int i = 0; i < 300; i++) {
            byte[] npy = fuzz.randomBytes(fuzz.random().nextInt(200));
            if (npy.length > 6 && fuzz.random().nextBoolean()) {
                System.arraycopy(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'}, 0, npy, 0, 6);
            }
            readBoth("random " + i, npy);
            cases++;
        }
        assertThat(cases).isGreaterThanOrEqualTo(2000);
    }

    @Test
    void hostileHeadersAreRejectedWithoutAllocatingTheDeclaredShape() {
        List<byte[]> hostile = new ArrayList<>();
        for (String shape : List.of("(2147483647,)", "(2147483647, 2147483647)", "(9223372036854775807,)",
                "(99999999999999999999999,)", "(-1,)", "(-1, -1)", "(0, 2147483647)", "(65536, 65536)", "()", "(,)",
                "(1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1)", "(1e9,)",
                "(0x10,)", "(" + "9".repeat(10_000) + ",)", "(" + "1,".repeat(20_000) + ")")) {
            for (String descr : List.of("|u1", "<f4", "<f8", ">f4", "<f16", "|O", "")) {
                hostile.add(version(1, "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }", new byte[8]));
            }
        }
        hostile.add(version(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (1, 1), }", new byte[4]));
        hostile.add(version(1, "{'descr': '<f4', 'shape': (1, 1), }", new byte[4]));
        hostile.add(version(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1), }".repeat(1000), new byte[4]));
        hostile.add(declaredHeaderLength(2, 0xFFFFFFFFL)); // a 4 GB header in a 20-byte file
        hostile.add(declaredHeaderLength(1, 0xFFFF));
        hostile.add(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) 0xff, 0, 0, 0});
        hostile.add(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, 0, 0});
        for (int i = 0; i < hostile.size(); i++) {
            byte[] npy = hostile.get(i);
            Fuzz.rejects("hostile " + i + " uint8", npy, () -> Npy.readUint8(npy), IllegalArgumentException.class);
            Fuzz.rejects("hostile " + i + " float", npy, () -> Npy.readFloat2d(npy), IllegalArgumentException.class);
        }
    }

    private static void readBoth(String label, byte[] npy) {
        Fuzz.check(label + " uint8", npy, () -> Npy.readUint8(npy), IllegalArgumentException.class);
        Fuzz.check(label + " float", npy, () -> Npy.readFloat2d(npy), IllegalArgumentException.class);
    }

    /** A file of the given format version whose header dict is given, followed by data. */
    private static byte[] version(int major, String dict, byte[] data) {
        byte[] header = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
        int lengthBytes = major == 1 ? 2 : 4;
        ByteBuffer out = ByteBuffer.allocate(8 + lengthBytes + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            out.putShort((short) header.length);
        } else {
            out.putInt(header.length);
        }
        return out.put(header).put(data).array();
    }

    private static byte[] declaredHeaderLength(int major, long length) {
        ByteBuffer out = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            out.putShort((short) length);
        } else {
            out.putInt((int) length);
        }
        return out.array();
    }
}
