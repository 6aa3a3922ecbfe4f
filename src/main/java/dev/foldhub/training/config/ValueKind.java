package dev.foldhub.training.config;

/** The YAML shape a config key must have. */
enum ValueKind {
    /** A section with a fixed set of known keys. */
    MAPPING,
    /** A free-form {@code params} dict passed through to the reference's scheduler or loss. */
    FREE_MAPPING,
    INTEGER,
    NUMBER,
    BOOLEAN,
    STRING,
    LIST
}
