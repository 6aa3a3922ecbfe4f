package dev.foldhub.dashboard;

import dev.foldhub.errorbrowser.OofErrorService;
import dev.foldhub.errorbrowser.OofTarget;
import dev.foldhub.errors.ConflictException;
import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.experiment.ExperimentService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * An experiment's OOF error browser: its labels sortable by any column, the worst images with thumbnails, and the
 * suspect labels to tick for a cleaned train.csv.
 */
@Controller
class ErrorPages {

    private static final int LABELS_SHOWN = 200;
    private static final int IMAGES_SHOWN = 24;
    private static final int SUSPECTS_SHOWN = 50;

    private final ExperimentService experiments;
    private final OofErrorService errors;

    ErrorPages(ExperimentService experiments, OofErrorService errors) {
        this.experiments = experiments;
        this.errors = errors;
    }

    @GetMapping("/experiments/{id}/errors")
    String errors(@PathVariable long id, @RequestParam(required = false) String sort,
                  @RequestParam(required = false) String dir, Model model) {
        model.addAttribute("experiment", experiments.get(id));
        try {
            model.addAttribute("labels", errors.labels(OofTarget.experiment(id), sort, dir, LABELS_SHOWN, 0));
        } catch (InvalidInputException e) {
            model.addAttribute("labels", errors.labels(OofTarget.experiment(id), null, null, LABELS_SHOWN, 0)); // a hand-typed sort
        } catch (ConflictException e) {
            model.addAttribute("unavailable", e.getMessage());
            return "errors";
        }
        model.addAttribute("images", errors.images(OofTarget.experiment(id), IMAGES_SHOWN));
        model.addAttribute("suspects", errors.suspects(OofTarget.experiment(id), null, null, null, SUSPECTS_SHOWN));
        return "errors";
    }
}
