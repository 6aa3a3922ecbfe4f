package dev.foldhub.dataset;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of data set registration.
 *
 * @param defaultFolds k of the fold assignment computed when a data set is registered
 * @param roots        directories a registered data set must lie in (after resolving symbolic links); application.yml
 *                     defaults it to the data directory (FOLDHUB_DATASETS_ROOTS, comma separated, sets it)
 * @param imageCheck   how every image is checked at registration: structure (signature, header, chunks up to IEND;
 *                     seconds for iMet) or decode (also a full decode, about 15 ms an image on 2 cores)
 */
@ConfigurationProperties("foldhub.datasets")
public record DatasetProperties(@DefaultValue("5") int defaultFolds, List<Path> roots,
                                @DefaultValue("structure") ImageCheckDepth imageCheck) {

    public DatasetProperties {
        if (defaultFolds < 2 || defaultFolds > 255) {
            throw new IllegalArgumentException("foldhub.datasets.default-folds must be in 2..255, was " + defaultFolds);
        }
        roots = roots == null ? List.of() : List.copyOf(roots);
        imageCheck = imageCheck == null ? ImageCheckDepth.STRUCTURE : imageCheck;
    }
}
