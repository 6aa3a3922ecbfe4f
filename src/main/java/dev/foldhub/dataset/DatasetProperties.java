package dev.foldhub.dataset;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of data set registration.
 *
 * @param defaultFolds k of the fold assignment computed when a data set is registered
 */
@ConfigurationProperties("foldhub.datasets")
public record DatasetProperties(@DefaultValue("5") int defaultFolds) {

    public DatasetProperties {
        if (defaultFolds < 2 || defaultFolds > 255) {
            throw new IllegalArgumentException("foldhub.datasets.default-folds must be in 2..255, was " + defaultFolds);
        }
    }
}
