package dev.foldhub.training.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Decodes image files: resized to size x size (bilinear) or at their own size, as RGB bytes (CHW), and bytes to the
 * network's floats normalised with ImageNet mean/std. {@link ImageGeometry} decides which.
 */
public final class ImageDecoder {

    public static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    public static final float[] STD = {0.229f, 0.224f, 0.225f};

    private ImageDecoder() {
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
        return chw(scaled);
    }

    /** The image at its own size as RGB bytes, CHW (for a crop before the resize, {@link RectCrop}). */
    static RgbImage decodeOriginal(Path path) throws IOException {
        BufferedImage source = ImageIO.read(path.toFile());
        if (source == null) {
            throw new IOException("not a readable image: " + path);
        }
        return new RgbImage(chw(source), source.getHeight(), source.getWidth());
    }

    /**
     * The image's RGB bytes, CHW. The layouts ImageIO decodes PNG and JPEG into (3-byte BGR, 4-byte ABGR) and Java2D
     * scales into (int RGB) are read from the raster, a third of the decode's time saved against getRGB's
     * per-pixel colour model calls; any other layout goes through getRGB (sRGB).
     */
    static byte[] chw(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int plane = width * height;
        byte[] chw = new byte[3 * plane];
        Raster raster = image.getRaster();
        boolean plain = raster.getMinX() == 0 && raster.getMinY() == 0 && raster.getParent() == null
                && raster.getDataBuffer().getOffset() == 0 && raster.getDataBuffer().getNumBanks() == 1;
        int type = image.getType();
        if (plain && (type == BufferedImage.TYPE_3BYTE_BGR || type == BufferedImage.TYPE_4BYTE_ABGR)
                && raster.getSampleModel() instanceof PixelInterleavedSampleModel model
                && model.getScanlineStride() == width * model.getPixelStride()) {
            byte[] data = ((DataBufferByte) raster.getDataBuffer()).getData();
            int stride = model.getPixelStride();
            int[] offsets = model.getBandOffsets(); // bands R, G, B(, A) at these offsets within a pixel
            for (int c = 0; c < 3; c++) {
                int offset = offsets[c];
                int to = c * plane;
                for (int i = 0; i < plane; i++) {
                    chw[to + i] = data[i * stride + offset];
                }
            }
            return chw;
        }
        if (plain && type == BufferedImage.TYPE_INT_RGB
                && raster.getSampleModel() instanceof SinglePixelPackedSampleModel model && model.getScanlineStride() == width) {
            int[] data = ((DataBufferInt) raster.getDataBuffer()).getData();
            for (int i = 0; i < plane; i++) {
                int p = data[i];
                chw[i] = (byte) (p >> 16);
                chw[plane + i] = (byte) (p >> 8);
                chw[2 * plane + i] = (byte) p;
            }
            return chw;
        }
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        for (int i = 0; i < plane; i++) {
            int p = argb[i];
            chw[i] = (byte) (p >> 16);
            chw[plane + i] = (byte) (p >> 8);
            chw[2 * plane + i] = (byte) p;
        }
        return chw;
    }

    /** Rows y..y+h-1, columns x..x+w-1 of the image resized to size x size (see the general form). */
    static byte[] cropResize(RgbImage image, int y, int x, int h, int w, int size) {
        return cropResize(image, y, x, h, w, size, size);
    }

    /**
     * Rows y..y+h-1, columns x..x+w-1 of the image resized to outH x outW, bilinear with pixel centres aligned:
     * output (i, j) samples the crop at ((i + 0.5) h / outH - 0.5, (j + 0.5) w / outW - 0.5), clamped to the crop.
     */
    static byte[] cropResize(RgbImage image, int y, int x, int h, int w, int outH, int outW) {
        int plane = outH * outW;
        int sourcePlane = image.height() * image.width();
        byte[] out = new byte[3 * plane];
        for (int i = 0; i < outH; i++) {
            double sy = Math.min(h - 1, Math.max(0, (i + 0.5) * h / outH - 0.5));
            int y0 = (int) sy;
            int y1 = Math.min(y0 + 1, h - 1);
            double fy = sy - y0;
            for (int j = 0; j < outW; j++) {
                double sx = Math.min(w - 1, Math.max(0, (j + 0.5) * w / outW - 0.5));
                int x0 = (int) sx;
                int x1 = Math.min(x0 + 1, w - 1);
                double fx = sx - x0;
                for (int c = 0; c < 3; c++) {
                    int base = c * sourcePlane;
                    int top = base + (y + y0) * image.width() + x;
                    int bottom = base + (y + y1) * image.width() + x;
                    // (1-fy)((1-fx) p00 + fx p01) + fy((1-fx) p10 + fx p11), rounded
                    double v = (1 - fy) * ((1 - fx) * (image.chw()[top + x0] & 0xff) + fx * (image.chw()[top + x1] & 0xff))
                            + fy * ((1 - fx) * (image.chw()[bottom + x0] & 0xff) + fx * (image.chw()[bottom + x1] & 0xff));
                    out[c * plane + i * outW + j] = (byte) Math.round(v);
                }
            }
        }
        return out;
    }

    /** RGB bytes (CHW) to the network's floats. */
    public static float[] normalise(byte[] rgb) {
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
    public static float[] flipHorizontally(float[] chw, int size) {
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
