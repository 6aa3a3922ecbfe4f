package dev.foldhub.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Bounds every request body that is neither multipart nor a file by {@code foldhub.limits.max-body-size}, and a
 * file sent as the whole body ({@code application/octet-stream}: a worker's checkpoint or OOF upload, folds.npy) by
 * {@code foldhub.limits.max-upload-size}: a declared Content-Length over the bound is a 413 at once; a chunked body
 * stops being read there ({@link BodyTooLargeException}, a 413 too). Multipart bodies are bounded by the
 * container's multipart limits, MLflow artifact uploads (a PNG, a JSON, a model of any size) by
 * foldhub.mlflow.max-artifact-size.
 */
@Component
class BodySizeLimitFilter extends OncePerRequestFilter {

    static final String PROPERTY = "foldhub.limits.max-body-size";
    static final String FILE_PROPERTY = "foldhub.limits.max-upload-size";

    private final long maxBytes;
    private final long maxFileBytes;
    private final HandlerExceptionResolver resolver;

    BodySizeLimitFilter(LimitsProperties limits, @Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver) {
        this.maxBytes = limits.maxBodySize().toBytes();
        this.maxFileBytes = limits.maxUploadSize().toBytes();
        this.resolver = resolver;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String type = request.getContentType();
        if (type != null && type.regionMatches(true, 0, "multipart/", 0, 10) || isMlflowArtifactUpload(request)) {
            chain.doFilter(request, response);
            return;
        }
        boolean file = type != null && type.regionMatches(true, 0, "application/octet-stream", 0, 24);
        long max = file ? maxFileBytes : maxBytes;
        if (request.getContentLengthLong() > max) {
            // why: rendered by the same advice as every other error, though no handler has been chosen yet
            resolver.resolveException(request, response, null, RequestLimits.tooLarge("body",
                    "is " + request.getContentLengthLong() + " bytes; at most " + max + " are accepted",
                    file ? FILE_PROPERTY : PROPERTY));
            return;
        }
        chain.doFilter(new Limited(request, max, file ? FILE_PROPERTY : PROPERTY), response);
    }

    /** An MLflow artifact of any content type: bounded by foldhub.mlflow.max-artifact-size where it is stored. */
    private static boolean isMlflowArtifactUpload(HttpServletRequest request) {
        return "PUT".equals(request.getMethod()) && request.getRequestURI().substring(request.getContextPath().length())
                .startsWith("/api/2.0/mlflow-artifacts/artifacts/");
    }

    /** A request whose body stream fails after maxBytes. */
    private static final class Limited extends HttpServletRequestWrapper {

        private final long maxBytes;
        private final String property;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long maxBytes, String property) {
            super(request);
            this.maxBytes = maxBytes;
            this.property = property;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedStream(super.getInputStream(), maxBytes, property);
            }
            return stream;
        }
    }

    /** The servlet's body stream through a {@link LimitedInputStream} that throws {@link BodyTooLargeException}. */
    private static final class LimitedStream extends ServletInputStream {

        private final ServletInputStream in;
        private final LimitedInputStream limited;

        LimitedStream(ServletInputStream in, long maxBytes, String property) {
            this.in = in;
            this.limited = new LimitedInputStream(in, maxBytes, () -> {
                throw new BodyTooLargeException(maxBytes, property);
            });
        }

        @Override
        public int read() throws IOException {
            return limited.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return limited.read(buffer, offset, length);
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
