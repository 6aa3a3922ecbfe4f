package dev.foldhub.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.foldhub.mlflow.SearchFilter.Clause;
import dev.foldhub.mlflow.SearchFilter.Entity;
import java.time.Duration;
import java.util.List;
import java.util.Random;
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

    @Test // guards: LIKE / ILIKE answer as SQL's definition (a brute-force recursion) on 20,000 random pattern/value pairs
    void likeAgreesWithBruteForceSqlLike() {
        Random random = new Random(13);
        String patternChars = "aAb%_\u00e9";
        String valueChars = "aAb_%\u00e9\u00c9";
        for (int i = 0; i < 20_000; i++) {
            String pattern = randomString(random, patternChars, 8);
            String value = randomString(random, valueChars, 10);
            for (boolean ignoreCase : new boolean[] {false, true}) {
                boolean expected = bruteForceLike(pattern, 0, value, 0, ignoreCase);
                assertThat(new Clause(Entity.TAG, "k", ignoreCase ? "ILIKE" : "LIKE", pattern).matches(value))
                        .as("'%s' %s '%s'", value, ignoreCase ? "ILIKE" : "LIKE", pattern).isEqualTo(expected);
            }
        }
        // characters outside the BMP are one character to '_'
        assertThat(new Clause(Entity.TAG, "k", "LIKE", "a_b").matches("a\uD83D\uDE00b")).isTrue();
    }

    @Test // guards: a pattern built to make a regex backtrack (%a%a%a...%b against a long run of a) answers at once
    void likeDoesNotBacktrackOnHostilePatterns() {
        String hostile = "%a".repeat(40) + "%b";
        String value = "a".repeat(8000);
        Clause like = new Clause(Entity.TAG, "k", "LIKE", hostile);
        Clause ilike = new Clause(Entity.PARAM, "k", "ILIKE", "_%A".repeat(40) + "%" + "a".repeat(200) + "b%");
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            for (int run = 0; run < 100; run++) { // a search over 100 runs with this filter
                assertThat(like.matches(value)).isFalse();
                assertThat(ilike.matches(value)).isFalse();
            }
            assertThat(like.matches(value + "b")).isTrue();
        });
    }

    /** SQL LIKE by its definition: % takes nothing or one more character, _ one, anything else itself. */
    private static boolean bruteForceLike(String p, int i, String t, int j, boolean ignoreCase) {
        if (i == p.length()) {
            return j == t.length();
        }
        if (p.charAt(i) == '%') {
            return bruteForceLike(p, i + 1, t, j, ignoreCase) || j < t.length() && bruteForceLike(p, i, t, j + 1, ignoreCase);
        }
        if (j == t.length()) {
            return false;
        }
        boolean same = p.charAt(i) == '_' || (ignoreCase ? p.substring(i, i + 1).equalsIgnoreCase(t.substring(j, j + 1))
                : p.charAt(i) == t.charAt(j));
        return same && bruteForceLike(p, i + 1, t, j + 1, ignoreCase);
    }

    private static String randomString(Random random, String alphabet, int maxLength) {
        StringBuilder s = new StringBuilder();
        for (int n = random.nextInt(maxLength + 1); n > 0; n--) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
