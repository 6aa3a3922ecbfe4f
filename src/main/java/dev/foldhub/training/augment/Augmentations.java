package dev.foldhub.training.augment;

import dev.foldhub.training.TrainingConfig;
import dev.foldhub.training.image.ImageGeometry;
import dev.foldhub.training.image.RectCrop;

/**
 * The augmentation part of a config. hflip stays in {@link TrainingConfig} itself.
 *
 * @param vflip        augmentations.vflip: vertical flip with probability 1/2
 * @param rotate90     augmentations.rotate90: albumentations' RandomRotate90 (p 1/2, then 0-3 quarter turns)
 * @param eraseProb    augmentations.erase.prob: probability of a random erase, 0 for none
 * @param eraseMinArea augmentations.erase.min_area, a fraction of the image
 * @param eraseMaxArea augmentations.erase.max_area
 * @param eraseMinRatio augmentations.erase.min_ratio (width / height)
 * @param eraseMaxRatio augmentations.erase.max_ratio
 * @param mixup        train.mixup.enable
 * @param mixupBetaA   train.mixup.beta_a: lambda ~ Beta(a, a)
 * @param globalProb   augmentations.global_prob: probability that an image gets its augmentations at all
 *                     (train.py's albu.Compose(augs, p=global_prob)); mixup is per batch and not affected
 * @param affine       augmentations.affine: none, soft, medium or hard ({@link ShiftScaleRotate#of})
 * @param noise        augmentations.noise: probability of {@link PixelNoise}
 * @param blur         augmentations.blur: probability of {@link Blurs}
 * @param distortion   augmentations.distortion: probability of {@link Distortions}
 * @param color        augmentations.color: probability of {@link ColorAdjust}
 * @param rectCrop     data.rect_crop: a random crop of the original image before it is fitted to input_size
 *                     ({@link ImageGeometry}: in every mode with data.fit crop, in training with resize)
 */
public record Augmentations(boolean vflip, boolean rotate90, double eraseProb, double eraseMinArea,
                            double eraseMaxArea, double eraseMinRatio, double eraseMaxRatio,
                            boolean mixup, double mixupBetaA, double globalProb, String affine,
                            double noise, double blur, double distortion, double color, RectCrop rectCrop) {

    /** Without noise, blur, distortion, color and rect_crop. */
    public Augmentations(boolean vflip, boolean rotate90, double eraseProb, double eraseMinArea, double eraseMaxArea,
                         double eraseMinRatio, double eraseMaxRatio, boolean mixup, double mixupBetaA,
                         double globalProb, String affine) {
        this(vflip, rotate90, eraseProb, eraseMinArea, eraseMaxArea, eraseMinRatio, eraseMaxRatio, mixup, mixupBetaA,
                globalProb, affine, 0, 0, 0, 0, RectCrop.OFF);
    }

    /** Without affine augmentation. */
    public Augmentations(boolean vflip, boolean rotate90, double eraseProb, double eraseMinArea, double eraseMaxArea,
                         double eraseMinRatio, double eraseMaxRatio, boolean mixup, double mixupBetaA,
                         double globalProb) {
        this(vflip, rotate90, eraseProb, eraseMinArea, eraseMaxArea, eraseMinRatio, eraseMaxRatio, mixup, mixupBetaA,
                globalProb, "none");
    }

    /** Augmentations applied to every image (global_prob 1). */
    public Augmentations(boolean vflip, boolean rotate90, double eraseProb, double eraseMinArea, double eraseMaxArea,
                         double eraseMinRatio, double eraseMaxRatio, boolean mixup, double mixupBetaA) {
        this(vflip, rotate90, eraseProb, eraseMinArea, eraseMaxArea, eraseMinRatio, eraseMaxRatio, mixup, mixupBetaA, 1);
    }

    /** None of them, with the reference's default erase and mixup parameters. */
    public static final Augmentations NONE = new Augmentations(false, false, 0, 0.02, 0.4, 0.3, 3.33, false, 0.5);
}
