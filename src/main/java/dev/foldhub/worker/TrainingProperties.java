package dev.foldhub.worker;

import dev.foldhub.scoring.ThresholdGrid;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The validation's threshold search: a grid of global thresholds (the reference: 100 points in [0.05, 0.25]).
 *
 * @param thresholdMin    lowest threshold tried
 * @param thresholdMax    highest threshold tried
 * @param thresholdPoints number of evenly spaced thresholds
 */
@ConfigurationProperties("foldhub.training")
public record TrainingProperties(
        @DefaultValue("0.05") double thresholdMin,
        @DefaultValue("0.25") double thresholdMax,
        @DefaultValue("100") int thresholdPoints) {

    public ThresholdGrid grid() {
        return new ThresholdGrid(thresholdMin, thresholdMax, thresholdPoints);
    }
}
