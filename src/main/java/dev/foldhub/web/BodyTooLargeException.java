package dev.foldhub.web;

import java.io.IOException;

/** Reading a request body went past max-body-size or max-upload-size (the property); ApiExceptionHandler makes it a 413. */
class BodyTooLargeException extends IOException {

    private final long maxBytes;
    private final String property;

    BodyTooLargeException(long maxBytes, String property) {
        super("request body is larger than " + maxBytes + " bytes");
        this.maxBytes = maxBytes;
        this.property = property;
    }

    String property() {
        return property;
    }

    long maxBytes() {
        return maxBytes;
    }
}
