package dev.foldhub.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foldhub.errors.InvalidInputException;
import org.junit.jupiter.api.Test;

class ArchiveFilterTest {

    @Test // guards: the archived parameter: absent/false hides archived ones, true shows only them, all shows both
    void parsesTheArchivedParameter() {
        assertThat(ArchiveFilter.parse(null)).isEqualTo(ArchiveFilter.ACTIVE);
        assertThat(ArchiveFilter.parse(" ")).isEqualTo(ArchiveFilter.ACTIVE);
        assertThat(ArchiveFilter.parse("false")).isEqualTo(ArchiveFilter.ACTIVE);
        assertThat(ArchiveFilter.parse("TRUE")).isEqualTo(ArchiveFilter.ARCHIVED);
        assertThat(ArchiveFilter.parse("all")).isEqualTo(ArchiveFilter.ALL);
        assertThat(ArchiveFilter.ACTIVE.shows(false)).isTrue();
        assertThat(ArchiveFilter.ACTIVE.shows(true)).isFalse();
        assertThat(ArchiveFilter.ARCHIVED.shows(true)).isTrue();
        assertThat(ArchiveFilter.ARCHIVED.shows(false)).isFalse();
        assertThat(ArchiveFilter.ALL.shows(true)).isTrue();
        assertThat(ArchiveFilter.ALL.shows(false)).isTrue();
    }

    @Test // guards: any other value is a 400 naming "archived", never silently the default
    void anythingElseIsRefusedNamingTheParameter() {
        assertThatThrownBy(() -> ArchiveFilter.parse("yes")).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.field()).isEqualTo("archived"));
    }
}
