package dev.foldhub.training.augment;

import java.util.Random;

/**
 * augmentations.noise as train.py builds it: albu.OneOf([IAAAdditiveGaussianNoise(), GaussNoise()], p=noise), each
 * half of the time, on the 0-255 pixel scale and clipped to it. IAAAdditiveGaussianNoise (imgaug, per_channel False):
 * sigma ~ U(0.01, 0.05) 255, one N(0, sigma^2) draw a pixel shared by its channels. GaussNoise: variance ~ U(10, 50),
 * an independent draw per value. The reference's vendored GaussNoise also shifts its noise by minus its minimum and
 * returns an unclipped float32 image that ToTensor then leaves undivided by 255; Foldhub implements the evident
 * intent, zero-mean noise of that variance on the pixel scale.
 */
final class PixelNoise {

    private PixelNoise() {
    }

    /** With probability p one of the two noises, else the image itself. */
    static float[] apply(float[] chw, int size, double p, Random random) {
        if (!(random.nextDouble() < p)) {
            return chw;
        }
        if (random.nextDouble() < 0.5) {
            double sigma = 255 * (0.01 + 0.04 * random.nextDouble());
            return add(chw, sigma, true, random);
        }
        double variance = 10 + 40 * random.nextDouble();
        return add(chw, Math.sqrt(variance), false, random);
    }

    /** v' = clip(v + sigma z, 0, 255), z ~ N(0, 1) per pixel (shared by the channels) or per value. */
    static float[] add(float[] chw, double sigma, boolean sharedByChannels, Random random) {
        float[] pixels = PixelScale.toPixels(chw);
        int plane = pixels.length / 3;
        for (int i = 0; i < plane; i++) {
            double z = random.nextGaussian();
            for (int c = 0; c < 3; c++) {
                pixels[c * plane + i] += (float) (sigma * z);
                if (!sharedByChannels && c < 2) {
                    z = random.nextGaussian();
                }
            }
        }
        return PixelScale.fromPixels(pixels);
    }
}
