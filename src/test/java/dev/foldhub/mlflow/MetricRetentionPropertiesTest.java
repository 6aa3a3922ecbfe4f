package dev.foldhub.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** foldhub.mlflow.retention.*: off unless thin-after is set, 1,000 points and an hour by default, bad values refused. */
class MetricRetentionPropertiesTest {

    private static MetricRetentionProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("foldhub.mlflow.retention", Bindable.of(MetricRetentionProperties.class));
    }

    @Test // guards: with nothing set, retention is disabled and the documented defaults hold
    void isOffByDefault() {
        MetricRetentionProperties p = bind(Map.of());
        assertThat(p.enabled()).isFalse();
        assertThat(p.thinAfter()).isNull();
        assertThat(p.keepPoints()).isEqualTo(1000);
        assertThat(p.interval()).isEqualTo(Duration.ofHours(1));
    }

    @Test // guards: "30d" turns thinning on for points older than 30 days
    void bindsDaysAndPoints() {
        MetricRetentionProperties p = bind(Map.of("foldhub.mlflow.retention.thin-after", "30d",
                "foldhub.mlflow.retention.keep-points", "200", "foldhub.mlflow.retention.interval", "10m"));
        assertThat(p.enabled()).isTrue();
        assertThat(p.thinAfter()).isEqualTo(Duration.ofDays(30));
        assertThat(p.keepPoints()).isEqualTo(200);
        assertThat(p.interval()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test // guards: keep-points outside 10..10,000 and a non-positive thin-after stop the start, naming the setting
    void refusesBadValues() {
        assertThatThrownBy(() -> bind(Map.of("foldhub.mlflow.retention.keep-points", "5")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("keep-points");
        assertThatThrownBy(() -> bind(Map.of("foldhub.mlflow.retention.thin-after", "0s")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("thin-after");
    }
}
