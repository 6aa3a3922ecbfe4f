package dev.foldhub.experiment;

import java.io.IOException;

/** A file of an upload: its name and a way to read its bytes (read one file at a time, then dropped). */
record UploadedFile(String fileName, Content content) {

    /** the bytes of the file, read on demand */
    @FunctionalInterface
    interface Content {
        byte[] read() throws IOException;
    }

    static UploadedFile of(String fileName, byte[] bytes) {
        return new UploadedFile(fileName, () -> bytes);
    }
}
