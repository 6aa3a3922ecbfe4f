package dev.foldhub.dashboard;

import java.util.Locale;
import java.util.Set;

/**
 * The experiments table's query string: sort column and direction, text, status and tag filters, 1-based page.
 * Unknown or out-of-range values fall back to defaults instead of failing: a dashboard URL is typed by hand.
 */
record TableQuery(String sort, boolean descending, String q, String status, int page, int size, String tag) {

    static final Set<String> COLUMNS = Set.of("id", "name", "arch", "inputSize", "loss", "status", "cvMean", "oofF2",
            "created");
    static final int MAX_SIZE = 200;

    static TableQuery parse(String sort, String dir, String q, String status, Integer page, Integer size, String tag) {
        String column = sort != null && COLUMNS.contains(sort) ? sort : "created";
        boolean descending = dir == null ? column.equals("created") : !dir.equalsIgnoreCase("asc");
        String text = q == null || q.isBlank() ? "" : q.trim();
        String state = status == null || status.isBlank() ? "" : status.trim().toUpperCase(Locale.ROOT);
        int rows = size == null || size < 1 ? 25 : Math.min(size, MAX_SIZE);
        return new TableQuery(column, descending, text, state, page == null || page < 1 ? 1 : page, rows,
                tag == null || tag.isBlank() ? "" : tag.strip());
    }

    /** The same query on another page. */
    TableQuery onPage(int other) {
        return new TableQuery(sort, descending, q, status, other, size, tag);
    }

    public String dir() {
        return descending ? "desc" : "asc";
    }

    /** The direction a click on this column's header asks for: flips the current column, else ascending. */
    public String nextDir(String column) {
        return column.equals(sort) && !descending ? "desc" : "asc";
    }

    /** The arrow shown next to the sorted column's header. */
    public String arrow(String column) {
        return column.equals(sort) ? (descending ? "▼" : "▲") : "";
    }
}
