package dev.foldhub.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.experiment.ExperimentView;
import dev.foldhub.experiment.RunStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The experiments table's sorting, filtering and paging, without a server. */
class ExperimentTableTest {

    private static final List<ExperimentView> ALL = List.of(
            experiment(1, "b-r18", RunStatus.SUCCEEDED, 0.61),
            experiment(2, "a-r34", RunStatus.QUEUED, null),
            experiment(3, "c-se50", RunStatus.SUCCEEDED, 0.65));

    @Test // guards: unfinished experiments (no OOF F2) sort last whichever the direction
    void missingScoresSortLastInBothDirections() {
        assertThat(names(table("oofF2", "desc", null, null, 1, 25))).containsExactly("c-se50", "b-r18", "a-r34");
        assertThat(names(table("oofF2", "asc", null, null, 1, 25))).containsExactly("b-r18", "c-se50", "a-r34");
    }

    @Test // guards: text (case-insensitive) and status filters combine
    void filtersByTextAndStatus() {
        assertThat(names(table("name", "asc", "B-", "SUCCEEDED", 1, 25))).containsExactly("b-r18");
    }

    @Test // guards: pages past the end show the last page; unknown sort columns fall back to newest first
    void pagesClampAndUnknownSortFallsBackToNewestFirst() {
        ExperimentTable table = table("nonsense", null, null, null, 9, 2);
        assertThat(table.pages()).isEqualTo(2);
        assertThat(table.query().page()).isEqualTo(2);
        assertThat(names(table)).containsExactly("b-r18");
    }

    private static ExperimentTable table(String sort, String dir, String q, String status, int page, int size) {
        return ExperimentTable.of(ALL, TableQuery.parse(sort, dir, q, status, page, size));
    }

    private static List<String> names(ExperimentTable table) {
        return table.rows().stream().map(r -> r.experiment().name()).toList();
    }

    private static ExperimentView experiment(long id, String name, RunStatus status, Double oof) {
        return new ExperimentView(id, name, status, "", 1, "tiny", 1, "h", "resnet18", 32, "bce", oof, 0.0, oof,
                0, 2, Instant.ofEpochSecond(id), List.of());
    }
}
