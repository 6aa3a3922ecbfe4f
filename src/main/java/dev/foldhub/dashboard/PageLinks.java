package dev.foldhub.dashboard;

/** Where a paged dashboard table is: its 1-based page, how many pages, and how many rows in all. */
record PageLinks(int page, int pages, long total) {

    static PageLinks of(int page, long total, int size) {
        return new PageLinks(page, ExperimentTable.pageCount(total, size), total);
    }

    /** The 1-based page a request asks for (missing or below 1: the first). */
    static int requested(Integer page) {
        return page == null || page < 1 ? 1 : page;
    }
}
