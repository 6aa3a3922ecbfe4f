package dev.foldhub.web;

import java.io.IOException;

/** Reading a request body went past foldhub.limits.max-body-size; ApiExceptionHandler makes it a 413. */
class BodyTooLargeException extends IOException {

    private final long maxBytes;

    BodyTooLargeException(long maxBytes) {
        super("request body is larger than " + maxBytes + " bytes");
        this.maxBytes = maxBytes;
    }

    long maxBytes() {
        return maxBytes;
    }
}
