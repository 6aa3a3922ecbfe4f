package dev.foldhub.experiment;

import dev.foldhub.errors.InvalidInputException;
import java.util.Locale;

/** Which experiments a list shows by their archive state: by default only those not archived. */
public enum ArchiveFilter {
    /** Not archived (the default of every list). */
    ACTIVE,
    /** Only archived ones ({@code archived=true}). */
    ARCHIVED,
    /** Both ({@code archived=all}). */
    ALL;

    /**
     * The {@code archived} parameter: absent, blank or {@code false} is {@link #ACTIVE}, {@code true} is
     * {@link #ARCHIVED}, {@code all} is {@link #ALL}; anything else is a 400 naming {@code archived}.
     */
    public static ArchiveFilter parse(String value) {
        if (value == null || value.isBlank()) {
            return ACTIVE;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "false" -> ACTIVE;
            case "true" -> ARCHIVED;
            case "all" -> ALL;
            default -> throw new InvalidInputException("archived", "must be true (only archived), all or false; not '"
                    + value + "'");
        };
    }

    /** Whether an experiment archived ({@code archived}) or not is shown. */
    public boolean shows(boolean archived) {
        return this == ALL || (this == ARCHIVED) == archived;
    }

    /** The parameter value that asks for this filter ("" for the default). */
    public String parameter() {
        return switch (this) {
            case ACTIVE -> "";
            case ARCHIVED -> "true";
            case ALL -> "all";
        };
    }
}
