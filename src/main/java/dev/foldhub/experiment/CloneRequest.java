package dev.foldhub.experiment;

/**
 * The JSON form of a clone: name (default: the parent's + "-clone"), overrides (YAML text), folds ("0,1" or [0, 1]),
 * tags (a list) and note, both optional.
 */
record CloneRequest(String name, String overrides, Object folds, Object tags, Object note) {
}
