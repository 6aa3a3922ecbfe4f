package dev.foldhub.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foldhub.dataset.LabelGroups;
import dev.foldhub.scoring.PostprocessRule;
import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.yaml.YamlLimits;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostprocessSpecTest {

    private static final LabelGroups GROUPS = LabelGroups.of(List.of("culture::a", "culture::b", "tag::x", "tag::y"));

    @Test
    void theWinnersRuleReadsByGroupNameAndRoundTripsThroughPostprocessYml() {
        // guards postprocess.yml: what is written reads back to the same rule (numbers exactly), groups by name
        PostprocessRule rule = new PostprocessRule(new double[] {0.0275, -0.0125}, new int[] {0, 1}, new int[] {3, 8},
                7, 0.21);
        PostprocessSpec spec = PostprocessSpec.of(rule, GROUPS);
        String yaml = spec.toYaml();
        assertThat(yaml).contains("'tag':\n    threshold: -0.0125\n    minLabels: 1\n    maxLabels: 8\n");
        PostprocessSpec back = PostprocessSpec.parse(PostprocessYaml.load(yaml, YamlLimits.DEFAULT), "postprocess");
        assertThat(back.toRule(GROUPS, null, "postprocess")).isEqualTo(rule);
        assertThat(PostprocessJson.spec(PostprocessJson.write(spec)).toRule(GROUPS, null, "p")).isEqualTo(rule);
    }

    @Test
    void aGroupNotListedTakesTheGlobalThresholdAndNoCaps() {
        PostprocessRule rule = PostprocessSpec.parse(Map.of("threshold", 0.01, "groups", Map.of("tag",
                Map.of("maxLabels", 2))), "postprocess").toRule(GROUPS, 0.2, "postprocess");
        assertThat(rule.thresholds()).containsExactly(0.01, 0.01);
        assertThat(rule.maxLabels()).containsExactly(PostprocessRule.NO_MAX, 2);
        assertThat(rule.factor()).isZero();
    }

    @Test
    void badRulesAreRejectedNamingTheField() {
        // guards the 400s: each mistake names the exact field
        assertField(Map.of("groups", Map.of("tag", Map.of("maxLabels", 0))), "postprocess.groups.tag.maxLabels");
        assertField(Map.of("groups", Map.of("tag", Map.of("minLabels", 1.5))), "postprocess.groups.tag.minLabels");
        assertField(Map.of("groups", Map.of("tag", Map.of("minLabels", 4, "maxLabels", 3))), "postprocess.groups.tag.minLabels");
        assertField(Map.of("groups", Map.of("tag", Map.of("cap", 3))), "postprocess.groups.tag.cap");
        assertField(Map.of("threshold", "high"), "postprocess.threshold");
        assertField(Map.of("threshold", Double.NaN), "postprocess.threshold");
        assertField(Map.of("relative", Map.of("factor", 0.5)), "postprocess.relative.factor");
        assertField(Map.of("relative", Map.of("offset", 0.1)), "postprocess.relative.factor");
        assertField(List.of(1), "postprocess");
        assertThatThrownBy(() -> PostprocessSpec.parse(Map.of("groups", Map.of("medium", Map.of())), "postprocess")
                .toRule(GROUPS, 0.0, "postprocess")).isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("postprocess.groups.medium"));
        assertThatThrownBy(() -> PostprocessSpec.parse(Map.of("relative", Map.of("factor", 7)), "postprocess")
                .toRule(GROUPS, null, "postprocess")).isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("postprocess.relative.offset"));
        assertThatThrownBy(() -> PostprocessYaml.load("groups: [", YamlLimits.DEFAULT))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("postprocess.yml"));
    }

    private static void assertField(Object raw, String field) {
        assertThatThrownBy(() -> PostprocessSpec.parse(raw, "postprocess"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field));
    }
}
