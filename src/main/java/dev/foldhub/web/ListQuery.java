package dev.foldhub.web;

import dev.foldhub.errors.InvalidInputException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * The common parameters of a paged list (ensembles, submissions): {@code status} (one of the list's statuses),
 * {@code name} (a case-insensitive substring; {@code %} and {@code _} are plain characters), created at or after
 * {@code createdAfter} and before {@code createdBefore} (ISO-8601 instants), {@code sort} (one of the list's columns,
 * a leading {@code -} for descending) and the page. A value outside what the list allows is a 400 naming it.
 */
public record ListQuery(String status, String name, Instant createdAfter, Instant createdBefore, String sort,
                        boolean descending, Paging paging) {

    public static ListQuery parse(String status, String name, String createdAfter, String createdBefore, String sort,
                                  Paging paging, List<String> statuses, List<String> sortKeys, String defaultSort) {
        String key = blank(sort) ? defaultSort : sort.strip();
        boolean descending = key.startsWith("-");
        String column = descending ? key.substring(1) : key;
        if (!sortKeys.contains(column)) {
            throw new InvalidInputException("sort", "must be one of " + String.join(", ", sortKeys)
                    + ", with a leading '-' for descending; not '" + key + "'");
        }
        String state = blank(status) ? null : status.strip().toUpperCase(Locale.ROOT);
        if (state != null && !statuses.contains(state)) {
            throw new InvalidInputException("status", "must be one of " + String.join(", ", statuses) + "; not '"
                    + status + "'");
        }
        return new ListQuery(state, blank(name) ? null : name.strip(), instant(createdAfter, "createdAfter"),
                instant(createdBefore, "createdBefore"), column, descending, paging);
    }

    /** A LIKE pattern (with {@code ESCAPE '\'}) for "contains" in lower case, the value's %, _ and \ literal. */
    public static String containsPattern(String value) {
        String escaped = value.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + escaped + "%";
    }

    /** An ISO-8601 instant parameter: null when blank, else the instant or a 400 naming the field. */
    public static Instant instant(String value, String field) {
        if (blank(value)) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, "must be an ISO-8601 instant such as 2026-01-31T00:00:00Z, not '"
                    + value + "'");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
