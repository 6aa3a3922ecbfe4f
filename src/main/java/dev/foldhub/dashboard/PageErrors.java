package dev.foldhub.dashboard;

import dev.foldhub.errors.FoldhubException;
import dev.foldhub.web.Problems;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/**
 * A dashboard page's refusal as an HTML page (the {@code error} template: status, what went wrong, a link home)
 * instead of the API's ProblemDetail JSON: an unknown id is a 404 naming it, an id that is no number a 400.
 * Ordered before the application's ProblemDetail advice and limited to the page controllers (not the event stream,
 * which answers EventSource clients); anything else still goes to that advice.
 */
@ControllerAdvice(assignableTypes = {ExperimentPages.class, EnsemblePages.class, QueuePages.class,
        SubmissionPages.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class PageErrors {

    @ExceptionHandler(FoldhubException.class)
    ModelAndView refused(FoldhubException e) {
        return page(Problems.status(e), e.title(), e.detail());
    }

    /** A path or query value of the wrong type: /experiments/abc. */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ModelAndView malformed(MethodArgumentTypeMismatchException e) {
        String value = String.valueOf(e.getValue());
        String shown = value.length() <= 100 ? value : value.substring(0, 100) + "...";
        return page(HttpStatus.BAD_REQUEST, "Bad request", "'" + shown + "' is not a valid " + e.getName()
                + (e.getRequiredType() == null ? "" : " (" + e.getRequiredType().getSimpleName() + " expected)"));
    }

    private static ModelAndView page(HttpStatus status, String title, String message) {
        ModelAndView page = new ModelAndView("error", Map.of("status", status.value(), "title", title,
                "message", message));
        page.setStatus(status);
        return page;
    }
}
