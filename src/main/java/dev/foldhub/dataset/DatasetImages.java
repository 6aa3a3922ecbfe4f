package dev.foldhub.dataset;

import dev.foldhub.errors.ConflictException;
import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.errors.NotFoundException;
import dev.foldhub.web.SafePaths;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.springframework.stereotype.Component;

/**
 * Thumbnails of a data set's images. The client names an image only by its id: the file is the one train.csv or
 * sample_submission.csv lists under that id ({@code train/<id>.png}, {@code test/<id>.png}), so no path from a request
 * ever reaches the disk, and an id the data set does not list is a 404.
 */
@Component
class DatasetImages {

    static final int MIN_SIZE = 16;
    static final int MAX_SIZE = 512;

    private final DatasetFiles files;

    DatasetImages(DatasetFiles files) {
        this.files = files;
    }

    byte[] thumbnail(long datasetId, String imageId, int size) {
        if (size < MIN_SIZE || size > MAX_SIZE) {
            throw new InvalidInputException("size", "must be in " + MIN_SIZE + ".." + MAX_SIZE + ", got " + size);
        }
        Path file = find(datasetId, imageId);
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new ConflictException("image " + imageId + " of dataset " + datasetId + " cannot be read: "
                    + e.getMessage());
        }
        if (image == null) {
            throw new ConflictException("image " + imageId + " of dataset " + datasetId + " is not a readable image");
        }
        return png(scale(image, size));
    }

    private Path find(long datasetId, String imageId) {
        DatasetTable table = files.table(datasetId);
        if (imageId == null || imageId.isEmpty() || !SafePaths.isPlainFileName(imageId)) {
            throw new NotFoundException("image", imageId + " of dataset " + datasetId);
        }
        if (table.trainIds().contains(imageId)) {
            return table.trainDir().resolve(imageId + ".png");
        }
        if (files.testIds(datasetId).contains(imageId)) {
            return table.testDir().resolve(imageId + ".png");
        }
        throw new NotFoundException("image", imageId + " of dataset " + datasetId);
    }

    /** Fits the image into size x size, keeping its aspect ratio (never enlarging it). */
    private static BufferedImage scale(BufferedImage image, int size) {
        double factor = Math.min(1.0, (double) size / Math.max(image.getWidth(), image.getHeight()));
        int w = Math.max(1, (int) Math.round(image.getWidth() * factor));
        int h = Math.max(1, (int) Math.round(image.getHeight() * factor));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a PNG in memory", e);
        }
        return out.toByteArray();
    }
}
