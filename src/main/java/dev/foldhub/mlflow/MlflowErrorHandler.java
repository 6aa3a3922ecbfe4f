package dev.foldhub.mlflow;

import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.errors.NotFoundException;
import dev.foldhub.web.JsonPath;
import dev.foldhub.web.StoreFailures;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.core.JacksonException;

/**
 * Errors under /api/2.0/mlflow/ in MLflow's own JSON, not ProblemDetail: MLflow clients parse
 * {@code error_code}. Ordered before the application's ProblemDetail advice and limited to this package.
 */
@RestControllerAdvice(basePackageClasses = MlflowController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class MlflowErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(MlflowErrorHandler.class);

    @ExceptionHandler(MlflowException.class)
    ResponseEntity<Map<String, String>> mlflow(MlflowException e) {
        return body(e.status(), e.errorCode(), e.getMessage());
    }

    /** Foldhub's own checks (the bridge's tags) name a field: the same for an MLflow client. */
    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<Map<String, String>> invalid(InvalidInputException e) {
        if (e.kind() == InvalidInputException.Kind.TOO_LARGE) {
            // an artifact over foldhub.mlflow.max-artifact-size: MLflow has no 413 code of its own
            return body(HttpStatus.CONTENT_TOO_LARGE, "RESOURCE_EXHAUSTED", e.getMessage() + " (" + e.limit() + ")");
        }
        return body(HttpStatus.BAD_REQUEST, "INVALID_PARAMETER_VALUE", e.getMessage());
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<Map<String, String>> notFound(NotFoundException e) {
        return body(HttpStatus.NOT_FOUND, "RESOURCE_DOES_NOT_EXIST", e.getMessage());
    }

    @ExceptionHandler({HttpMessageNotReadableException.class, MissingServletRequestParameterException.class,
            MethodArgumentTypeMismatchException.class})
    ResponseEntity<Map<String, String>> malformed(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JacksonException json && !json.getPath().isEmpty()) {
                // the value's JSON path, e.g. tags[0].value: which field to fix
                return body(HttpStatus.BAD_REQUEST, "INVALID_PARAMETER_VALUE", "Invalid value for parameter '"
                        + JsonPath.of(json) + "': " + json.getOriginalMessage());
            }
        }
        return body(HttpStatus.BAD_REQUEST, "INVALID_PARAMETER_VALUE", "Malformed request: " + e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, String>> unexpected(Exception e) {
        if (StoreFailures.isUniqueViolation(e)) {
            // why: a concurrent create of the same experiment name; what MLflow answers for a taken name
            String field = StoreFailures.field(e);
            return body(HttpStatus.BAD_REQUEST, "RESOURCE_ALREADY_EXISTS",
                    (field == null ? "A unique value" : "The " + field) + " is already taken (by a request at the same time).");
        }
        if (StoreFailures.isUnavailable(e)) {
            log.warn("database unavailable: {}", e.toString());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                    .body(Map.of("error_code", "TEMPORARILY_UNAVAILABLE", "message",
                            "The database cannot be reached; try again shortly."));
        }
        log.error("unexpected error in the MLflow API", e);
        return body(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "internal error: " + e.getClass().getSimpleName());
    }

    private static ResponseEntity<Map<String, String>> body(HttpStatus status, String code, String message) {
        return ResponseEntity.status(status).body(Map.of("error_code", code, "message", message));
    }
}
