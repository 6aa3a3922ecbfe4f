package dev.foldhub.prediction;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny NumPy {@code .npy} codec (format 1.0 written; 1.0, 2.0 and 3.0 read): 1-D uint8 arrays
 * (fold assignments) and 2-D float arrays (OOF and test predictions), little-endian, C order.
 * Reading throws {@link IllegalArgumentException} with a message saying what is wrong.
 */
public final class Npy {

    /** A 2-D array in row-major order: {@code data[r * cols + c]}. */
    public record FloatMatrix(float[] data, int rows, int cols) {
        public float get(int row, int col) {
            return data[row * cols + col];
        }
    }

    /** The most header bytes a sane .npy file has (format 1.0: 10 bytes and a dict of at most 65,535): an upload's slack. */
    public static final int MAX_HEADER_BYTES = 10 + 65_535;
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** A 1-D {@code |u1} array of the given bytes (read as unsigned 0..255). */
    public static byte[] writeUint8(byte[] values) {
        ByteBuffer out = header("|u1", "(" + values.length + ",)", values.length);
        return out.put(values).array();
    }

    /** A 2-D {@code <f4} array of shape (rows, cols) from row-major data. */
    public static byte[] writeFloat32(float[] data, int rows, int cols) {
        if (rows < 0 || cols < 0 || (long) rows * cols != data.length) {
            throw new IllegalArgumentException("shape (" + rows + ", " + cols + ") does not match "
                    + data.length + " values");
        }
        ByteBuffer out = header("<f4", "(" + rows + ", " + cols + ")", 4L * data.length);
        out.asFloatBuffer().put(data);
        return out.array();
    }

    /** The values of a 1-D uint8 array ({@code |u1} or {@code <u1}). */
    public static byte[] readUint8(byte[] npy) {
        Header h = parse(npy);
        if (!h.descr.equals("|u1") && !h.descr.equals("<u1")) {
            throw new IllegalArgumentException("npy: expected dtype uint8 ('|u1'), got '" + h.descr + "'");
        }
        if (h.shape.length != 1) {
            throw new IllegalArgumentException("npy: expected a 1-D array, got " + h.shape.length + " dimensions");
        }
        checkLength(npy, h, h.shape[0]);
        byte[] values = new byte[(int) h.shape[0]];
        System.arraycopy(npy, h.dataOffset, values, 0, values.length);
        return values;
    }

    /** A 2-D {@code <f4} or {@code <f8} array as float32 values in row-major order. */
    public static FloatMatrix readFloat2d(byte[] npy) {
        Header h = parse(npy);
        Float2dHeader f = float2d(h);
        checkLength(npy, h, f.dataBytes());
        ByteBuffer in = ByteBuffer.wrap(npy, h.dataOffset, npy.length - h.dataOffset).order(ByteOrder.LITTLE_ENDIAN);
        float[] data = new float[(int) f.count()];
        if (f.width() == 4) {
            in.asFloatBuffer().get(data);
        } else {
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) in.getDouble();
            }
        }
        return new FloatMatrix(data, f.rows(), f.cols());
    }

    /**
     * The header of a 2-D float array (checked as {@link #readFloat2d} checks it), read from the start of a stream
     * that is left at the first data byte; nothing past the header is read.
     */
    public static Float2dHeader readFloat2dHeader(InputStream in) throws IOException {
        byte[] lead = in.readNBytes(10);
        if (lead.length < 10 || !java.util.Arrays.equals(lead, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            parse(lead); // throws: too short or not a .npy file
        }
        if (lead.length == 10 && (lead[6] == 2 || lead[6] == 3)) {
            lead = concat(lead, in.readNBytes(2));
        }
        int start = lead.length == 12 ? 12 : 10;
        long headerLen = 0;
        if (lead.length >= 10) {
            ByteBuffer b = ByteBuffer.wrap(lead).order(ByteOrder.LITTLE_ENDIAN);
            headerLen = start == 12 ? Integer.toUnsignedLong(b.getInt(8)) : Short.toUnsignedInt(b.getShort(8));
        }
        if (start + headerLen > MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("npy: header of " + headerLen + " bytes is larger than any sane .npy's");
        }
        byte[] prefix = concat(lead, in.readNBytes((int) headerLen)); // parse says what is wrong with a short one
        return float2d(parse(prefix));
    }

    /** A 2-D float array's header: dtype width (4 or 8 bytes), shape, and where its data starts in the file. */
    public record Float2dHeader(int width, int rows, int cols, int dataOffset) {
        /** rows x cols */
        public long count() {
            return (long) rows * cols;
        }

        /** the data's length in bytes */
        public long dataBytes() {
            return count() * width;
        }
    }

    private static Float2dHeader float2d(Header h) {
        int width = switch (h.descr) {
            case "<f4" -> 4;
            case "<f8" -> 8;
            default -> throw new IllegalArgumentException(
                    "npy: expected dtype float32 or float64 ('<f4' or '<f8'), got '" + h.descr + "'");
        };
        if (h.shape.length != 2) {
            throw new IllegalArgumentException("npy: expected a 2-D array, got " + h.shape.length + " dimensions");
        }
        if (h.shape[0] == 0 || h.shape[1] == 0) {
            // why: no prediction matrix is empty, and (0, 2147483647) would hand its huge width to whoever sizes by it
            throw new IllegalArgumentException("npy: empty array of shape (" + h.shape[0] + ", " + h.shape[1] + ")");
        }
        long count = h.shape[0] * h.shape[1];
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("npy: array of " + count + " values is too large");
        }
        return new Float2dHeader(width, (int) h.shape[0], (int) h.shape[1], h.dataOffset);
    }

    /** A truncated-data error, as {@link #readFloat2d} words it. */
    public static IllegalArgumentException truncated(long expectedBytes, long found) {
        return new IllegalArgumentException("npy: truncated data: expected " + expectedBytes + " bytes, found " + found);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private record Header(String descr, long[] shape, int dataOffset) {
    }

    /** The header of a C-ordered float32 (rows x cols) array, for writing its data after it as a stream. */
    public static byte[] float32Header(int rows, int cols) {
        return header("<f4", "(" + rows + ", " + cols + ")", 0).array();
    }

    private static ByteBuffer header(String descr, String shape, long dataBytes) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        // magic (6) + version (2) + length (2) + dict + padding + '\n' must be a multiple of 64
        int unpadded = 10 + dict.length() + 1;
        int total = (unpadded + 63) / 64 * 64;
        String padded = dict + " ".repeat(total - unpadded) + "\n";
        long size = total + dataBytes;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("npy: array too large for one byte[] (" + size + " bytes)");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) (total - 10));
        out.put(padded.getBytes(StandardCharsets.US_ASCII));
        return out;
    }

    private static Header parse(byte[] npy) {
        if (npy == null || npy.length < 10) {
            throw new IllegalArgumentException("npy: not a .npy file (" + (npy == null ? 0 : npy.length) + " bytes)");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (npy[i] != MAGIC[i]) {
                throw new IllegalArgumentException("npy: bad magic, not a .npy file (expected \\x93NUMPY)");
            }
        }
        int major = npy[6];
        ByteBuffer in = ByteBuffer.wrap(npy).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen;
        int start;
        if (major == 1) {
            headerLen = Short.toUnsignedInt(in.getShort(8));
            start = 10;
        } else if (major == 2 || major == 3) {
            if (npy.length < 12) {
                throw new IllegalArgumentException("npy: truncated header");
            }
            headerLen = Integer.toUnsignedLong(in.getInt(8));
            start = 12;
        } else {
            throw new IllegalArgumentException("npy: unsupported format version " + major + "." + npy[7]);
        }
        if (start + headerLen > npy.length) {
            throw new IllegalArgumentException("npy: truncated header (needs " + headerLen + " bytes)");
        }
        String dict = new String(npy, start, (int) headerLen, StandardCharsets.ISO_8859_1);
        checkOneDict(dict.strip());
        String descr = group(DESCR, dict, "descr");
        if (descr.startsWith(">")) {
            throw new IllegalArgumentException("npy: big-endian dtype '" + descr + "' is not supported; save as little-endian");
        }
        if (group(FORTRAN, dict, "fortran_order").equals("True")) {
            throw new IllegalArgumentException("npy: fortran_order True is not supported; save a C-ordered array");
        }
        return new Header(descr, shape(group(SHAPE, dict, "shape")), (int) (start + headerLen));
    }

    /** The header is one Python dict literal, as numpy reads it: one {...}, each key once. */
    private static void checkOneDict(String dict) {
        boolean one = dict.startsWith("{") && dict.endsWith("}") && dict.indexOf('{', 1) < 0
                && dict.indexOf('}') == dict.length() - 1;
        if (!one) {
            throw new IllegalArgumentException("npy: header is not one dict literal: " + shorten(dict));
        }
    }

    private static String group(Pattern pattern, String dict, String key) {
        Matcher m = pattern.matcher(dict);
        if (!m.find()) {
            throw new IllegalArgumentException("npy: header has no valid '" + key + "': " + shorten(dict.strip()));
        }
        String value = m.group(1);
        if (m.find()) {
            throw new IllegalArgumentException("npy: header has '" + key + "' twice");
        }
        return value;
    }

    private static String shorten(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    private static long[] shape(String text) {
        String[] parts = text.split(",");
        int n = 0;
        long[] dims = new long[parts.length];
        for (String part : parts) {
            if (part.isBlank()) {
                continue;
            }
            try {
                dims[n] = Long.parseLong(part.strip().replace("L", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("npy: bad shape (" + text + ")");
            }
            if (dims[n++] < 0 || dims[n - 1] > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("npy: bad shape (" + text + ")");
            }
        }
        return java.util.Arrays.copyOf(dims, n);
    }

    private static void checkLength(byte[] npy, Header h, long dataBytes) {
        long have = npy.length - h.dataOffset;
        if (have < dataBytes) {
            throw truncated(dataBytes, have);
        }
    }
}
