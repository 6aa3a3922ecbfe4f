package dev.foldhub.dashboard;

import dev.foldhub.ensemble.OofCorrelation;
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

    ExperimentPages(ExperimentService experiments, OofCorrelation correlation, LabelGroupScores groupScores,
                    ExperimentSearch search, SubmissionSearch submissions) {
        this.experiments = experiments;
        this.submissions = submissions;
        this.search = search;
        this.correlation = correlation;
        this.groupScores = groupScores;
    }

    @GetMapping("/")
    String list(@RequestParam(required = false) String sort, @RequestParam(required = false) String dir,
                @RequestParam(required = false) String q, @RequestParam(required = false) String status,
                @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size, Model model) {
        // filtered, sorted and paged in SQL: only the page's experiments and their folds are read
        TableQuery query = TableQuery.parse(sort, dir, q, status, page, size);
        model.addAttribute("table", ExperimentTable.of(query, search::page));
        model.addAttribute("statuses", RunStatus.values());
        model.addAttribute("bestLb", submissions.bestPublic().orElse(null));
        return "experiments";
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
        OofCorrelation.Matrix matrix = null;
        String heatmapProblem = null;
        if (chosen.size() >= 2) {
            try {
                matrix = correlation.compare(chosen.stream().map(e -> (Object) e.id()).toList());
            } catch (InvalidInputException | NotFoundException e) {
                heatmapProblem = e.getMessage();
            }
        }
        model.addAttribute("compare", CompareView.of(chosen, matrix, heatmapProblem));
        Map<Long, Map<String, Double>> byGroup = new LinkedHashMap<>();
        chosen.forEach(e -> byGroup.put(e.id(), groupScores.of(e.id())));
        model.addAttribute("groupScores", byGroup);
        model.addAttribute("groups", byGroup.values().stream().flatMap(m -> m.keySet().stream()).distinct().toList());
        return "compare";
    }
}
