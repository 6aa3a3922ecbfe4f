package dev.foldhub.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foldhub.mlflow.SearchFilter.Clause;
import dev.foldhub.mlflow.SearchFilter.Entity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MLflow's filter and order_by forms as scripts write them, and the mistakes MLflow refuses. */
class SearchFilterTest {

    @Test
    void parsesEveryEntityWithQuotedKeysAndValuesJoinedByAndInAnyCase() {
        List<Clause> clauses = SearchFilter.parse("metrics.val_f2>=0.5 AND params.arch = \"resnet34\" and "
                + "tags.`foldhub.fold` != '1' and attributes.status = 'FINISHED' and run_name LIKE 'r34%' and "
                + "tag.mlflow.runName ILIKE '%F0' and attr.run_id IN ('a', 'b') and metric.\"val loss\" < 1e-1");
        assertThat(clauses).containsExactly(
                new Clause(Entity.METRIC, "val_f2", ">=", 0.5),
                new Clause(Entity.PARAM, "arch", "=", "resnet34"),
                new Clause(Entity.TAG, "foldhub.fold", "!=", "1"),
                new Clause(Entity.ATTRIBUTE, "status", "=", "FINISHED"),
                new Clause(Entity.ATTRIBUTE, "run_name", "LIKE", "r34%"),
                new Clause(Entity.TAG, "mlflow.runName", "ILIKE", "%F0"),
                new Clause(Entity.ATTRIBUTE, "run_id", "IN", List.of("a", "b")),
                new Clause(Entity.METRIC, "val loss", "<", 0.1));
        assertThat(SearchFilter.parse("  ")).isEmpty();
    }

    @Test
    void likeIsSqlLikeAndMissingValuesNeverMatch() {
        Clause like = new Clause(Entity.TAG, "k", "LIKE", "r_4%.x");
        assertThat(like.matches("r34-f0.x")).isTrue();
        assertThat(like.matches("r34-f0-x")).isFalse(); // '.' is literal
        assertThat(new Clause(Entity.TAG, "k", "ILIKE", "R34%").matches("r34")).isTrue();
        assertThat(new Clause(Entity.TAG, "k", "!=", "a").matches((String) null)).isFalse();
        assertThat(new Clause(Entity.METRIC, "m", "<=", 0.5).matches((Double) null)).isFalse();
        assertThat(new Clause(Entity.METRIC, "m", "<=", 0.5).matches(0.5)).isTrue();
    }

    @Test
    void refusesOrUnknownEntitiesUnquotedStringsAndBadOrderBy() {
        assertThatThrownBy(() -> SearchFilter.parse("metrics.a > 1 or metrics.b > 2")).isInstanceOf(MlflowException.class)
                .hasMessageContaining("'or'");
        assertThatThrownBy(() -> SearchFilter.parse("dataset.name = 'x'")).hasMessageContaining("Invalid entity type");
        assertThatThrownBy(() -> SearchFilter.parse("params.arch = resnet34")).hasMessageContaining("strings are quoted");
        assertThatThrownBy(() -> SearchFilter.parse("params.arch = 'resnet34")).hasMessageContaining("unterminated");
        assertThatThrownBy(() -> SearchFilter.orderBy("metrics.f2 DOWN")).hasMessageContaining("ASC or DESC");
        assertThat(SearchFilter.orderBy("metrics.`val f2` DESC")).isEqualTo(new SearchFilter.OrderBy(Entity.METRIC, "val f2", false));
        assertThat(SearchFilter.orderBy("start_time")).isEqualTo(new SearchFilter.OrderBy(Entity.ATTRIBUTE, "start_time", true));
    }
}
