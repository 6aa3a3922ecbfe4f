package dev.foldhub;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Foldhub keeps its files.
 *
 * @param dataDir      the embedded database, the demo data set and artifacts live under it
 * @param artifactsDir checkpoints go under experiments/&lt;id&gt;/fold_&lt;k&gt;/ here
 */
@ConfigurationProperties("foldhub")
public record StorageProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("./data/artifacts") Path artifactsDir) {
}
