package dev.foldhub.training.checkpoint;

import dev.foldhub.files.AtomicFiles;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.foldhub.training.EpochStats;
import dev.foldhub.training.optim.ResumableOptimizer;
import dev.foldhub.training.optim.SwaAverage;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The resumable checkpoint of a fold: one file, written after every epoch to a temporary file and moved into place
 * (atomic), so a worker that dies leaves the previous epoch's file or the new one, never half of one.
 *
 * <p>Format version 1, big-endian as {@link DataOutputStream} writes it:
 * <pre>
 * "FHRESUME" (8 ASCII bytes), int version
 * UTF fingerprint, int last finished epoch, int best epoch, double best F2, double its threshold,
 * UTF best parameter file name
 * int rows, int classes, rows*classes floats: the best epoch's OOF probabilities
 * int n; n times: int epoch, 7 doubles (train loss, F2, threshold, lr, seconds, images/s, F2 at 0.5), from version 3
 *   an 8th (validation loss; NaN = unknown), int training batches
 * int n; n times: int length, bytes: a serialized java.util.Random (shuffle, augmentation, mixup)
 * int updates (the optimizer's t), int n; n times: UTF parameter name, int updates, int k, k DJL-encoded NDArrays
 *   (adam: mean, variance; sgd: momentum)
 * int SWA snapshots, int n; n times: UTF parameter name, int length, floats: the running average
 * the block's parameters as DJL's Block.saveParameters writes them (the body of a .params file)
 * </pre>
 */
public final class ResumeFile {

    static final int VERSION = 3; // 2: epochs carry the F2 at threshold 0.5; 3: and the validation loss
    private static final int OLDEST_READABLE = 2; // a version 2 file's epochs have no validation loss
    private static final byte[] MAGIC = "FHRESUME".getBytes(StandardCharsets.US_ASCII);

    private ResumeFile() {
    }

    static void write(Path file, ResumeState state, Block block, ResumableOptimizer optimizer, SwaAverage swa)
            throws IOException {
        Map<String, String> names = new HashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            names.put(p.getValue().getId(), p.getKey());
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(state.fingerprint());
            out.writeInt(state.epoch());
            out.writeInt(state.bestEpoch());
            out.writeDouble(state.bestF2());
            out.writeDouble(state.bestThreshold());
            out.writeUTF(state.bestFile());
            out.writeInt(state.rows());
            out.writeInt(state.classes());
            writeFloats(out, state.bestProbabilities());
            out.writeInt(state.epochs().size());
            for (int i = 0; i < state.epochs().size(); i++) {
                EpochStats s = state.epochs().get(i);
                out.writeInt(s.epoch());
                for (double v : new double[] {s.trainLoss(), s.f2(), s.threshold(), s.lr(), s.seconds(), s.imagesPerSecond(),
                        nanIfNull(s.f2At05()), nanIfNull(s.valLoss())}) {
                    out.writeDouble(v);
                }
                out.writeInt(state.batches()[i]);
            }
            out.writeInt(state.randoms().size());
            for (byte[] r : state.randoms()) {
                out.writeInt(r.length);
                out.write(r);
            }
            out.writeInt(optimizer.updates());
            Map<String, ResumableOptimizer.State> states = optimizer.states();
            out.writeInt(states.size());
            for (Map.Entry<String, ResumableOptimizer.State> e : states.entrySet()) {
                out.writeUTF(names.get(e.getKey()));
                out.writeInt(e.getValue().updates());
                out.writeInt(e.getValue().arrays().length);
                for (NDArray array : e.getValue().arrays()) {
                    out.write(array.encode());
                }
            }
            out.writeInt(swa.snapshots());
            out.writeInt(swa.averages().size());
            for (Map.Entry<String, float[]> e : swa.averages().entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().length);
                writeFloats(out, e.getValue());
            }
            block.saveParameters(out);
        }
        AtomicFiles.replace(tmp, file);
    }

    /**
     * The state without the arrays; throws IOException for a file that is not a resume checkpoint of this version, or
     * whose header is cut short or counts more than the file holds.
     */
    static ResumeState readState(Path file) throws IOException {
        try (VersionedInput in = open(file)) {
            return readHeader(in, Files.size(file));
        }
    }

    /** The best parameter file the checkpoint names, read from the start of its header. */
    public static String readBestFile(Path file) throws IOException {
        try (VersionedInput in = open(file)) {
            in.readUTF(); // fingerprint
            in.readInt(); // last finished epoch
            in.readInt(); // best epoch
            in.readDouble(); // best F2
            in.readDouble(); // its threshold
            return in.readUTF();
        }
    }

    /**
     * Loads the parameters into the block and the optimizer state and SWA average, all in {@code manager}. Every
     * array must have the shape {@code shapes} gives its parameter (the model's, by parameter name): a checkpoint of
     * another model, cut short or damaged, throws (IOException or MalformedModelException) and is not trained on.
     */
    public static void restore(Path file, Block block, NDManager manager, ResumableOptimizer optimizer, SwaAverage swa,
                        Map<String, Shape> shapes) throws IOException, MalformedModelException {
        Map<String, Parameter> byName = new HashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            byName.put(p.getKey(), p.getValue());
        }
        try (VersionedInput in = open(file)) {
            readHeader(in, Files.size(file));
            int updates = in.readInt();
            int n = in.readInt();
            Map<String, ResumableOptimizer.State> states = new HashMap<>();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                int count = in.readInt();
                Parameter parameter = byName.get(name);
                if (parameter == null) {
                    throw new MalformedModelException("the checkpoint has optimizer state of an unknown parameter " + name);
                }
                int k = in.readInt();
                if (k < 0 || k > 4) {
                    throw new MalformedModelException("the checkpoint has " + k + " optimizer arrays for " + name);
                }
                NDArray[] arrays = new NDArray[k];
                for (int a = 0; a < arrays.length; a++) {
                    arrays[a] = manager.decode(in);
                    checkShape("optimizer state of " + name, arrays[a].getShape(), shapes.get(name));
                }
                states.put(parameter.getId(), new ResumableOptimizer.State(count, arrays));
            }
            int snapshots = in.readInt();
            Map<String, float[]> averages = new HashMap<>();
            for (int i = 0, m = in.readInt(); i < m; i++) {
                String name = in.readUTF();
                Shape shape = shapes.get(name);
                int length = in.readInt();
                if (shape == null || shape.size() != length) {
                    throw new MalformedModelException("the checkpoint's SWA average of " + name + " has " + length
                            + " values, the model's parameter " + (shape == null ? "does not exist" : "has " + shape.size()));
                }
                averages.put(name, readFloats(in, length));
            }
            block.loadParameters(manager, in);
            for (Map.Entry<String, Parameter> p : byName.entrySet()) {
                NDArray array = p.getValue().getArray();
                checkShape("parameter " + p.getKey(), array.getShape(), shapes.get(p.getKey()));
            }
            optimizer.restore(updates, states);
            swa.restore(snapshots, averages);
        }
    }

    private static void checkShape(String what, Shape found, Shape expected) throws MalformedModelException {
        if (expected == null || !expected.equals(found)) {
            throw new MalformedModelException("the checkpoint's " + what + " has shape " + found + ", the model's is "
                    + (expected == null ? "missing" : expected));
        }
    }

    private static VersionedInput open(Path file) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
        byte[] magic = new byte[MAGIC.length];
        in.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            in.close();
            throw new IOException(file + " is not a resume checkpoint");
        }
        int version = in.readInt();
        if (version < OLDEST_READABLE || version > VERSION) {
            in.close();
            throw new IOException(file + " has format version " + version + ", this build reads " + OLDEST_READABLE
                    + " to " + VERSION);
        }
        return new VersionedInput(in, version);
    }

    /** The header; every count is checked against {@code size} (the file's) before anything is allocated for it. */
    private static ResumeState readHeader(VersionedInput in, long size) throws IOException {
        String fingerprint = in.readUTF();
        int epoch = in.readInt();
        int bestEpoch = in.readInt();
        double bestF2 = in.readDouble();
        double bestThreshold = in.readDouble();
        String bestFile = in.readUTF();
        int rows = in.readInt();
        int classes = in.readInt();
        if (rows < 0 || classes < 0) {
            throw new IOException("the header says " + rows + " x " + classes + " OOF values");
        }
        float[] probabilities = readFloats(in, count("OOF values", (long) rows * classes, 4, size));
        int n = count("epochs", in.readInt(), 4 + 7 * 8 + 4, size);
        List<EpochStats> epochs = new ArrayList<>(n);
        int[] batches = new int[n];
        for (int i = 0; i < n; i++) {
            int e = in.readInt();
            double[] v = new double[7];
            for (int j = 0; j < v.length; j++) {
                v[j] = in.readDouble();
            }
            Double valLoss = in.version >= 3 ? nullIfNan(in.readDouble()) : null;
            epochs.add(new EpochStats(e, v[0], v[1], v[2], v[3], v[4], v[5], nullIfNan(v[6]), valLoss));
            batches[i] = in.readInt();
        }
        List<byte[]> randoms = new ArrayList<>();
        for (int i = 0, m = count("random streams", in.readInt(), 4, size); i < m; i++) {
            byte[] r = new byte[count("random stream bytes", in.readInt(), 1, size)];
            in.readFully(r);
            randoms.add(r);
        }
        return new ResumeState(fingerprint, epoch, bestEpoch, bestF2, bestThreshold, bestFile, rows, classes, probabilities, epochs, batches,
                randoms);
    }

    private static double nanIfNull(Double v) {
        return v == null ? Double.NaN : v;
    }

    private static Double nullIfNan(double v) {
        return Double.isNaN(v) ? null : v;
    }

    /** The file after its magic and version, and that version (what the epochs carry depends on it). */
    private static final class VersionedInput extends DataInputStream {

        final int version;

        VersionedInput(DataInputStream in, int version) {
            super(in);
            this.version = version;
        }
    }

    /** {@code n} when n items of {@code bytes} each can be in a file of {@code size} bytes; else the file is damaged. */
    private static int count(String what, long n, int bytes, long size) throws IOException {
        if (n < 0 || n * bytes > size) {
            throw new IOException("the header counts " + n + " " + what + ", more than the file's " + size + " bytes hold");
        }
        return (int) n;
    }

    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        for (float v : values) {
            if (!buffer.hasRemaining()) {
                out.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            buffer.putFloat(v);
        }
        out.write(buffer.array(), 0, buffer.position());
    }

    private static float[] readFloats(DataInputStream in, int n) throws IOException {
        float[] values = new float[n];
        byte[] bytes = new byte[1 << 16];
        int at = 0;
        while (at < n) {
            int count = Math.min(bytes.length / 4, n - at);
            in.readFully(bytes, 0, count * 4);
            ByteBuffer.wrap(bytes, 0, count * 4).asFloatBuffer().get(values, at, count);
            at += count;
        }
        return values;
    }
}
