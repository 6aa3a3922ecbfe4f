package dev.foldhub.yaml;

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

    /** What a stored config is read with: looser than the server's checks on what it accepts (1 M characters, depth 50). */
    public static final YamlLimits DEFAULT = new YamlLimits(1024 * 1024, 50, 50);

    /** The server's default limits on user YAML (foldhub.limits): 64 K characters, depth 32, 50 aliases. */
    public static final YamlLimits SERVER_DEFAULT = new YamlLimits(64 * 1024, 32, 50);

    public YamlLimits {
        if (maxCodePoints <= 0 || maxDepth <= 0 || maxAliases < 0) {
            throw new IllegalArgumentException("YAML limits must be positive: " + maxCodePoints + ", " + maxDepth
                    + ", " + maxAliases);
        }
    }

    /**
     * Whether a document is too long to hand to SnakeYAML at all. why: its own code point limit is checked only
     * as the reader moves past a token, after scanning one long scalar has cost time quadratic in its length.
     */
    public boolean tooLong(String yaml) {
        return yaml.length() > maxCodePoints;
    }

    /** SnakeYAML options with these limits and duplicate keys refused. */
    public LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(maxCodePoints);
        options.setNestingDepthLimit(maxDepth);
        options.setMaxAliasesForCollections(maxAliases);
        // why: a mapping that is its own key (&a {*a: 1}) cannot be hashed; recursive values are caught by the walk
        options.setAllowRecursiveKeys(false);
        return options;
    }
}
