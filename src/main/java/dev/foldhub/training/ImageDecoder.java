package dev.foldhub.training;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Decodes an image file into the network's input: size x size, bilinear, float CHW normalised with ImageNet mean/std. */
final class ImageDecoder {

    static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    static final float[] STD = {0.229f, 0.224f, 0.225f};

    private ImageDecoder() {
    }

    static float[] decode(Path path, int size) throws IOException {
        BufferedImage source = ImageIO.read(path.toFile());
        if (source == null) {
            throw new IOException("not a readable image: " + path);
        }
        BufferedImage scaled = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(source, 0, 0, size, size, null);
        } finally {
            g.dispose();
        }
        int plane = size * size;
        int[] rgb = scaled.getRGB(0, 0, size, size, null, 0, size);
        float[] chw = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            int p = rgb[i];
            // x = (v / 255 - mean[c]) / std[c]
            chw[i] = (((p >> 16) & 0xff) / 255f - MEAN[0]) / STD[0];
            chw[plane + i] = (((p >> 8) & 0xff) / 255f - MEAN[1]) / STD[1];
            chw[2 * plane + i] = ((p & 0xff) / 255f - MEAN[2]) / STD[2];
        }
        return chw;
    }

    /** A horizontally mirrored copy of a CHW image with square planes of side {@code size}. */
    static float[] flipHorizontally(float[] chw, int size) {
        float[] flipped = new float[chw.length];
        for (int row = 0; row < chw.length; row += size) {
            // out[row + x] = in[row + size - 1 - x]
            for (int x = 0; x < size; x++) {
                flipped[row + x] = chw[row + size - 1 - x];
            }
        }
        return flipped;
    }
}
