package dev.foldhub.dashboard;

import dev.foldhub.experiment.ExperimentPage;
import dev.foldhub.experiment.ExperimentQuery;
import dev.foldhub.experiment.ExperimentSort;
import dev.foldhub.experiment.RunStatus;
import dev.foldhub.experiment.TagsAndNote;
import dev.foldhub.web.Paging;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** A page of the experiments table after filtering and sorting, with what the page's links need. */
record ExperimentTable(TableQuery query, List<ExperimentRow> rows, long total, int pages, int maxFolds) {

    /**
     * Reads the query's page through {@code pages} (filtered, sorted and cut in SQL); a page past the end shows the
     * last page (one more read).
     */
    static ExperimentTable of(TableQuery query, Function<ExperimentQuery, ExperimentPage> pages) {
        boolean badTag = !query.tag().isEmpty() && !TagsAndNote.isTag(query.tag());
        if (badTag || (!query.status().isEmpty() && status(query) == null)) {
            // why: an unknown status (or a malformed tag) in a hand-typed URL matches nothing, not a failure
            return new ExperimentTable(query.onPage(1), List.of(), 0, 1, 0);
        }
        ExperimentPage page = pages.apply(sqlQuery(query, query.page()));
        int count = pageCount(page.total(), query.size());
        TableQuery shown = query;
        if (query.page() > count) {
            shown = query.onPage(count);
            page = pages.apply(sqlQuery(shown, count));
        }
        List<ExperimentRow> rows = page.experiments().stream().map(ExperimentRow::new).toList();
        // why: a column per fold number up to the largest k, so fold 3 of a partial experiment is never under f1
        int maxFolds = rows.stream().mapToInt(r -> Math.max(r.experiment().datasetFolds(),
                r.folds().stream().mapToInt(f -> f.fold() + 1).max().orElse(0))).max().orElse(0);
        return new ExperimentTable(shown, rows, page.total(), count, maxFolds);
    }

    static int pageCount(long total, int size) {
        return (int) Math.max(1, (total + size - 1) / size);
    }

    private static RunStatus status(TableQuery q) {
        return Arrays.stream(RunStatus.values()).filter(s -> s.name().equals(q.status())).findFirst().orElse(null);
    }

    private static ExperimentQuery sqlQuery(TableQuery q, int page) {
        RunStatus status = status(q);
        String text = q.q().isEmpty() ? null : q.q();
        Paging paging = new Paging(q.size(), (long) (page - 1) * q.size());
        ExperimentSort sort = ExperimentSort.byKey(q.sort()).orElse(ExperimentSort.CREATED);
        return new ExperimentQuery(status, null, null, null, text, null, null, sort, q.descending(), paging)
                .withTag(q.tag());
    }
}
