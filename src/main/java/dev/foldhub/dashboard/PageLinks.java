package dev.foldhub.dashboard;

import dev.foldhub.web.ListPage;
import dev.foldhub.web.Paging;
import java.util.List;
import java.util.function.Function;

/** Where a paged dashboard table is: its 1-based page, how many pages, and how many rows in all. */
record PageLinks(int page, int pages, long total) {

    static PageLinks of(int page, long total, int size) {
        return new PageLinks(page, ExperimentTable.pageCount(total, size), total);
    }

    /** The 1-based page a request asks for (missing or below 1: the first). */
    static int requested(Integer page) {
        return page == null || page < 1 ? 1 : page;
    }

    /** A page of rows with where it is in the table. */
    record Shown<T>(List<T> rows, PageLinks pager) {
    }

    /**
     * The requested 1-based page of a table read in SQL, {@link Paging#DEFAULT_LIMIT} rows a page; a page past the end
     * shows the last one.
     */
    static <T> Shown<T> show(int requested, Function<Paging, ListPage<T>> fetch) {
        int size = Paging.DEFAULT_LIMIT;
        int shown = requested;
        ListPage<T> rows = fetch.apply(new Paging(size, (long) (shown - 1) * size));
        int last = ExperimentTable.pageCount(rows.total(), size);
        if (shown > last) {
            shown = last;
            rows = fetch.apply(new Paging(size, (long) (shown - 1) * size));
        }
        return new Shown<>(rows.rows(), of(shown, rows.total(), size));
    }
}
