package dev.foldhub.mlflow;

import dev.foldhub.mlflow.MlflowMessages.ArtifactsPage;
import dev.foldhub.mlflow.MlflowMessages.FileInfo;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * MLflow's artifact API: the proxy ({@code mlflow-artifacts:/} URIs, what MLflow's HttpArtifactRepository calls)
 * and the tracking API's {@code artifacts/list}. Errors are MLflow's JSON ({@link MlflowErrorHandler}).
 */
@RestController
class MlflowArtifactController {

    private static final String PROXY = "/api/2.0/mlflow-artifacts/artifacts";

    private final MlflowArtifacts artifacts;

    MlflowArtifactController(MlflowArtifacts artifacts) {
        this.artifacts = artifacts;
    }

    /** log_artifact: the raw file as the body. */
    @PutMapping(PROXY + "/{*path}")
    Map<String, Object> upload(@PathVariable String path, HttpServletRequest request) throws IOException {
        artifacts.upload(path, request.getInputStream(), request.getContentLengthLong());
        return Map.of();
    }

    @GetMapping(PROXY + "/{*path}")
    ResponseEntity<FileSystemResource> download(@PathVariable String path) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(new FileSystemResource(artifacts.download(path)));
    }

    @GetMapping(PROXY)
    Map<String, List<FileInfo>> listProxied(@RequestParam(required = false) String path) throws IOException {
        return Map.of("files", artifacts.listProxied(path));
    }

    @GetMapping("/api/2.0/mlflow/artifacts/list")
    ArtifactsPage list(@RequestParam(name = "run_id", required = false) String runId,
                       @RequestParam(name = "run_uuid", required = false) String runUuid,
                       @RequestParam(required = false) String path) throws IOException {
        return artifacts.list(MlflowRuns.id(runId, runUuid), path);
    }
}
