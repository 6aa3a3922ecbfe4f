package dev.foldhub.testsupport;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class CapabilityTest {

    @Test
    void aMissingCapabilityFailsInCiAndSkipsElsewhere() {
        // guards issue 13 item 15: CI=true turns "skipped: no PostgreSQL" into a failure, a local run still skips
        assertThatThrownBy(() -> Capability.require(false, "skipped: no PostgreSQL", "true"))
                .isInstanceOf(AssertionFailedError.class).hasMessageContaining("no PostgreSQL").hasMessageContaining("CI=true");
        assertThatThrownBy(() -> Capability.require(false, "skipped: no PostgreSQL", null))
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("no PostgreSQL");
        assertThatThrownBy(() -> Capability.require(false, "skipped: no Chromium", "false"))
                .isInstanceOf(TestAbortedException.class);
        assertThatCode(() -> Capability.require(true, "unused", "true")).doesNotThrowAnyException();
        assertThatCode(() -> Capability.failInCi("unused", null)).doesNotThrowAnyException();
    }
}
