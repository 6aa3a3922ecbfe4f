package dev.foldhub.web;

import dev.foldhub.errors.InvalidInputException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

class RequestLimitsTest {

    private final RequestLimits limits = new RequestLimits(new LimitsProperties(DataSize.ofMegabytes(1), DataSize.ofMegabytes(2),
            DataSize.ofMegabytes(1), DataSize.ofBytes(100), 8, 4, 16, 1000, 3));

    @Test
    void aListOfMetricsOverTheLimitIsA400NamingTheFieldAndTheProperty() {
        // guards the shared check endpoints that accept metrics or epochs call (foldhub.limits.max-metrics-per-request)
        limits.metrics("metrics", Collections.nCopies(3, "m"));
        limits.metrics("metrics", null);
        assertThatThrownBy(() -> limits.metrics("metrics", Collections.nCopies(4, "m")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(Problems.status(e)).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(e.field()).isEqualTo("metrics");
                    assertThat(Problems.of(e).getProperties()).containsEntry("limit", "foldhub.limits.max-metrics-per-request");
                    assertThat(e.getMessage()).contains("has 4 entries; at most 3");
                });
    }

    @Test
    void yamlOverTheSizeIsA413CountedInUtf8Bytes() {
        // guards: 34 three-byte characters are 102 bytes, over a 100-byte limit though only 34 characters
        limits.yamlSize("config", "a".repeat(100));
        assertThatThrownBy(() -> limits.yamlSize("config", "€".repeat(34)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(Problems.status(e)).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
                    assertThat(e.field()).isEqualTo("config");
                    assertThat(Problems.of(e).getProperties()).containsEntry("limit", "foldhub.limits.max-yaml-size");
                });
        assertThat(limits.yaml().maxDepth()).isEqualTo(8);
        assertThat(limits.yaml().maxAliases()).isEqualTo(4);
    }
}
