package dev.foldhub.training.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.training.ScriptedRandom;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** albumentations' PadIfNeeded (reflect-101) and RandomCrop as train.py runs them, on values worked out by hand. */
class PadAndCropTest {

    /** Channel 0 holds 10 r + c + 1, channel 1 the same + 100, channel 2 the same + 200. */
    private static RgbImage numbered(int rows, int cols) {
        byte[] chw = new byte[3 * rows * cols];
        for (int c = 0; c < 3; c++) {
            for (int r = 0; r < rows; r++) {
                for (int k = 0; k < cols; k++) {
                    chw[(c * rows + r) * cols + k] = (byte) (100 * c + 10 * r + k + 1);
                }
            }
        }
        return new RgbImage(chw, rows, cols);
    }

    /** Channel 0 holds the row, channel 1 the column, channel 2 is 7. */
    static RgbImage positions(int rows, int cols) {
        byte[] chw = new byte[3 * rows * cols];
        int plane = rows * cols;
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < cols; k++) {
                chw[r * cols + k] = (byte) r;
                chw[plane + r * cols + k] = (byte) k;
                chw[2 * plane + r * cols + k] = 7;
            }
        }
        return new RgbImage(chw, rows, cols);
    }

    private static int[][] plane(RgbImage image, int channel) {
        int[][] out = new int[image.height()][image.width()];
        for (int r = 0; r < image.height(); r++) {
            for (int k = 0; k < image.width(); k++) {
                out[r][k] = image.chw()[(channel * image.height() + r) * image.width() + k] & 0xff;
            }
        }
        return out;
    }

    // guards PadIfNeeded on a 2 x 3 image padded to 5: 3 rows (odd: top 1, bottom 2) and 2 columns (even: 1 and 1),
    // borders as cv2.BORDER_REFLECT_101 (gfedcb|abcdefgh|gfedcba), every channel alike
    @Test
    void padIfNeededReflects101WithAlbumentationsSplit() {
        RgbImage padded = PadAndCrop.padIfNeeded(numbered(2, 3), 5);

        assertThat(padded.height()).isEqualTo(5);
        assertThat(padded.width()).isEqualTo(5);
        // rows r1 r0 r1 | r0 r1 : source rows (top 1) 1, 0, 1, 0, 1; columns c1 | c0 c1 c2 | c1
        assertThat(plane(padded, 0)).isEqualTo(new int[][] {
                {12, 11, 12, 13, 12},
                {2, 1, 2, 3, 2},
                {12, 11, 12, 13, 12},
                {2, 1, 2, 3, 2},
                {12, 11, 12, 13, 12}});
        assertThat(plane(padded, 2)[1]).containsExactly(202, 201, 202, 203, 202);
    }

    // guards one-sided padding: a side already long enough is not padded, and an image big enough is returned as is
    @Test
    void padIfNeededPadsOnlyTheShortSide() {
        RgbImage wide = numbered(1, 4);
        RgbImage padded = PadAndCrop.padIfNeeded(wide, 4);
        // 3 rows to add to a single row: every one repeats it (cv2 maps any index to 0 for a side of one)
        assertThat(plane(padded, 0)).isEqualTo(new int[][] {{1, 2, 3, 4}, {1, 2, 3, 4}, {1, 2, 3, 4}, {1, 2, 3, 4}});
        assertThat(PadAndCrop.padIfNeeded(wide, 1)).isSameAs(wide);
    }

    // guards a pad wider than the image: the reflection repeats (cv2's borderInterpolate loop)
    @Test
    void reflect101RepeatsForAPadWiderThanTheImage() {
        int[] row = new int[7];
        for (int j = 0; j < 7; j++) {
            row[j] = Borders.reflect101(j - 2, 2); // a 2-pixel side padded to 7: left 2, right 3
        }
        assertThat(row).containsExactly(0, 1, 0, 1, 0, 1, 0);
        assertThat(Borders.reflect101(-1, 5)).isEqualTo(1);
        assertThat(Borders.reflect101(5, 5)).isEqualTo(3);
        assertThat(Borders.reflect101(-9, 5)).isEqualTo(1); // 9 -> 2 (5 - 1) - 9 = -1 -> 1
    }

    // guards RandomCrop's position: y = int((rows - size) u), x = int((cols - size) v), u drawn before v
    @Test
    void randomCropTakesItsCornerFromTwoUniforms() {
        RgbImage image = positions(40, 50);
        Random fixed = new ScriptedRandom(0.5, 0.99);
        byte[] crop = PadAndCrop.randomCrop(image, 32, fixed);
        int plane = 32 * 32;
        assertThat(crop[0]).as("row of the corner: int(8 * 0.5)").isEqualTo((byte) 4);
        assertThat(crop[plane]).as("column of the corner: int(18 * 0.99)").isEqualTo((byte) 17);
        assertThat(crop[plane + 31]).isEqualTo((byte) 48);
        assertThat(crop[31 * 32]).isEqualTo((byte) 35);
    }

    // guards that random crops stay inside the image, are whole contiguous windows, and land on many positions;
    // as albumentations' int((rows - size) u) with u < 1, the last window (row 8 or column 18 here) is never taken
    @Test
    void randomCropsStayInsideAndCoverDifferentPositions() {
        RgbImage image = positions(40, 50);
        Random random = new Random(3);
        Set<Integer> corners = new HashSet<>();
        Set<Integer> rows = new HashSet<>();
        Set<Integer> cols = new HashSet<>();
        int plane = 32 * 32;
        for (int n = 0; n < 300; n++) {
            byte[] crop = PadAndCrop.randomCrop(image, 32, random);
            int y = crop[0];
            int x = crop[plane];
            assertThat(y).isBetween(0, 7);
            assertThat(x).isBetween(0, 17);
            for (int i = 0; i < 32; i++) {
                for (int j = 0; j < 32; j++) {
                    assertThat(crop[i * 32 + j]).isEqualTo((byte) (y + i));
                    assertThat(crop[plane + i * 32 + j]).isEqualTo((byte) (x + j));
                    assertThat(crop[2 * plane + i * 32 + j]).isEqualTo((byte) 7);
                }
            }
            corners.add(y * 100 + x);
            rows.add(y);
            cols.add(x);
        }
        assertThat(corners).as("of 8 x 18 corners").hasSizeGreaterThan(100);
        assertThat(rows).contains(0, 7);
        assertThat(cols).contains(0, 17);
    }

    // guards pad-then-crop on an image smaller than the crop: the whole padded image, reflected around the original
    @Test
    void aSmallImageIsPaddedThenCroppedWhole() {
        byte[] crop = PadAndCrop.randomCrop(positions(3, 4), 6, new Random(1));
        // rows: 3 -> 6 pads top 1, bottom 2: 1 | 0 1 2 | 1 0 ; columns: 4 -> 6 pads 1 and 1: 1 | 0 1 2 3 | 2
        int[] rows = new int[6];
        int[] cols = new int[6];
        for (int i = 0; i < 6; i++) {
            rows[i] = crop[i * 6];
            cols[i] = crop[36 + i];
        }
        assertThat(rows).containsExactly(1, 0, 1, 2, 1, 0);
        assertThat(cols).containsExactly(1, 0, 1, 2, 3, 2);
    }
}
