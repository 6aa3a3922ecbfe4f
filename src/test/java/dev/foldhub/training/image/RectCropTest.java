package dev.foldhub.training.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.training.ScriptedRandom;
import org.junit.jupiter.api.Test;

class RectCropTest {

    // guards data_loader.py's rect_crop box: 300 x 500, input 100, ratio 0.5 + 0.5 u = 0.75 -> 100 x int(133.3)
    @Test
    void rectCropBoxFollowsTheReference() {
        RectCrop crop = new RectCrop(true, 0.5, 1.0, false);
        assertThat(crop.box(300, 500, 100, new ScriptedRandom(0.5, 0.25, 0.5))).containsExactly(50, 183, 100, 133);
        // portrait: the long side is the height; a small image caps both sides
        assertThat(crop.box(500, 300, 100, new ScriptedRandom(0.5, 0.25, 0.5))).containsExactly(91, 100, 133, 100);
        assertThat(crop.box(60, 80, 100, new ScriptedRandom(0.0, 0.9, 0.9))).containsExactly(0, 0, 60, 80);
    }

    // guards the crop-then-resize: a 2x2 crop resized to 2 is the crop; resized to 4 it interpolates between
    @Test
    void cropResizeTakesTheBoxThenResizes() {
        byte[] chw = new byte[3 * 16];
        for (int i = 0; i < 16; i++) {
            chw[i] = (byte) (10 * i);
        }
        RgbImage image = new RgbImage(chw, 4, 4);
        byte[] same = ImageDecoder.cropResize(image, 1, 1, 2, 2, 2);
        assertThat(new int[] {same[0], same[1], same[2], same[3]}).containsExactly(50, 60, 90, 100);
        byte[] up = ImageDecoder.cropResize(image, 1, 1, 2, 2, 4);
        // row 0 samples crop row 0 (clamped): x = 0, 0.25, 0.75, 1 between 50 and 60
        assertThat(new int[] {up[0], up[1], up[2], up[3]}).containsExactly(50, 53, 58, 60);
    }
}
