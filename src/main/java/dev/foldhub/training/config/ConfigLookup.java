package dev.foldhub.training.config;

/** Reads the value a key will have after merging: the user's if given and well-formed, else the default. */
@FunctionalInterface
public interface ConfigLookup {

    Object effective(String dottedPath);
}
