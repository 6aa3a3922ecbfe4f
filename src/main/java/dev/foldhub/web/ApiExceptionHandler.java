package dev.foldhub.web;

import dev.foldhub.errors.FoldhubException;
import dev.foldhub.errors.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import jakarta.persistence.PersistenceException;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * Every REST error as an RFC 9457 ProblemDetail: Spring MVC's own exceptions and our
 * the domain's FoldhubExceptions through {@link Problems} (with a "field" where one is to blame), anything
 * unexpected as a logged 500.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    // Tomcat's message for one part over the file size limit: "The field files exceeds its maximum permitted size..."
    private static final Pattern FIELD = Pattern.compile("The field (\\S+) exceeds");

    private final LimitsProperties limits;

    ApiExceptionHandler(LimitsProperties limits) {
        this.limits = limits;
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        if (DisconnectedClientHelper.isClientDisconnectedException(e)) {
            // why: a client gone mid-request (an agent killed during an upload) is no server error; nobody reads this
            log.debug("client went away: {}", e.toString());
            return null;
        }
        log.error("unexpected error", e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "internal error: " + e.getClass().getSimpleName());
        problem.setTitle("Internal error");
        return problem;
    }

    /** A refusal of the domain (not found, conflict, invalid input, forbidden, a limit reached) as its ProblemDetail. */
    @ExceptionHandler(FoldhubException.class)
    ResponseEntity<ProblemDetail> refused(FoldhubException e) {
        return ResponseEntity.status(Problems.status(e)).body(Problems.of(e));
    }

    /** A unique name that a concurrent request took between the service's check and its insert: a 409, not a 500. */
    @ExceptionHandler({DuplicateKeyException.class, DataIntegrityViolationException.class})
    ResponseEntity<ProblemDetail> integrity(DataIntegrityViolationException e) {
        if (!StoreFailures.isUniqueViolation(e)) {
            return ResponseEntity.internalServerError().body(unexpected(e));
        }
        return ResponseEntity.status(HttpStatus.CONFLICT).body(StoreFailures.conflict(e));
    }

    /** No database connection within the pool's timeout (spring.datasource.hikari.connection-timeout): a 503 to retry. */
    @ExceptionHandler({DataAccessException.class, CannotCreateTransactionException.class, PersistenceException.class})
    ResponseEntity<ProblemDetail> database(Exception e) {
        if (!StoreFailures.isUnavailable(e)) {
            return ResponseEntity.internalServerError().body(unexpected(e));
        }
        log.warn("database unavailable: {}", e.toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .body(StoreFailures.unavailable());
    }

    /** A body a controller reads itself (an upload) that went past the filter's bound. */
    @ExceptionHandler(BodyTooLargeException.class)
    ProblemDetail tooLarge(BodyTooLargeException e) {
        return UnreadableBody.problem(e, limits);
    }

    /** A multipart body the container could not parse (no boundary, cut short, too many parts). */
    @ExceptionHandler(MultipartException.class)
    ProblemDetail badMultipart(MultipartException e) {
        return Problems.of(new InvalidInputException("body", "is not a valid multipart/form-data body: " + e.getMessage()));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = UnreadableBody.problem(ex, limits);
        return handleExceptionInternal(ex, problem, headers, HttpStatusCode.valueOf(problem.getStatus()), request);
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
                                                                          HttpHeaders headers, HttpStatusCode status,
                                                                          WebRequest request) {
        String field = "body";
        String message = "is larger than " + limits.maxRequestSize().toBytes() + " bytes";
        String property = "foldhub.limits.max-request-size";
        for (Throwable e = ex; e != null; e = e.getCause()) {
            Matcher m = FIELD.matcher(String.valueOf(e.getMessage()));
            if (e.getClass().getSimpleName().equals("FileSizeLimitExceededException") || m.find()) {
                field = m.find(0) ? m.group(1) : "files";
                message = "has a file larger than " + limits.maxUploadSize().toBytes() + " bytes";
                property = "foldhub.limits.max-upload-size";
                break;
            }
        }
        ProblemDetail problem = Problems.of(RequestLimits.tooLarge(field, message, property));
        return handleExceptionInternal(ex, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String field = ex.getPropertyName() == null ? "request" : ex.getPropertyName();
        ProblemDetail problem = Problems.of(new InvalidInputException(field, "'" + shorten(ex.getValue()) + "' is not a valid "
                + (ex.getRequiredType() == null ? "value" : ex.getRequiredType().getSimpleName())));
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
                                                                          HttpHeaders headers, HttpStatusCode status,
                                                                          WebRequest request) {
        ProblemDetail problem = Problems.of(new InvalidInputException(ex.getParameterName(), "is required"));
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestPart(MissingServletRequestPartException ex,
                                                                     HttpHeaders headers, HttpStatusCode status,
                                                                     WebRequest request) {
        ProblemDetail problem = Problems.of(new InvalidInputException(ex.getRequestPartName(), "is required"));
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    /**
     * A path nothing serves: a browser on the dashboard gets the HTML error page (Spring Boot's /error renders the
     * error template), a program its ProblemDetail.
     */
    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
                                                                    HttpStatusCode status, WebRequest request) {
        if (request instanceof ServletWebRequest page && page.getResponse() != null
                && PageRequests.wantsPage(page.getRequest())) {
            try {
                page.getResponse().sendError(status.value());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        }
        return super.handleNoResourceFoundException(ex, headers, status, request);
    }

    private static String shorten(Object value) {
        String text = String.valueOf(value);
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }
}
