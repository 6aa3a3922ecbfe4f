package dev.foldhub.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class TrainingPropertiesTest {

    private static TrainingProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("foldhub.training",
                TrainingProperties.class);
    }

    @Test
    void maxEpochsDefaultsToFortyAndCanBeSet() {
        // guards: foldhub.training.max-epochs exists, 40 unless set (the reference's best epochs are all below 40)
        assertThat(bind(Map.of()).maxEpochs()).isEqualTo(40);
        assertThat(bind(Map.of("foldhub.training.max-epochs", "120")).maxEpochs()).isEqualTo(120);
        assertThatThrownBy(() -> bind(Map.of("foldhub.training.max-epochs", "0"))).hasStackTraceContaining("max-epochs");
    }
}
