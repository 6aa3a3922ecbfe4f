package dev.foldhub.web;

import dev.foldhub.errors.ConflictException;
import dev.foldhub.errors.FoldhubException;
import dev.foldhub.errors.ForbiddenException;
import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.errors.LimitReachedException;
import dev.foldhub.errors.NotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** The one place a domain refusal ({@link FoldhubException}) becomes an HTTP status and an RFC 9457 ProblemDetail. */
public final class Problems {

    private Problems() {
    }

    /** The status a refusal stands for: 400/422/409/413 for input, 404, 409, 403, 429/503 for limits. */
    public static HttpStatus status(FoldhubException e) {
        if (e instanceof InvalidInputException invalid) {
            return switch (invalid.kind()) {
                case MALFORMED -> HttpStatus.BAD_REQUEST;
                case UNPROCESSABLE -> HttpStatus.UNPROCESSABLE_ENTITY;
                case DUPLICATE -> HttpStatus.CONFLICT;
                case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            };
        }
        if (e instanceof NotFoundException) {
            return HttpStatus.NOT_FOUND;
        }
        if (e instanceof ConflictException) {
            return HttpStatus.CONFLICT;
        }
        if (e instanceof ForbiddenException) {
            return HttpStatus.FORBIDDEN;
        }
        if (e instanceof LimitReachedException limit) {
            return limit.isPerCaller() ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.SERVICE_UNAVAILABLE;
        }
        return HttpStatus.INTERNAL_SERVER_ERROR;
    }

    /**
     * The ProblemDetail of a refusal: its status, title, detail and type, plus "field" and "limit" where they apply and
     * the refusal's own {@link FoldhubException#properties() properties}.
     */
    public static ProblemDetail of(FoldhubException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status(e), e.detail());
        if (e.type() != null) {
            problem.setType(e.type());
        }
        problem.setTitle(e.title());
        if (e instanceof InvalidInputException invalid) {
            problem.setProperty("field", invalid.field());
            if (invalid.limit() != null) {
                problem.setProperty("limit", invalid.limit());
            }
        }
        if (e instanceof LimitReachedException limit) {
            problem.setProperty("limit", limit.limit());
        }
        e.properties().forEach(problem::setProperty);
        return problem;
    }
}
