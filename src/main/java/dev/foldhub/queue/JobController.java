package dev.foldhub.queue;

import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.web.Paging;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** REST view of the job table. */
@RestController
@RequestMapping("/api/jobs")
class JobController {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final JobQueue queue;
    private final JobPages pages;

    JobController(JobQueue queue, JobPages pages) {
        this.queue = queue;
        this.pages = pages;
    }

    /**
     * A page of jobs, newest first (still a JSON array, as before paging): {@code limit} (default 100, at most 1000)
     * after {@code offset}. X-Total-Count says how many match; a Link header with rel="next" points at the next page.
     */
    @GetMapping
    ResponseEntity<List<Job>> list(@RequestParam(required = false) String status,
                                   @RequestParam(required = false) Integer limit,
                                   @RequestParam(required = false) Long offset) {
        JobState state = parseState(status);
        Paging paging = Paging.parse(limit, offset, DEFAULT_LIMIT, MAX_LIMIT, "jobs");
        List<Job> jobs = pages.page(state, paging.limit(), paging.offset());
        Map<JobState, Long> counts = pages.countByState();
        long total = state == null ? counts.values().stream().mapToLong(Long::longValue).sum() : counts.get(state);
        return paging.response(jobs, total);
    }

    @GetMapping("/{id}")
    Job get(@PathVariable long id) {
        return queue.get(id);
    }

    @PostMapping("/{id}/cancel")
    Job cancel(@PathVariable long id) {
        return queue.cancel(id);
    }

    @PostMapping("/{id}/retry")
    Job retry(@PathVariable long id) {
        return queue.retry(id);
    }

    private static JobState parseState(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return JobState.valueOf(status.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("status", "must be one of " + Arrays.toString(JobState.values()));
        }
    }
}
