package dev.foldhub.experiment;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where TorchScript models may be read from.
 *
 * @param roots directories a config's model.weights must lie in (after resolving symbolic links); application.yml
 *              defaults it to the data directory (FOLDHUB_MODELS_ROOTS, comma separated, sets it)
 */
@ConfigurationProperties("foldhub.models")
public record ModelProperties(List<Path> roots) {

    public ModelProperties {
        roots = roots == null ? List.of() : List.copyOf(roots);
    }
}
