package dev.foldhub.web;

import tools.jackson.core.JacksonException;

/** Where in a JSON body Jackson failed, as a field names it: {@code folds[1]}, {@code weights}, {@code a.b}. */
public final class JsonPath {

    private JsonPath() {
    }

    /** The path of the value Jackson failed on; empty when it failed before any value (malformed JSON). */
    public static String of(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
