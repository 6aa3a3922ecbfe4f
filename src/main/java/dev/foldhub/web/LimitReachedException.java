package dev.foldhub.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A caller holds as many of something (open event streams) as one caller may: a 429; or the server holds as many as
 * it serves in all: a 503. Either ProblemDetail names the setting in "limit".
 */
public class LimitReachedException extends ErrorResponseException {

    private LimitReachedException(HttpStatus status, String detail, String property) {
        super(status, problem(status, detail, property), null);
    }

    /** 429: this caller is at its own limit; it may try again once it closed one. */
    public static LimitReachedException perCaller(String detail, String property) {
        return new LimitReachedException(HttpStatus.TOO_MANY_REQUESTS, detail, property);
    }

    /** 503: the server is at its limit for everyone. */
    public static LimitReachedException total(String detail, String property) {
        return new LimitReachedException(HttpStatus.SERVICE_UNAVAILABLE, detail, property);
    }

    private static ProblemDetail problem(HttpStatus status, String detail, String property) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(status == HttpStatus.TOO_MANY_REQUESTS ? "Too many requests" : "Server busy");
        problem.setProperty("limit", property);
        return problem;
    }

    @Override
    public String getMessage() {
        return getBody().getDetail();
    }
}
