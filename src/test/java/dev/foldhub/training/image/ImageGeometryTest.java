package dev.foldhub.training.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.training.LabeledImage;
import dev.foldhub.training.TtaCombine;
import dev.foldhub.training.TtaPlan;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where images get their geometry: the reference's crop views, and Foldhub's resize. */
class ImageGeometryTest {

    @TempDir
    Path dir;

    /** One PNG whose red channel is the row and green channel the column; blue is 7. */
    private DecodedImageCache positions(int rows, int cols, int size) throws IOException {
        BufferedImage image = new BufferedImage(cols, rows, BufferedImage.TYPE_INT_RGB);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                image.setRGB(c, r, (r << 16) | (c << 8) | 7);
            }
        }
        Path path = dir.resolve("p" + rows + "x" + cols + ".png");
        ImageIO.write(image, "png", path.toFile());
        return new DecodedImageCache(List.of(new LabeledImage(path, new int[] {0})), size, new AtomicLong());
    }

    /** The 0-255 value of a normalised float of channel c (the inverse of ImageDecoder.normalise). */
    private static int value(float[] chw, int offset, int size, int c, int row, int col) {
        float f = chw[offset + (c * size + row) * size + col];
        return Math.round((f * ImageDecoder.STD[c] + ImageDecoder.MEAN[c]) * 255);
    }

    private static float[] views(ImageGeometry geometry, DecodedImageCache image, TtaPlan tta, long seed) {
        int size = geometry.size();
        float[] out = new float[geometry.views(tta) * 3 * size * size];
        geometry.evaluation(image, 0, tta, new Random(seed), out, 0);
        return out;
    }

    // guards train.py's transform_test for num_ttas 1: the view is mirrored with probability 1/2 (at random, also
    // in validation), the same way for the same seed
    @Test
    void oneViewIsFlippedAtRandomLikeAlbuHorizontalFlip() throws IOException {
        DecodedImageCache image = positions(32, 32, 32); // the crop is the whole image
        ImageGeometry geometry = new ImageGeometry(ImageFit.CROP, 32, RectCrop.OFF);
        int flipped = 0;
        for (long seed = 0; seed < 40; seed++) {
            float[] view = views(geometry, image, TtaPlan.SINGLE, seed);
            boolean mirrored = value(view, 0, 32, 1, 0, 0) == 31;
            for (int j = 0; j < 32; j++) {
                assertThat(value(view, 0, 32, 1, 5, j)).isEqualTo(mirrored ? 31 - j : j);
                assertThat(value(view, 0, 32, 0, 5, j)).isEqualTo(5);
            }
            flipped += mirrored ? 1 : 0;
            assertThat(views(geometry, image, TtaPlan.SINGLE, seed)).containsExactly(view);
        }
        assertThat(flipped).isBetween(8, 32);
    }

    // guards data_loader.py's TTA: each view is its own PadIfNeeded + RandomCrop, and views 1, 3, ... are mirrored
    @Test
    void ttaViewsAreDistinctCropsWithTheOddOnesMirrored() throws IOException {
        DecodedImageCache image = positions(48, 48, 32);
        ImageGeometry geometry = new ImageGeometry(ImageFit.CROP, 32, RectCrop.OFF);
        TtaPlan tta = new TtaPlan(4, TtaCombine.MEAN);
        assertThat(geometry.views(tta)).isEqualTo(4);
        float[] views = views(geometry, image, tta, 11);
        int pixels = 3 * 32 * 32;
        Set<Integer> corners = new HashSet<>();
        for (int v = 0; v < 4; v++) {
            float[] view = new float[pixels];
            System.arraycopy(views, v * pixels, view, 0, pixels);
            if (v % 2 == 1) {
                assertThat(value(view, 0, 32, 1, 0, 0)).as("a mirrored view's first column is its crop's last")
                        .isGreaterThan(value(view, 0, 32, 1, 0, 31));
                view = ImageDecoder.flipHorizontally(view, 32);
            }
            int y = value(view, 0, 32, 0, 0, 0);
            int x = value(view, 0, 32, 1, 0, 0);
            assertThat(y).isBetween(0, 15);
            assertThat(x).isBetween(0, 15);
            for (int i = 0; i < 32; i += 7) {
                for (int j = 0; j < 32; j += 5) {
                    assertThat(value(view, 0, 32, 0, i, j)).isEqualTo(y + i);
                    assertThat(value(view, 0, 32, 1, i, j)).isEqualTo(x + j);
                }
            }
            corners.add(y * 100 + x);
        }
        assertThat(corners).as("four independent crops").hasSizeGreaterThan(1);
    }

    // guards data.rect_crop without scale_both_dims before PadIfNeeded: data_loader.py resizes the crop with PIL to
    // (min(crop height, input), min(crop width, input)) read as (width, height), so a 20 x 32 crop becomes 32 rows of
    // 20 columns, then reflect-padded to 32 columns (6 each side)
    @Test
    void rectCropWithoutScaleBothDimsResizesAsPilReadsDataLoaderPySize() throws IOException {
        DecodedImageCache image = positions(20, 60, 32);
        ImageGeometry geometry = new ImageGeometry(ImageFit.CROP, 32, new RectCrop(true, 1.0, 1.0, false));
        float[] out = ImageDecoder.normalise(geometry.training(image, 0, new Random(5)));

        assertThat(value(out, 0, 32, 0, 0, 10)).as("20 source rows stretched over 32").isEqualTo(0);
        assertThat(value(out, 0, 32, 0, 31, 10)).isEqualTo(19);
        int first = value(out, 0, 32, 1, 0, 6); // the resized crop's first column, after the 6 padded ones
        assertThat(value(out, 0, 32, 1, 0, 25) - first).as("32 source columns squeezed into 20").isEqualTo(31);
        for (int row = 0; row < 32; row += 3) {
            // reflect-101: padded column 0 is resized column 6 (output 12), padded column 31 resized 13 (output 19)
            assertThat(value(out, 0, 32, 1, row, 0)).isEqualTo(value(out, 0, 32, 1, row, 12));
            assertThat(value(out, 0, 32, 1, row, 31)).isEqualTo(value(out, 0, 32, 1, row, 19));
        }
        ImageGeometry both = new ImageGeometry(ImageFit.CROP, 32, new RectCrop(true, 1.0, 1.0, true));
        float[] square = ImageDecoder.normalise(both.training(image, 0, new Random(5)));
        assertThat(value(square, 0, 32, 1, 0, 31) - value(square, 0, 32, 1, 0, 0)).as("scale_both_dims: 32 wide")
                .isEqualTo(31);
    }

    // guards data.fit resize: one view per image whatever the TTA count (the TtaPlan mirrors it), the whole image
    // resized, and no draw from the random
    @Test
    void resizeGivesTheWholeImageAsOneView() throws IOException {
        DecodedImageCache image = positions(64, 64, 32);
        ImageGeometry geometry = new ImageGeometry(ImageFit.RESIZE, 32, RectCrop.OFF);
        TtaPlan tta = new TtaPlan(4, TtaCombine.MAX);
        assertThat(geometry.views(tta)).isEqualTo(1);
        float[] view = views(geometry, image, tta, 1);
        assertThat(view).containsExactly(ImageDecoder.normalise(image.rgb(0)));
        assertThat(views(geometry, image, tta, 2)).containsExactly(view);
        assertThat(value(view, 0, 32, 1, 0, 31)).as("the whole width").isGreaterThan(55);
    }

    // guards training crops: a bigger image gives input_size windows at varying places, a smaller one is padded
    @Test
    void trainingImagesAreRandomCropsOfInputSize() throws IOException {
        ImageGeometry geometry = new ImageGeometry(ImageFit.CROP, 32, RectCrop.OFF);
        DecodedImageCache big = positions(40, 56, 32);
        Random random = new Random(8);
        List<Integer> corners = new ArrayList<>();
        for (int n = 0; n < 20; n++) {
            byte[] crop = geometry.training(big, 0, random);
            assertThat(crop).hasSize(3 * 32 * 32);
            corners.add(crop[0] * 100 + crop[32 * 32]);
        }
        assertThat(new HashSet<>(corners)).hasSizeGreaterThan(5);
        byte[] padded = geometry.training(positions(20, 20, 32), 0, random);
        assertThat(padded[0]).as("row 0 of the padded image: reflect-101 of row -6 is row 6").isEqualTo((byte) 6);
    }
}
