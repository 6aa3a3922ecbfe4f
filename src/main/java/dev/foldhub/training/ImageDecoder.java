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
        return normalise(decodeRgb(path, size));
    }

    /** The image resized to size x size (bilinear) as RGB bytes, CHW: 3 bytes a pixel, a quarter of the floats. */
    static byte[] decodeRgb(Path path, int size) throws IOException {
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
        int[] argb = scaled.getRGB(0, 0, size, size, null, 0, size);
        byte[] chw = new byte[3 * plane];
        for (int i = 0; i < plane; i++) {
            int p = argb[i];
            chw[i] = (byte) (p >> 16);
            chw[plane + i] = (byte) (p >> 8);
            chw[2 * plane + i] = (byte) p;
        }
        return chw;
    }

    /** RGB bytes (CHW) to the network's floats. */
    static float[] normalise(byte[] rgb) {
        int plane = rgb.length / 3;
        float[] chw = new float[rgb.length];
        for (int c = 0; c < 3; c++) {
            float mean = MEAN[c];
            float std = STD[c];
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                // x = (v / 255 - mean[c]) / std[c]
                chw[i] = ((rgb[i] & 0xff) / 255f - mean) / std;
            }
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
