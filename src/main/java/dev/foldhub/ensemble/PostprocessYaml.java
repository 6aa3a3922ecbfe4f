package dev.foldhub.ensemble;

import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.yaml.YamlLimits;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Reads postprocess.yml into plain maps for {@link PostprocessSpec#parse}; a 400 naming postprocess.yml when not YAML. */
final class PostprocessYaml {

    private PostprocessYaml() {
    }

    static Object load(String yaml, YamlLimits limits) {
        if (yaml == null || yaml.isBlank()) {
            throw new InvalidInputException("postprocess.yml", "is empty");
        }
        if (limits.tooLong(yaml)) {
            throw new InvalidInputException("postprocess.yml", "is longer than the limit of " + limits.maxCodePoints()
                    + " characters");
        }
        try {
            return new Yaml(new SafeConstructor(limits.loaderOptions())).load(yaml);
        } catch (RuntimeException e) {
            // why: as for ensemble.yml, SnakeYAML's constructors also throw plain runtime exceptions
            throw new InvalidInputException("postprocess.yml", "is not valid YAML: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }
}
