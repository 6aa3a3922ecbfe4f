package dev.foldhub.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LabelGroupsTest {

    @Test
    void groupsAreTheNamePrefixNumberedInOrderOfFirstAppearance() {
        // guards the one label-group rule: iMet's culture:: labels are group 0, tag:: labels group 1, and a
        // third prefix or a name without one gets its own group instead of silently joining tag
        LabelGroups groups = LabelGroups.of(List.of("culture::edo", "tag::boats", "culture::american, north",
                "medium::oil", "plain", "::odd", "tag::cats"));
        assertThat(groups.names()).containsExactly("culture", "tag", "medium", "other");
        assertThat(groups.groupOf()).containsExactly(0, 1, 0, 2, 3, 3, 1);
        assertThat(groups.indexOf("tag")).isEqualTo(1);
        assertThat(groups.indexOf("missing")).isEqualTo(-1);
    }
}
