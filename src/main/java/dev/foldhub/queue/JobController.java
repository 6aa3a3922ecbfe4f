package dev.foldhub.queue;

import dev.foldhub.errors.InvalidInputException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

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
        int size = limit == null ? DEFAULT_LIMIT : limit;
        long skip = offset == null ? 0 : offset;
        if (size < 1 || size > MAX_LIMIT) {
            throw new InvalidInputException("limit", "must be 1.." + MAX_LIMIT + " (jobs per page), not " + size);
        }
        if (skip < 0) {
            throw new InvalidInputException("offset", "must be 0 or more, not " + skip);
        }
        List<Job> jobs = pages.page(state, size, skip);
        Map<JobState, Long> counts = pages.countByState();
        long total = state == null ? counts.values().stream().mapToLong(Long::longValue).sum() : counts.get(state);
        ResponseEntity.BodyBuilder response = ResponseEntity.ok().header("X-Total-Count", String.valueOf(total));
        if (skip + jobs.size() < total) {
            String next = ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("offset", skip + size)
                    .replaceQueryParam("limit", size).build().toUriString();
            response.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
        }
        return response.body(jobs);
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
