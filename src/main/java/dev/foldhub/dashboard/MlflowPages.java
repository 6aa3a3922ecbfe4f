package dev.foldhub.dashboard;

import dev.foldhub.mlflow.MlflowOverview;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The MLflow page: every MLflow experiment and a page of runs with metrics and params, Foldhub-tagged or not. */
@Controller
class MlflowPages {

    static final int RUNS_PER_PAGE = 50;

    private final MlflowOverview overview;

    MlflowPages(MlflowOverview overview) {
        this.overview = overview;
    }

    @GetMapping("/mlflow")
    String mlflow(@RequestParam(defaultValue = "0") int page, Model model) {
        model.addAttribute("mlflow", overview.page(page, RUNS_PER_PAGE));
        return "mlflow";
    }
}
