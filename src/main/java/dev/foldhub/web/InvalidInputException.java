package dev.foldhub.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A user's mistake in one named field: rendered as a 400 (or given status) ProblemDetail with a "field" property. */
public class InvalidInputException extends ErrorResponseException {

    private final String field;

    public InvalidInputException(String field, String message) {
        this(HttpStatus.BAD_REQUEST, field, message);
    }

    public InvalidInputException(HttpStatus status, String field, String message) {
        super(status, problem(status, field, message), null);
        this.field = field;
    }

    private static ProblemDetail problem(HttpStatus status, String field, String message) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, field + ": " + message);
        problem.setTitle("Invalid " + field);
        problem.setProperty("field", field);
        return problem;
    }

    public String field() {
        return field;
    }

    @Override
    public String getMessage() {
        return getBody().getDetail();
    }
}
