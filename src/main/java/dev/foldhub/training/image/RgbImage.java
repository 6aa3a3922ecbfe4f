package dev.foldhub.training.image;

/** An image at its decoded size: RGB bytes, CHW, {@code height} rows of {@code width}. */
record RgbImage(byte[] chw, int height, int width) {
}
