package dev.foldhub.dashboard;

import dev.foldhub.experiment.ExperimentView;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** A page of the experiments table after filtering and sorting, with what the page's links need. */
record ExperimentTable(TableQuery query, List<ExperimentRow> rows, int total, int pages, int maxFolds) {

    /** Filters, sorts and cuts one page out of all experiments (in memory: the list is one service call). */
    static ExperimentTable of(List<ExperimentView> all, TableQuery query) {
        String text = query.q().toLowerCase(Locale.ROOT);
        List<ExperimentView> matching = all.stream()
                .filter(e -> text.isEmpty() || contains(e.name(), text) || contains(e.arch(), text)
                        || contains(e.loss(), text) || contains(e.dataset(), text))
                .filter(e -> query.status().isEmpty() || e.status().name().equals(query.status()))
                .sorted(comparator(query))
                .toList();
        int pages = Math.max(1, (matching.size() + query.size() - 1) / query.size());
        int page = Math.min(query.page(), pages);
        TableQuery shown = new TableQuery(query.sort(), query.descending(), query.q(), query.status(), page, query.size());
        List<ExperimentRow> rows = matching.stream().skip((long) (page - 1) * query.size()).limit(query.size())
                .map(ExperimentRow::new).toList();
        int maxFolds = rows.stream().mapToInt(r -> r.folds().size()).max().orElse(0);
        return new ExperimentTable(shown, rows, matching.size(), pages, maxFolds);
    }

    private static boolean contains(String value, String text) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(text);
    }

    private static Comparator<ExperimentView> comparator(TableQuery q) {
        boolean d = q.descending();
        Comparator<ExperimentView> order = switch (q.sort()) {
            case "name" -> by(e -> e.name().toLowerCase(Locale.ROOT), d);
            case "arch" -> by(ExperimentView::arch, d);
            case "inputSize" -> by(ExperimentView::inputSize, d);
            case "loss" -> by(ExperimentView::loss, d);
            case "status" -> by(e -> e.status().name(), d);
            case "cvMean" -> by(ExperimentView::cvMean, d);
            case "oofF2" -> by(ExperimentView::oofF2, d);
            case "id" -> by(ExperimentView::id, d);
            default -> by(ExperimentView::createdAt, d);
        };
        return order.thenComparing(Comparator.comparingLong(ExperimentView::id).reversed());
    }

    // why: empty values sort last in both directions, so "best F2 first" never starts with unfinished runs.
    private static <T extends Comparable<? super T>> Comparator<ExperimentView> by(Function<ExperimentView, T> key,
                                                                                  boolean descending) {
        Comparator<T> natural = descending ? Comparator.reverseOrder() : Comparator.naturalOrder();
        return Comparator.comparing(key, Comparator.nullsLast(natural));
    }
}
