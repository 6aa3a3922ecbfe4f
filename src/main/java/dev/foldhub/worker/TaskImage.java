package dev.foldhub.worker;

/** One train.csv row of a fold task: the image id (file {@code <imageDir>/<id>.png}) and its class indices. */
public record TaskImage(String id, int[] labels) {
}
