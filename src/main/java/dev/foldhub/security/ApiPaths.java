package dev.foldhub.security;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Requests made by programs rather than a browser on a dashboard page: the REST API, actuator and the
 * OpenAPI description. They get 401/403 as ProblemDetail JSON, never a redirect to the login page.
 */
final class ApiPaths {

    private ApiPaths() {
    }

    static boolean isApi(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/api/") || path.equals("/api") || path.startsWith("/actuator")
                || path.startsWith("/v3/api-docs");
    }

    /** True when the request carries "Authorization: Bearer ...". */
    static boolean hasBearer(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        return header != null && header.regionMatches(true, 0, BearerTokenFilter.SCHEME, 0, BearerTokenFilter.SCHEME.length());
    }
}
