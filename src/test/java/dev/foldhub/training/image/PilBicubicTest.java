package dev.foldhub.training.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * data.rect_crop's resize gives the pixels Pillow 9.4's Image.resize(BICUBIC) gives (the reference's data_loader.py):
 * pil/pil_bicubic.txt was written by pil/make_pil_bicubic_fixture.py for shrinking, enlarging and one-axis cases.
 */
class PilBicubicTest {

    /** (x^2 7 + 13 y + 101 c + 3 x y) mod 256, the fixture script's image. */
    private static RgbImage synthetic(int width, int height) {
        byte[] chw = new byte[3 * width * height];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    chw[(c * height + y) * width + x] = (byte) ((x * x * 7 + y * 13 + c * 101 + x * y * 3) % 256);
                }
            }
        }
        return new RgbImage(chw, height, width);
    }

    @Test
    void everyCaseMatchesPillowExactly() throws IOException {
        int cases = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                getClass().getResourceAsStream("/pil/pil_bicubic.txt"), StandardCharsets.US_ASCII))) {
            for (String header = in.readLine(); header != null; header = in.readLine()) {
                int[] size = Arrays.stream(header.trim().split(" ")).mapToInt(Integer::parseInt).toArray();
                int[] expected = Arrays.stream(in.readLine().trim().split(" ")).mapToInt(Integer::parseInt).toArray();

                RgbImage out = PilBicubic.resize(synthetic(size[0], size[1]), size[3], size[2]);

                assertThat(out.width()).isEqualTo(size[2]);
                assertThat(out.height()).isEqualTo(size[3]);
                int[] actual = new int[out.chw().length];
                for (int i = 0; i < actual.length; i++) {
                    actual[i] = out.chw()[i] & 0xff;
                }
                assertThat(actual).as("%s", header).containsExactly(expected);
                cases++;
            }
        }
        assertThat(cases).isEqualTo(6);
    }

    @Test
    void theKernelIsKeysCubicWithAMinusAHalf() {
        assertThat(PilBicubic.bicubic(0)).isEqualTo(1.0);
        assertThat(PilBicubic.bicubic(1)).isEqualTo(0.0);
        assertThat(PilBicubic.bicubic(0.5)).isEqualTo(0.5625); // (1.5 * 0.5 - 2.5) * 0.25 + 1
        assertThat(PilBicubic.bicubic(-1.5)).isEqualTo(-0.0625); // ((1.5 - 5) * 1.5 + 8) * 1.5 - 4 = 0.125, times -0.5
        assertThat(PilBicubic.bicubic(2)).isEqualTo(0.0);
    }

    @Test
    void aCropIsTheNumpySlice() {
        RgbImage image = synthetic(6, 5);
        RgbImage crop = PilBicubic.crop(image, 1, 2, 3, 4);
        assertThat(crop.height()).isEqualTo(3);
        assertThat(crop.width()).isEqualTo(4);
        // channel 2, row 1 of the crop, column 3 = image (c 2, y 2, x 5)
        assertThat(crop.chw()[(2 * 3 + 1) * 4 + 3]).isEqualTo(image.chw()[(2 * 5 + 2) * 6 + 5]);
    }
}
