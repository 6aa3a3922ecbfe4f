package dev.foldhub.training.config;

/** Checks one supported leaf value; returns the reason it is invalid, or null when it is fine. */
@FunctionalInterface
interface LeafRule {

    LeafRule ACCEPTED = (value, config) -> null;

    String check(Object value, ConfigLookup config);
}
