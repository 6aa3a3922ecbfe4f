package dev.foldhub.dataset;

import dev.foldhub.web.InvalidInputException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
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
 * At registration, every train and test image must be a PNG that decodes (as the trainer decodes it, ImageIO):
 * the 8-byte signature and the IHDR chunk first, then a full decode, in parallel on all cores. A corrupt image is a
 * 400 on "path" naming the first bad file (in train.csv, then sample_submission.csv order) and how many are bad.
 */
final class ImageCheck {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] IHDR = {0, 0, 0, 13, 'I', 'H', 'D', 'R'};

    private ImageCheck() {
    }

    static void decodeAll(DatasetTable table, List<String> testIds) {
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
        String[] problems = problems(files);
        int first = IntStream.range(0, problems.length).filter(i -> problems[i] != null).findFirst().orElse(-1);
        if (first >= 0) {
            long bad = Arrays.stream(problems).filter(p -> p != null).count();
            throw new InvalidInputException("path", "corrupt image " + names.get(first) + ": " + problems[first]
                    + " (" + bad + " image" + (bad == 1 ? "" : "s") + " of " + files.size() + " do not decode)");
        }
    }

    /** For each file, why it is not a decodable PNG, or null. */
    static String[] problems(List<Path> files) {
        String[] problems = new String[files.size()];
        // why: its own pool, so a registration never queues behind (or holds up) the blend search's common pool
        ForkJoinPool pool = new ForkJoinPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
        try {
            pool.submit(() -> IntStream.range(0, problems.length).parallel()
                    .forEach(i -> problems[i] = problem(files.get(i)))).get();
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
    static String problem(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(SIGNATURE.length + IHDR.length);
            if (head.length < SIGNATURE.length || !Arrays.equals(head, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
                return "not a PNG (bad signature)";
            }
            if (head.length < SIGNATURE.length + IHDR.length
                    || !Arrays.equals(head, SIGNATURE.length, head.length, IHDR, 0, IHDR.length)) {
                return "PNG header without an IHDR chunk";
            }
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
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
}
