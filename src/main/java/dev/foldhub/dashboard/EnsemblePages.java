package dev.foldhub.dashboard;

import dev.foldhub.ensemble.EnsembleService;
import dev.foldhub.experiment.ExperimentService;
import dev.foldhub.experiment.RunStatus;
import java.util.EnumSet;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** The ensembles list with the form that starts a blend search, and one ensemble's result. */
@Controller
class EnsemblePages {

    private final EnsembleService ensembles;
    private final ExperimentService experiments;

    EnsemblePages(EnsembleService ensembles, ExperimentService experiments) {
        this.ensembles = ensembles;
        this.experiments = experiments;
    }

    @GetMapping("/ensembles")
    String list(Model model) {
        model.addAttribute("ensembles", ensembles.list());
        // experiments with a finished fold can be blended (on the folds all members have); the server checks the rest
        var blendable = EnumSet.of(RunStatus.SUCCEEDED, RunStatus.IMPORTED);
        model.addAttribute("candidates", experiments.list().stream()
                .filter(e -> blendable.contains(e.status()) || e.foldsDone() > 0).toList());
        return "ensembles";
    }

    @GetMapping("/ensembles/{id}")
    String ensemble(@PathVariable long id, Model model) {
        model.addAttribute("ensemble", ensembles.get(id));
        return "ensemble";
    }
}
