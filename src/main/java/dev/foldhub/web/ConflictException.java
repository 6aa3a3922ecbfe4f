package dev.foldhub.web;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** An illegal state change (cancelling a finished job, say): a 409 ProblemDetail. */
public class ConflictException extends ErrorResponseException {

    public ConflictException(String detail) {
        super(HttpStatus.CONFLICT, problem(null, "Conflict", detail), null);
    }

    /** A conflict a client tells apart by its {@code type} (one of {@link ProblemTypes}). */
    public ConflictException(URI type, String title, String detail) {
        super(HttpStatus.CONFLICT, problem(type, title, detail), null);
    }

    private static ProblemDetail problem(URI type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, detail);
        if (type != null) {
            problem.setType(type);
        }
        problem.setTitle(title);
        return problem;
    }

    @Override
    public String getMessage() {
        return getBody().getDetail();
    }
}
