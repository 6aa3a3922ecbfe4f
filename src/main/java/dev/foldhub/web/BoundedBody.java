package dev.foldhub.web;

import dev.foldhub.errors.InvalidInputException;
import static dev.foldhub.web.RequestLimits.tooLarge;

import java.io.IOException;
import java.io.InputStream;

/**
 * A request body read with a limit of its own: a declared length over the limit is refused before a byte is read,
 * and a chunked body stops being read one byte past it. Either is a 413 naming the field and the limit's property.
 */
public final class BoundedBody {

    private BoundedBody() {
    }

    /**
     * The body as a stream that throws a 413 {@link InvalidInputException} once more than {@code maxBytes} have come;
     * throws it at once when {@code declaredLength} (the Content-Length, or -1) is already over.
     */
    public static InputStream open(InputStream body, long declaredLength, long maxBytes, String field, String property) {
        if (declaredLength > maxBytes) {
            throw tooLarge(field, "is " + declaredLength + " bytes; at most " + maxBytes + " are accepted", property);
        }
        return new LimitedInputStream(body, maxBytes, () -> {
            throw tooLarge(field, "is larger than " + maxBytes + " bytes", property);
        });
    }

    /** The whole body in memory, at most {@code maxBytes} of it (a 413 beyond, see {@link #open}). */
    public static byte[] read(InputStream body, long declaredLength, long maxBytes, String field, String property)
            throws IOException {
        if (maxBytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("a body read into memory is limited to 2 GB, not " + maxBytes);
        }
        try (InputStream in = open(body, declaredLength, maxBytes, field, property)) {
            return in.readAllBytes();
        }
    }
}
