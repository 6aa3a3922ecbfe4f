package dev.foldhub.submission;

import dev.foldhub.web.Attachment;
import dev.foldhub.web.ListPage;
import dev.foldhub.web.Paging;
import java.net.URI;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * REST API of submissions: create from an ensemble or from one experiment's finished folds, follow, download the
 * CSV, record leaderboard scores.
 */
@RestController
@RequestMapping("/api")
class SubmissionController {

    private final SubmissionService submissions;
    private final InferenceEstimates estimates;
    private final SubmissionSearch search;

    SubmissionController(SubmissionService submissions, InferenceEstimates estimates, SubmissionSearch search) {
        this.submissions = submissions;
        this.estimates = estimates;
        this.search = search;
    }

    @PostMapping("/ensembles/{id}/submissions")
    ResponseEntity<SubmissionView> create(@PathVariable long id, @RequestBody(required = false) SubmissionRequest request) {
        SubmissionView view = submissions.create(id, request);
        return ResponseEntity.created(URI.create("/api/submissions/" + view.id())).body(view);
    }

    /** A submission of one experiment's finished folds (same body as an ensemble's). */
    @PostMapping("/experiments/{id}/submissions")
    ResponseEntity<SubmissionView> createForExperiment(@PathVariable long id,
                                                       @RequestBody(required = false) SubmissionRequest request) {
        SubmissionView view = submissions.createForExperiment(id, request);
        return ResponseEntity.created(URI.create("/api/submissions/" + view.id())).body(view);
    }

    @GetMapping("/ensembles/{id}/inference-estimate")
    InferenceEstimate estimate(@PathVariable long id, @RequestParam(required = false) Integer images,
                               @RequestParam(required = false) Integer ttas) {
        return estimates.estimate(id, images, ttas);
    }

    /**
     * Every submission, newest first, when the request has none of the parameters below (the response before
     * paging). With any of them, one page in SQL: {@code limit} (default 50, at most 500) after {@code offset},
     * {@code sort} (id, status, publicScore, privateScore, created; {@code -} first for descending; default
     * {@code -created}), filters {@code status}, {@code ensemble} (id), {@code createdAfter}, {@code createdBefore};
     * still a JSON array, with X-Total-Count and a Link rel="next".
     */
    @GetMapping("/submissions")
    ResponseEntity<List<SubmissionView>> list(@RequestParam(required = false) String status,
                                              @RequestParam(required = false) Long ensemble,
                                              @RequestParam(required = false) String createdAfter,
                                              @RequestParam(required = false) String createdBefore,
                                              @RequestParam(required = false) String sort,
                                              @RequestParam(required = false) Integer limit,
                                              @RequestParam(required = false) Long offset) {
        if (Paging.noneGiven(status, ensemble, createdAfter, createdBefore, sort, limit, offset)) {
            return ResponseEntity.ok(submissions.list());
        }
        Paging paging = Paging.parse(limit, offset);
        ListPage<SubmissionView> page = search.page(SubmissionSearch.query(status, createdAfter, createdBefore, sort,
                paging), ensemble);
        return paging.response(page.rows(), page.total());
    }

    @GetMapping("/submissions/{id}")
    SubmissionView get(@PathVariable long id) {
        return submissions.get(id);
    }

    @GetMapping("/submissions/{id}/submission.csv")
    ResponseEntity<byte[]> csv(@PathVariable long id) {
        byte[] csv = submissions.csv(id);
        return Attachment.of(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8),
                "submission-" + id + ".csv", csv);
    }

    @PutMapping("/submissions/{id}/leaderboard")
    SubmissionView leaderboard(@PathVariable long id, @RequestBody(required = false) LeaderboardRequest scores) {
        return submissions.recordLeaderboard(id, scores);
    }

    @PostMapping("/submissions/{id}/cancel")
    SubmissionView cancel(@PathVariable long id) {
        return submissions.cancel(id);
    }
}
