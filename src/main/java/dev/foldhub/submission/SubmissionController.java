package dev.foldhub.submission;

import java.net.URI;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
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

    SubmissionController(SubmissionService submissions, InferenceEstimates estimates) {
        this.submissions = submissions;
        this.estimates = estimates;
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

    @GetMapping("/submissions")
    List<SubmissionView> list() {
        return submissions.list();
    }

    @GetMapping("/submissions/{id}")
    SubmissionView get(@PathVariable long id) {
        return submissions.get(id);
    }

    @GetMapping("/submissions/{id}/submission.csv")
    ResponseEntity<byte[]> csv(@PathVariable long id) {
        byte[] csv = submissions.csv(id);
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename("submission-" + id + ".csv").build().toString())
                .body(csv);
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
