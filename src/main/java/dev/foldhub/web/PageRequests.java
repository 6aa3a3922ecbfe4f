package dev.foldhub.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * A browser asking for a dashboard page rather than a program asking the API: its Accept header names text/html and
 * its path is none of the API's (/api, /actuator, /v3/api-docs). Such a request's errors are an HTML page.
 */
final class PageRequests {

    private PageRequests() {
    }

    static boolean wantsPage(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals("/api") || path.startsWith("/api/") || path.startsWith("/actuator")
                || path.startsWith("/v3/api-docs")) {
            return false;
        }
        String accept = request.getHeader("Accept");
        if (accept == null) {
            return false;
        }
        try {
            // why: only a client that names text/html is a browser; */* alone (curl, HTTP libraries) keeps JSON
            return MediaType.parseMediaTypes(accept).stream()
                    .anyMatch(type -> type.getType().equals("text") && type.getSubtype().equals("html"));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }
}
