package dev.foldhub.training.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decoding reads the rasters of the common layouts directly; the bytes must be exactly what getRGB gives. */
class ImageDecoderTest {

    @TempDir
    Path dir;

    /** The reference: RGB bytes, CHW, through BufferedImage.getRGB (sRGB, alpha dropped). */
    private static byte[] viaGetRgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] chw = new byte[3 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = image.getRGB(x, y);
                chw[y * w + x] = (byte) (p >> 16);
                chw[w * h + y * w + x] = (byte) (p >> 8);
                chw[2 * w * h + y * w + x] = (byte) p;
            }
        }
        return chw;
    }

    private static BufferedImage noise(int type, int width, int height, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (random.nextInt(256) << 24) | random.nextInt(1 << 24));
            }
        }
        return image;
    }

    @Test
    void everyLayoutGivesTheBytesGetRgbGives() {
        for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_INT_RGB,
                BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_BYTE_GRAY}) {
            BufferedImage image = noise(type, 13, 7, type);
            assertThat(ImageDecoder.chw(image)).as("type %d", type).containsExactly(viaGetRgb(image));
        }
    }

    @Test
    void aSubimageIsReadThroughGetRgbNotFromItsParentsRaster() {
        BufferedImage parent = noise(BufferedImage.TYPE_3BYTE_BGR, 20, 16, 5);
        BufferedImage sub = parent.getSubimage(3, 4, 9, 6);
        assertThat(ImageDecoder.chw(sub)).containsExactly(viaGetRgb(sub));
    }

    @Test
    void pngFilesWithAndWithoutAlphaDecodeToTheirPixels() throws IOException {
        for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR}) {
            BufferedImage image = noise(type, 31, 17, 11 + type);
            Path file = dir.resolve("image-" + type + ".png");
            ImageIO.write(image, "png", file.toFile());

            RgbImage decoded = ImageDecoder.decodeOriginal(file);

            assertThat(decoded.height()).isEqualTo(17);
            assertThat(decoded.width()).isEqualTo(31);
            assertThat(decoded.chw()).as("type %d", type).containsExactly(viaGetRgb(image));
        }
    }
}
