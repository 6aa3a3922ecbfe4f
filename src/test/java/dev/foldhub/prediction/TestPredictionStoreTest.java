package dev.foldhub.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.foldhub.testsupport.MigratedDatabase;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class TestPredictionStoreTest {

    @Test
    void savesReplacesAndReadsAFoldsTestPredictions() {
        try (MigratedDatabase db = MigratedDatabase.h2()) {
            TestPredictionStore store = new TestPredictionStore(db.jdbc(), Clock.systemUTC());
            long experimentId = StoredRows.experiment(db.jdbc());
            store.save(new TestPrediction(experimentId, 1, null, 0.1, 2, 3, new float[] {0, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f}));
            store.save(new TestPrediction(experimentId, 1, 2, 0.15, 1, 3, new float[] {0.9f, 0.8f, 0.7f}));
            store.save(new TestPrediction(experimentId, 0, null, 0.0, 1, 3, new float[] {-0.5f, 0f, 0.5f}));
            assertThat(store.forExperiment(experimentId)).extracting(TestPrediction::fold).containsExactly(0, 1);
            TestPrediction one = store.find(experimentId, 1).orElseThrow();
            assertThat(one.numTtas()).isEqualTo(2);
            assertThat(one.rows()).isEqualTo(1);
            assertThat(one.probabilities()[0]).isCloseTo(0.9f, within(0x1p-12f));
            assertThat(store.find(experimentId, 0).orElseThrow().numTtas()).isNull();
        }
    }
}
