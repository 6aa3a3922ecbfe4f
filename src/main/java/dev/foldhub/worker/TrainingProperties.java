package dev.foldhub.worker;

import dev.foldhub.scoring.ThresholdGrid;
import dev.foldhub.training.LoaderSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The validation's threshold search (a grid of global thresholds; the reference: 100 points in [0.05, 0.25]) and
 * the data pipeline of each fold.
 *
 * @param thresholdMin    lowest threshold tried
 * @param thresholdMax    highest threshold tried
 * @param thresholdPoints number of evenly spaced thresholds
 * @param loaderThreads   threads that decode, augment and batch images ahead of the trainer; 0: min(4, cores)
 * @param loaderPrefetch  batches prepared ahead at most (bounds the pipeline's memory); 0: twice the threads
 * @param loaderCache     decoded images kept between epochs (3 bytes a pixel), shared by a fold's train and validation
 * @param maxEpochs       the most epochs a fold trains: a config without train.num_epochs (the reference's default is
 *                        10^9, "until stopped by hand") or with more trains this many
 */
@ConfigurationProperties("foldhub.training")
public record TrainingProperties(
        @DefaultValue("0.05") double thresholdMin,
        @DefaultValue("0.25") double thresholdMax,
        @DefaultValue("100") int thresholdPoints,
        @DefaultValue("0") int loaderThreads,
        @DefaultValue("0") int loaderPrefetch,
        @DefaultValue("512MB") DataSize loaderCache,
        @DefaultValue("40") int maxEpochs) {

    public TrainingProperties {
        if (maxEpochs < 1) {
            throw new IllegalArgumentException("foldhub.training.max-epochs must be at least 1, got " + maxEpochs);
        }
    }

    /** The pipeline settings; 0 threads or prefetch take {@link LoaderSettings#defaults()}'s. */
    public LoaderSettings loader() {
        LoaderSettings defaults = LoaderSettings.defaults();
        int threads = loaderThreads > 0 ? loaderThreads : defaults.threads();
        return new LoaderSettings(threads, loaderPrefetch > 0 ? loaderPrefetch : 2 * threads, loaderCache.toBytes());
    }

    public ThresholdGrid grid() {
        return new ThresholdGrid(thresholdMin, thresholdMax, thresholdPoints);
    }
}
