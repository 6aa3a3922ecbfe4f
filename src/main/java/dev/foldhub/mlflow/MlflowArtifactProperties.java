package dev.foldhub.mlflow;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * MLflow's proxied artifacts ({@code /api/2.0/mlflow-artifacts/artifacts/...}).
 *
 * @param maxArtifactSize one artifact file, streamed to disk (a 413 beyond)
 */
@ConfigurationProperties("foldhub.mlflow")
public record MlflowArtifactProperties(@DefaultValue("2GB") DataSize maxArtifactSize) {

    static final String MAX_ARTIFACT_SIZE = "foldhub.mlflow.max-artifact-size";
}
