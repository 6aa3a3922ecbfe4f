package dev.foldhub.mlflow;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a normal MLflow script calls that Foldhub does not keep: {@code runs/log-inputs} (data sets and models a run
 * used) and {@code runs/outputs} (models it made) are accepted for an existing run and ignored, so the script goes
 * on; any other address under the MLflow APIs answers MLflow's ENDPOINT_NOT_FOUND.
 */
@RestController
class MlflowUnservedController {

    private final MlflowRuns runs;

    MlflowUnservedController(MlflowRuns runs) {
        this.runs = runs;
    }

    @PostMapping({"/api/2.0/mlflow/runs/log-inputs", "/api/2.0/mlflow/runs/outputs"})
    Map<String, Object> ignored(@RequestBody Map<String, Object> request) {
        Object runId = request.get("run_id");
        runs.get(MlflowRuns.id(runId == null ? null : runId.toString(), null)); // a missing run is still an error
        return Map.of();
    }

    @RequestMapping({"/api/2.0/mlflow/**", "/api/2.0/mlflow-artifacts/**"})
    Map<String, Object> notFound() {
        throw new MlflowException("ENDPOINT_NOT_FOUND", HttpStatus.NOT_FOUND, "This API endpoint is not served by Foldhub's MLflow API.");
    }
}
