package dev.foldhub.worker;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How large a worker's file upload may be, per endpoint; more is a 413 naming the property, cut off before the body
 * is read whole (an OOF upload's limit is computed: the fold's validation rows x classes x 8 bytes + the npy header).
 *
 * @param maxResumeCheckpointSize a fold's resume checkpoint (parameters and optimizer moments, about 3x the model)
 * @param maxModelSize            a best epoch's parameter file
 */
@ConfigurationProperties("foldhub.uploads")
public record UploadProperties(
        @DefaultValue("2GB") DataSize maxResumeCheckpointSize,
        @DefaultValue("1GB") DataSize maxModelSize) {

    static final String RESUME_PROPERTY = "foldhub.uploads.max-resume-checkpoint-size";
    static final String MODEL_PROPERTY = "foldhub.uploads.max-model-size";
}
