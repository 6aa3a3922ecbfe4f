package dev.foldhub.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A thing the user named does not exist: a 404 ProblemDetail. */
public class NotFoundException extends ErrorResponseException {

    public NotFoundException(String what, Object id) {
        super(HttpStatus.NOT_FOUND, problem(what + " " + id + " not found"), null);
    }

    private static ProblemDetail problem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail);
        problem.setTitle("Not found");
        return problem;
    }

    @Override
    public String getMessage() {
        return getBody().getDetail();
    }
}
