package dev.foldhub.training;

import org.yaml.snakeyaml.LoaderOptions;

/**
 * How much of a user's YAML the parsers read before giving up: a backstop against huge documents,
 * deep nesting and alias bombs ("billion laughs"). The server fills it from {@code foldhub.limits}.
 *
 * @param maxCodePoints the document's length in characters
 * @param maxDepth      nesting of mappings and lists
 * @param maxAliases    aliases to collections (*ref of a list or mapping)
 */
public record YamlLimits(int maxCodePoints, int maxDepth, int maxAliases) {

    /** What a stored config is read with: SnakeYAML's own defaults (3 M characters, depth 50, 50 aliases), looser than the server's. */
    public static final YamlLimits DEFAULT = new YamlLimits(3 * 1024 * 1024, 50, 50);

    public YamlLimits {
        if (maxCodePoints <= 0 || maxDepth <= 0 || maxAliases < 0) {
            throw new IllegalArgumentException("YAML limits must be positive: " + maxCodePoints + ", " + maxDepth
                    + ", " + maxAliases);
        }
    }

    /** SnakeYAML options with these limits and duplicate keys refused. */
    public LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(maxCodePoints);
        options.setNestingDepthLimit(maxDepth);
        options.setMaxAliasesForCollections(maxAliases);
        // why: a recursive structure (&a [*a]) would overflow the stack of whoever walks or prints it
        options.setAllowRecursiveKeys(false);
        return options;
    }
}
