package dev.foldhub.mlflow;

import dev.foldhub.mlflow.MlflowMessages.ArtifactsPage;
import dev.foldhub.mlflow.MlflowMessages.FileInfo;
import dev.foldhub.web.BoundedBody;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * MLflow's proxied artifacts, as {@code mlflow server --serve-artifacts} serves them: a path
 * {@code <experiment id>/<run id>/artifacts/<file>} (a run's artifact_uri {@code mlflow-artifacts:/<experiment
 * id>/<run id>/artifacts} with the file appended) names a file of that run only. Uploads are bounded by
 * foldhub.mlflow.max-artifact-size; an OOF .npy uploaded to a run bound to a fold may become that fold's OOF.
 */
@Service
class MlflowArtifacts {

    static final String PROXY_SCHEME = "mlflow-artifacts:/";

    /** A path inside one run's artifacts: the run, and the path relative to its artifact root ("" the root). */
    record Located(MlflowRunStore.Row run, String relative) {
    }

    private final MlflowRunStore runs;
    private final MlflowArtifactStore store;
    private final ArtifactOofImport oofImport;
    private final long maxBytes;

    MlflowArtifacts(MlflowRunStore runs, MlflowArtifactStore store, ArtifactOofImport oofImport,
                    MlflowArtifactProperties properties) {
        this.runs = runs;
        this.store = store;
        this.oofImport = oofImport;
        this.maxBytes = properties.maxArtifactSize().toBytes();
    }

    /** PUT: stores the body at the path (413 past the limit, nothing stored then); an active run only. */
    void upload(String proxiedPath, InputStream body, long declaredLength) throws IOException {
        Located at = locate(proxiedPath);
        if (at.relative().isEmpty()) {
            throw MlflowException.invalid("Missing artifact file name in path '" + proxiedPath + "'.");
        }
        if (!at.run().isActive()) {
            throw MlflowException.invalid("The run " + at.run().runId() + " must be in the 'active' state."
                    + " Current state is " + at.run().lifecycleStage() + ".");
        }
        Path target = store.resolve(at.run(), at.relative());
        try (InputStream bounded = BoundedBody.open(body, declaredLength, maxBytes, "artifact",
                MlflowArtifactProperties.MAX_ARTIFACT_SIZE)) {
            store.write(target, bounded);
        }
        oofImport.uploaded(at.run(), at.relative(), target);
    }

    /** GET: the stored file; RESOURCE_DOES_NOT_EXIST when there is none (or the path is a directory). */
    Path download(String proxiedPath) {
        Located at = locate(proxiedPath);
        Path file = store.resolve(at.run(), at.relative());
        if (at.relative().isEmpty() || !Files.isRegularFile(file)) {
            throw MlflowException.notFound("No artifact at '" + proxiedPath + "'.");
        }
        return file;
    }

    /** GET ?path=: the directory's entries, each path its bare name (the Python client joins it to what it asked). */
    List<FileInfo> listProxied(String proxiedPath) throws IOException {
        Located at = locate(proxiedPath == null ? "" : proxiedPath);
        return store.list(store.resolve(at.run(), at.relative()), "");
    }

    /** artifacts/list: the run's root URI and the entries of {@code path} (relative to it), paths from the root. */
    ArtifactsPage list(String runId, String path) throws IOException {
        MlflowRunStore.Row run = runs.find(runId)
                .orElseThrow(() -> MlflowException.notFound("Run with id=" + runId + " not found"));
        String relative = path == null || path.isEmpty() ? "" : ArtifactPath.check(path);
        if (!run.artifactUri().startsWith(PROXY_SCHEME)) {
            return new ArtifactsPage(run.artifactUri(), List.of(), null); // stored elsewhere: not Foldhub's to list
        }
        return new ArtifactsPage(run.artifactUri(), store.list(store.resolve(run, relative), relative), null);
    }

    /**
     * The run whose artifact_uri is {@code mlflow-artifacts:/} + the path's first segments up to
     * {@code <run id>/artifacts}; RESOURCE_DOES_NOT_EXIST when no run's artifacts lie there.
     */
    private Located locate(String proxiedPath) {
        String path = proxiedPath.startsWith("/") ? proxiedPath.substring(1) : proxiedPath;
        String[] segments = path.isEmpty() ? new String[0] : ArtifactPath.check(path).split("/");
        for (int i = 0; i + 1 < segments.length; i++) {
            if (!"artifacts".equals(segments[i + 1])) {
                continue;
            }
            String root = PROXY_SCHEME + String.join("/", Arrays.copyOfRange(segments, 0, i + 2));
            var run = runs.find(segments[i]).filter(r -> r.artifactUri().equals(root));
            if (run.isPresent()) {
                return new Located(run.get(), String.join("/", Arrays.copyOfRange(segments, i + 2, segments.length)));
            }
        }
        throw MlflowException.notFound("No run's artifacts lie at '" + proxiedPath
                + "'; expected <experiment id>/<run id>/artifacts/<path> of an existing run.");
    }
}
