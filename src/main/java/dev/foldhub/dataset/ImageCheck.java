package dev.foldhub.dataset;

import dev.foldhub.errors.InvalidInputException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

/**
 * At registration, every train and test image must be a whole PNG: the 8-byte signature, the IHDR chunk with a
 * non-zero size, and a chain of chunks that ends with IEND exactly at the end of the file (a cut-short or padded file
 * fails). That reads a few bytes per chunk, so iMet's 116,000 images take seconds. With
 * {@code foldhub.datasets.image-check: decode} each image is also decoded as the trainer decodes it (ImageIO), which
 * finds damaged pixel data too but costs about 15 ms an image on 2 cores. Files are checked in parallel. A corrupt
 * image is a 400 on "path" naming the first bad file (in train.csv, then sample_submission.csv order) and how many
 * are bad.
 */
final class ImageCheck {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] IHDR = {0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    private static final int IEND = ('I' << 24) | ('E' << 16) | ('N' << 8) | 'D';

    private ImageCheck() {
    }

    static void checkAll(DatasetTable table, List<String> testIds, ImageCheckDepth depth) {
        List<Path> files = new ArrayList<>(table.trainIds().size() + testIds.size());
        List<String> names = new ArrayList<>(files.size());
        for (String id : table.trainIds()) {
            files.add(table.trainDir().resolve(id + ".png"));
            names.add("train/" + id + ".png");
        }
        for (String id : testIds) {
            files.add(table.testDir().resolve(id + ".png"));
            names.add("test/" + id + ".png");
        }
        String[] problems = problems(files, depth);
        int first = IntStream.range(0, problems.length).filter(i -> problems[i] != null).findFirst().orElse(-1);
        if (first >= 0) {
            long bad = Arrays.stream(problems).filter(p -> p != null).count();
            throw new InvalidInputException("path", "corrupt image " + names.get(first) + ": " + problems[first]
                    + " (" + bad + " image" + (bad == 1 ? "" : "s") + " of " + files.size() + " do not decode)");
        }
    }

    /** For each file, why it is not a decodable PNG, or null. */
    static String[] problems(List<Path> files, ImageCheckDepth depth) {
        String[] problems = new String[files.size()];
        // why: its own pool, so a registration never queues behind (or holds up) the blend search's common pool
        ForkJoinPool pool = new ForkJoinPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
        try {
            pool.submit(() -> IntStream.range(0, problems.length).parallel()
                    .forEach(i -> problems[i] = problem(files.get(i), depth))).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking images", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("image check failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return problems;
    }

    /** Why {@code file} is not a PNG the trainer can decode, or null. */
    static String problem(Path file, ImageCheckDepth depth) {
        String structure = structureProblem(file);
        if (structure != null || depth == ImageCheckDepth.STRUCTURE) {
            return structure;
        }
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                return "no image decoder accepts it";
            }
            return image.getWidth() > 0 && image.getHeight() > 0 ? null : "empty image";
        } catch (IOException | RuntimeException e) {
            return "does not decode: " + e.getMessage();
        }
    }

    /** Walks the chunk chain: each chunk is length (4) + type (4) + data + CRC (4); IEND must end the file. */
    private static String structureProblem(Path file) {
        try (SeekableByteChannel in = Files.newByteChannel(file)) {
            long size = in.size();
            ByteBuffer head = ByteBuffer.allocate(SIGNATURE.length + IHDR.length + 8);
            while (head.hasRemaining() && in.read(head) > 0) {
                // read the signature, the IHDR chunk's length and type, width and height
            }
            byte[] bytes = head.array();
            int read = head.position();
            if (read < SIGNATURE.length || !Arrays.equals(bytes, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
                return "not a PNG (bad signature)";
            }
            if (read < SIGNATURE.length + IHDR.length
                    || !Arrays.equals(bytes, SIGNATURE.length, SIGNATURE.length + IHDR.length, IHDR, 0, IHDR.length)) {
                return "PNG header without an IHDR chunk";
            }
            if (read < bytes.length || head.getInt(16) <= 0 || head.getInt(20) <= 0) {
                return "PNG header with no width or height";
            }
            ByteBuffer chunk = ByteBuffer.allocate(8);
            for (long at = SIGNATURE.length; ; ) {
                chunk.clear();
                in.position(at);
                while (chunk.hasRemaining() && in.read(chunk) > 0) {
                    // the chunk's length and type
                }
                if (chunk.hasRemaining()) {
                    return "cut short: no IEND chunk (" + size + " bytes)";
                }
                long length = chunk.getInt(0) & 0xffffffffL;
                long next = at + 12 + length;
                if (next > size) {
                    return "cut short: a chunk runs past the end of the file (" + size + " bytes)";
                }
                if (chunk.getInt(4) == IEND) {
                    return next == size ? null : "data after the IEND chunk";
                }
                at = next;
            }
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }
}
