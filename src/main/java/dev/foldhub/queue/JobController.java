package dev.foldhub.queue;

import dev.foldhub.web.InvalidInputException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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

    private final JobQueue queue;

    JobController(JobQueue queue) {
        this.queue = queue;
    }

    @GetMapping
    List<Job> list(@RequestParam(required = false) String status) {
        return queue.list(parseState(status));
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
