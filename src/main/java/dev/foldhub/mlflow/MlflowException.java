package dev.foldhub.mlflow;

import org.springframework.http.HttpStatus;

/**
 * An error as MLflow's tracking server reports it: {@code {"error_code": ..., "message": ...}} with MLflow's
 * HTTP status for that code. MLflow clients read the error code (e.g. RESOURCE_DOES_NOT_EXIST on get-by-name).
 */
class MlflowException extends RuntimeException {

    private final String errorCode;
    private final HttpStatus status;

    MlflowException(String errorCode, HttpStatus status, String message) {
        super(message);
        this.errorCode = errorCode;
        this.status = status;
    }

    static MlflowException notFound(String message) {
        return new MlflowException("RESOURCE_DOES_NOT_EXIST", HttpStatus.NOT_FOUND, message);
    }

    static MlflowException invalid(String message) {
        return new MlflowException("INVALID_PARAMETER_VALUE", HttpStatus.BAD_REQUEST, message);
    }

    /** MLflow answers this code with 400, not 409. */
    static MlflowException alreadyExists(String message) {
        return new MlflowException("RESOURCE_ALREADY_EXISTS", HttpStatus.BAD_REQUEST, message);
    }

    String errorCode() {
        return errorCode;
    }

    HttpStatus status() {
        return status;
    }
}
