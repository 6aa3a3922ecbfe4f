package dev.foldhub.experiment;

import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.web.ListQuery;
import dev.foldhub.web.Paging;
import java.time.Instant;
import java.util.Locale;

/**
 * Which experiments a list shows, in which order, and which page of them. Every filter is optional (null or blank:
 * not filtered): {@code status}; {@code name}, a case-insensitive substring of the name ({@code %} and {@code _} are
 * plain characters); {@code arch}, the exact architecture; {@code dataset}, a data set id or name; {@code text}, a
 * case-insensitive substring of name, arch, loss or data set name (the dashboard's search box); created at or after
 * {@code createdAfter} and before {@code createdBefore}; {@code archived}, archived or not (by default not);
 * {@code tag}, experiments that have this tag. Rows with no value in the sort column come last in both directions;
 * ties go newest id first.
 */
public record ExperimentQuery(RunStatus status, String name, String arch, String dataset, String text,
                              Instant createdAfter, Instant createdBefore, ExperimentSort sort, boolean descending,
                              Paging paging, ArchiveFilter archived, String tag) {

    public ExperimentQuery {
        archived = archived == null ? ArchiveFilter.ACTIVE : archived;
    }

    /** A query of experiments that are not archived, without a tag filter. */
    public ExperimentQuery(RunStatus status, String name, String arch, String dataset, String text,
                           Instant createdAfter, Instant createdBefore, ExperimentSort sort, boolean descending,
                           Paging paging) {
        this(status, name, arch, dataset, text, createdAfter, createdBefore, sort, descending, paging,
                ArchiveFilter.ACTIVE, null);
    }

    /** The same query over the experiments {@code filter} shows. */
    public ExperimentQuery withArchived(ArchiveFilter filter) {
        return new ExperimentQuery(status, name, arch, dataset, text, createdAfter, createdBefore, sort, descending,
                paging, filter, tag);
    }

    /** This query, filtered to experiments tagged {@code tag} (blank: no tag filter; not a valid tag: 400 naming tag). */
    public ExperimentQuery withTag(String tag) {
        return new ExperimentQuery(status, name, arch, dataset, text, createdAfter, createdBefore, sort, descending,
                paging, archived, TagsAndNote.filter(tag));
    }

    /**
     * A query from API parameters; {@code sort} is a column key, descending with a leading {@code -} (default
     * {@code -created}). A value that is not one of the allowed ones is a 400 naming its parameter.
     */
    public static ExperimentQuery parse(String status, String name, String arch, String dataset, String text,
                                        String createdAfter, String createdBefore, String sort, Paging paging) {
        String key = blank(sort) ? "-created" : sort.strip();
        boolean descending = key.startsWith("-");
        String column = descending ? key.substring(1) : key;
        ExperimentSort order = ExperimentSort.byKey(column).orElseThrow(() -> new InvalidInputException("sort",
                "must be one of id, name, arch, inputSize, loss, status, cvMean (or cvF2), oofF2, created, "
                        + "with a leading '-' for descending; not '" + key + "'"));
        return new ExperimentQuery(status(status), trimmed(name), trimmed(arch), trimmed(dataset), trimmed(text),
                ListQuery.instant(createdAfter, "createdAfter"), ListQuery.instant(createdBefore, "createdBefore"), order, descending,
                paging);
    }

    private static RunStatus status(String value) {
        if (blank(value)) {
            return null;
        }
        try {
            return RunStatus.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("status", "must be one of QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED, "
                    + "IMPORTED; not '" + value + "'");
        }
    }

    private static String trimmed(String value) {
        return blank(value) ? null : value.strip();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
