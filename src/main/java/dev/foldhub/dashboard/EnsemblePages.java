package dev.foldhub.dashboard;

import dev.foldhub.ensemble.EnsembleSearch;
import dev.foldhub.ensemble.EnsembleService;
import dev.foldhub.ensemble.EnsembleView;
import dev.foldhub.experiment.ExperimentQuery;
import dev.foldhub.experiment.ExperimentSearch;
import dev.foldhub.experiment.ExperimentSort;
import dev.foldhub.experiment.RunStatus;
import dev.foldhub.web.Paging;
import java.util.EnumSet;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** The ensembles list with the form that starts a blend search, and one ensemble's result. */
@Controller
class EnsemblePages {

    /** The blend form offers the blendable ones among this many newest experiments. */
    static final int MAX_CANDIDATES = Paging.MAX_LIMIT;

    private final EnsembleService ensembles;
    private final ExperimentSearch experimentSearch;
    private final EnsembleSearch search;

    EnsemblePages(EnsembleService ensembles, ExperimentSearch experimentSearch, EnsembleSearch search) {
        this.ensembles = ensembles;
        this.search = search;
        this.experimentSearch = experimentSearch;
    }

    @GetMapping("/ensembles")
    String list(@RequestParam(required = false) Integer page, Model model) {
        // the table is a page in SQL, newest first; a page past the end shows the last one
        PageLinks.Shown<EnsembleView> shown = PageLinks.show(PageLinks.requested(page),
                paging -> search.page(EnsembleSearch.query(null, null, null, null, null, paging), null));
        model.addAttribute("ensembles", shown.rows());
        model.addAttribute("pager", shown.pager());
        // experiments with a finished fold can be blended (on the folds all members have); the server checks the rest
        var blendable = EnumSet.of(RunStatus.SUCCEEDED, RunStatus.IMPORTED);
        // why: the picker reads one SQL page (the newest MAX_CANDIDATES), never every experiment of the server
        ExperimentQuery newest = new ExperimentQuery(null, null, null, null, null, null, null, ExperimentSort.CREATED,
                true, new Paging(MAX_CANDIDATES, 0));
        model.addAttribute("candidates", experimentSearch.page(newest).experiments().stream()
                .filter(e -> blendable.contains(e.status()) || e.foldsDone() > 0).toList());
        return "ensembles";
    }

    @GetMapping("/ensembles/{id}")
    String ensemble(@PathVariable long id, Model model) {
        model.addAttribute("ensemble", ensembles.get(id));
        return "ensemble";
    }
}
