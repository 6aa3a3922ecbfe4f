package dev.foldhub.web;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A caller acting for something it does not own (a worker token on another worker's job, say): a 403 ProblemDetail. */
public class ForbiddenException extends ErrorResponseException {

    public ForbiddenException(String detail) {
        super(HttpStatus.FORBIDDEN, problem(null, "Forbidden", detail), null);
    }

    /** A refusal a client tells apart by its {@code type} (one of {@link ProblemTypes}). */
    public ForbiddenException(URI type, String title, String detail) {
        super(HttpStatus.FORBIDDEN, problem(type, title, detail), null);
    }

    private static ProblemDetail problem(URI type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, detail);
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
