package dev.foldhub.experiment;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Archive, unarchive and delete an experiment (members and admins, as every other change). */
@RestController
@RequestMapping("/api/experiments")
class ExperimentCleanupController {

    private final ExperimentCleanup cleanup;

    ExperimentCleanupController(ExperimentCleanup cleanup) {
        this.cleanup = cleanup;
    }

    /** Hides the experiment from the lists; 409 while folds of it are queued or running. */
    @PostMapping("/{id}/archive")
    ExperimentView archive(@PathVariable long id) {
        return cleanup.archive(id);
    }

    @PostMapping("/{id}/unarchive")
    ExperimentView unarchive(@PathVariable long id) {
        return cleanup.unarchive(id);
    }

    /** 204 once the experiment and everything stored for it is gone; 409 while it is used or running. */
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        cleanup.delete(id);
        return ResponseEntity.noContent().build();
    }
}
