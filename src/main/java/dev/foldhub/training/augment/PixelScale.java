package dev.foldhub.training.augment;

import dev.foldhub.training.image.ImageDecoder;

/**
 * Conversions between the network's normalised CHW floats and the 0-255 pixel scale the reference's albumentations
 * transforms work on (they run on uint8 images before ToTensor and Normalize). Transforms whose result depends on
 * the scale (noise levels, clipping, brightness) convert, work and convert back.
 */
final class PixelScale {

    private PixelScale() {
    }

    /** A copy in pixel units: v = 255 (x std[c] + mean[c]). */
    static float[] toPixels(float[] chw) {
        int plane = chw.length / 3;
        float[] out = new float[chw.length];
        for (int c = 0; c < 3; c++) {
            float mean = ImageDecoder.MEAN[c];
            float std = ImageDecoder.STD[c];
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                out[i] = 255f * (chw[i] * std + mean);
            }
        }
        return out;
    }

    /** Back to normalised floats in place, each value first clipped to [0, 255] as a uint8 image would be. */
    static float[] fromPixels(float[] pixels) {
        int plane = pixels.length / 3;
        for (int c = 0; c < 3; c++) {
            float mean = ImageDecoder.MEAN[c];
            float std = ImageDecoder.STD[c];
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                // x = (clip(v, 0, 255) / 255 - mean[c]) / std[c]
                pixels[i] = (Math.min(255f, Math.max(0f, pixels[i])) / 255f - mean) / std;
            }
        }
        return pixels;
    }
}
