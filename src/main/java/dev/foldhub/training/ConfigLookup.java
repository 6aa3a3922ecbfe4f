package dev.foldhub.training;

/** Reads the value a key will have after merging: the user's if given and well-formed, else the default. */
@FunctionalInterface
interface ConfigLookup {

    Object effective(String dottedPath);
}
