package dev.foldhub.experiment;

/** A downloadable .npy file and its name. */
public record OofFile(String fileName, byte[] content) {
}
