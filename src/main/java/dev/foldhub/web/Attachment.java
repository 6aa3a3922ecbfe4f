package dev.foldhub.web;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** A response that hands a file to save (Content-Disposition: attachment with its file name), not a page to show. */
public final class Attachment {

    private Attachment() {
    }

    /** 200 with the body as a file named {@code fileName} of the given type. */
    public static <T> ResponseEntity<T> of(MediaType type, String fileName, T body) {
        return ResponseEntity.ok()
                .contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, disposition(fileName))
                .body(body);
    }

    /** The Content-Disposition header value, for a response written by hand (a streamed body). */
    public static String disposition(String fileName) {
        return ContentDisposition.attachment().filename(fileName).build().toString();
    }
}
