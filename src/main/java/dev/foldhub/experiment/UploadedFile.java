package dev.foldhub.experiment;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A file of an upload: its name, its size in bytes (-1 when unknown) and a way to open it as a stream; an import
 * reads headers first and the data later, one file at a time, never a whole .npy into one array.
 */
record UploadedFile(String fileName, long size, Content content) {

    /** opens a new stream over the file's bytes from the start */
    @FunctionalInterface
    interface Content {
        InputStream open() throws IOException;
    }

    static UploadedFile of(String fileName, byte[] bytes) {
        return new UploadedFile(fileName, bytes.length, () -> new ByteArrayInputStream(bytes));
    }

    /** The whole file, for the small ones (folds.npy, a threshold .yml). */
    byte[] readAll() throws IOException {
        try (InputStream in = content.open()) {
            return in.readAllBytes();
        }
    }
}
