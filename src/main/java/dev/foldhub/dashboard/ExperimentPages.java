package dev.foldhub.dashboard;

import dev.foldhub.ensemble.OofCorrelation;
import dev.foldhub.experiment.ArchiveFilter;
import dev.foldhub.experiment.ExperimentAnnotations;
import dev.foldhub.experiment.EpochView;
import dev.foldhub.experiment.ExperimentSearch;
import dev.foldhub.experiment.ExperimentService;
import dev.foldhub.experiment.LabelGroupScores;
import dev.foldhub.experiment.ExperimentView;
import dev.foldhub.experiment.RunStatus;
import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.training.InvalidConfigException;
import dev.foldhub.errors.NotFoundException;
import dev.foldhub.submission.SubmissionSearch;
import dev.foldhub.training.EffectiveConfig;
import dev.foldhub.yaml.YamlDiff;
import dev.foldhub.yaml.YamlLimits;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** The experiments table, one experiment's page, and the comparison of a few experiments. */
@Controller
class ExperimentPages {

    private final ExperimentService experiments;
    private final OofCorrelation correlation;
    private final LabelGroupScores groupScores;
    private final ExperimentSearch search;
    private final SubmissionSearch submissions;
    private final ExperimentAnnotations annotations;

    ExperimentPages(ExperimentService experiments, OofCorrelation correlation, LabelGroupScores groupScores,
                    ExperimentSearch search, SubmissionSearch submissions, ExperimentAnnotations annotations) {
        this.annotations = annotations;
        this.experiments = experiments;
        this.submissions = submissions;
        this.search = search;
        this.correlation = correlation;
        this.groupScores = groupScores;
    }

    @GetMapping("/")
    String list(@RequestParam(required = false) String sort, @RequestParam(required = false) String dir,
                @RequestParam(required = false) String q, @RequestParam(required = false) String status,
                @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
                @RequestParam(required = false) String tag, @RequestParam(required = false) String archived,
                Model model) {
        // filtered, sorted and paged in SQL: only the page's experiments and their folds are read
        TableQuery query = TableQuery.parse(sort, dir, q, status, page, size, tag);
        ArchiveFilter shown = archiveFilter(archived);
        model.addAttribute("table", ExperimentTable.of(query, sql -> search.page(sql.withArchived(shown))));
        model.addAttribute("archived", shown.parameter());
        model.addAttribute("statuses", RunStatus.values());
        model.addAttribute("tagsInUse", annotations.tagsInUse());
        model.addAttribute("bestLb", submissions.bestPublic().orElse(null));
        return "experiments";
    }

    /** The "Show archived" toggle: all or only archived ones; anything else typed by hand shows the default. */
    private static ArchiveFilter archiveFilter(String archived) {
        try {
            return ArchiveFilter.parse(archived);
        } catch (InvalidInputException e) {
            return ArchiveFilter.ACTIVE;
        }
    }

    @GetMapping("/experiments/{id}")
    String experiment(@PathVariable long id, Model model) {
        ExperimentView experiment = experiments.get(id);
        model.addAttribute("experiment", experiment);
        Map<Integer, List<EpochView>> epochs = new LinkedHashMap<>();
        experiment.folds().forEach(f -> epochs.put(f.fold(), experiments.epochs(id, f.fold())));
        model.addAttribute("kpis", ExperimentKpis.of(experiment, epochs));
        model.addAttribute("effectiveConfig", effectiveConfig(experiment));
        if (experiment.parentId() != null) {
            ExperimentView parent = experiments.get(experiment.parentId());
            model.addAttribute("parent", parent);
            model.addAttribute("configChanges", YamlDiff.between(parent.config(), experiment.config(), YamlLimits.DEFAULT));
        }
        return "experiment";
    }

    /** The config with every default merged in; null when Foldhub does not train it (imported) or it won't parse. */
    private static String effectiveConfig(ExperimentView experiment) {
        if (!experiment.trainable()) {
            return null;
        }
        try {
            return EffectiveConfig.yaml(experiment.config());
        } catch (InvalidConfigException e) {
            return null; // the page shows the config as stored; the fold's job says what is wrong with it
        }
    }

    @GetMapping("/compare")
    String compare(@RequestParam(required = false) List<Long> ids, Model model) {
        List<ExperimentView> chosen = ids == null ? List.of() : ids.stream().distinct().map(experiments::get).toList();
        OofCorrelation.Partial heatmap = chosen.size() >= 2 ? correlation.compareWithOof(chosen) : null;
        Map<Long, Map<String, Double>> byGroup = new LinkedHashMap<>();
        chosen.forEach(e -> byGroup.put(e.id(), groupScores.of(e.id())));
        List<CompareCurve> curves = chosen.stream()
                .map(e -> CompareCurve.of(e.id(), e.name(), experiments.epochsByFold(e.id()))).toList();
        model.addAttribute("compare", CompareView.of(chosen, heatmap, byGroup, curves));
        return "compare";
    }
}
