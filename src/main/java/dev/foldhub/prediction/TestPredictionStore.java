package dev.foldhub.prediction;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Test-set predictions in the database, one row per experiment fold, encoded as {@link OofStore}'s (float16). */
@Service
public class TestPredictionStore {

    private static final String COLUMNS = "experiment_id, fold, num_ttas, threshold, num_rows, num_classes, encoding, data";
    private static final RowMapper<TestPrediction> MAPPER = (rs, n) -> new TestPrediction(rs.getLong("experiment_id"),
            rs.getInt("fold"), rs.getObject("num_ttas", Integer.class), rs.getDouble("threshold"), rs.getInt("num_rows"),
            rs.getInt("num_classes"), FloatCodec.decode(rs.getString("encoding"), rs.getBytes("data")));

    private final JdbcClient jdbc;
    private final Clock clock;

    public TestPredictionStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Stores (or replaces) a fold's test predictions. */
    @Transactional
    public void save(TestPrediction p) {
        saveEncoded(p.experimentId(), p.fold(), p.numTtas(), p.threshold(),
                EncodedPredictions.of(p.probabilities(), p.rows(), p.classes()));
    }

    /** As {@link #save}, from predictions already encoded (an import streams its files into them). */
    @Transactional
    public void saveEncoded(long experimentId, int fold, Integer numTtas, double threshold, EncodedPredictions p) {
        jdbc.sql("DELETE FROM test_predictions WHERE experiment_id = ? AND fold = ?")
                .params(experimentId, fold).update();
        jdbc.sql("INSERT INTO test_predictions (" + COLUMNS + ", created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(experimentId, fold, numTtas, threshold, p.rows(), p.classes(), FloatCodec.ENCODING,
                        p.float16(), Timestamp.from(clock.instant()))
                .update();
    }

    /**
     * Stores (or replaces) a fold's test predictions made here with these TTA settings, with how fast they were made;
     * predictions of the same fold with other settings stay.
     */
    @Transactional
    public void saveMeasured(TestPrediction p, String combine, double imagesPerSecond, double seconds) {
        jdbc.sql("DELETE FROM test_predictions WHERE experiment_id = ? AND fold = ? AND num_ttas = ? AND combine = ?")
                .params(p.experimentId(), p.fold(), p.numTtas(), combine).update();
        jdbc.sql("INSERT INTO test_predictions (" + COLUMNS + ", combine, images_per_second, seconds, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(p.experimentId(), p.fold(), p.numTtas(), p.threshold(), p.rows(), p.classes(),
                        FloatCodec.ENCODING, FloatCodec.encode(p.probabilities()), combine, imagesPerSecond, seconds,
                        Timestamp.from(clock.instant()))
                .update();
    }

    /** A fold's newest test predictions, whatever their TTA settings. */
    public Optional<TestPrediction> find(long experimentId, int fold) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM test_predictions WHERE experiment_id = ? AND fold = ? ORDER BY id DESC")
                .params(experimentId, fold).query(MAPPER).stream().findFirst();
    }

    /** A fold's test predictions with these TTA settings; numTtas null finds imported ones (settings unknown). */
    public Optional<TestPrediction> find(long experimentId, int fold, Integer numTtas, String combine) {
        String ttas = numTtas == null ? "num_ttas IS NULL" : "num_ttas = " + numTtas.intValue();
        return jdbc.sql("SELECT " + COLUMNS + " FROM test_predictions WHERE experiment_id = ? AND fold = ? AND "
                        + ttas + " AND combine = ?")
                .params(experimentId, fold, combine).query(MAPPER).optional();
    }

    /** Whether a fold has test predictions with these TTA settings (null: imported), without reading them. */
    public boolean exists(long experimentId, int fold, Integer numTtas, String combine) {
        String ttas = numTtas == null ? "num_ttas IS NULL" : "num_ttas = " + numTtas.intValue();
        return jdbc.sql("SELECT COUNT(*) FROM test_predictions WHERE experiment_id = ? AND fold = ? AND " + ttas
                        + " AND combine = ?")
                .params(experimentId, fold, combine).query(Long.class).single() > 0;
    }

    /** The measured speed of each test prediction made here for an experiment, by fold (newest first within a fold). */
    public List<TestPredictionTiming> timings(long experimentId) {
        return jdbc.sql("SELECT experiment_id, fold, num_ttas, num_rows, images_per_second, seconds FROM test_predictions "
                        + "WHERE experiment_id = ? AND images_per_second IS NOT NULL ORDER BY fold, id DESC")
                .param(experimentId)
                .query((rs, n) -> new TestPredictionTiming(rs.getLong(1), rs.getInt(2), rs.getInt(3), rs.getInt(4),
                        rs.getDouble(5), rs.getDouble(6)))
                .list();
    }

    /** All stored test predictions of an experiment, by fold (several per fold when made with several TTA settings). */
    public List<TestPrediction> forExperiment(long experimentId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM test_predictions WHERE experiment_id = ? ORDER BY fold, id")
                .param(experimentId).query(MAPPER).list();
    }

    /** Deletes every test prediction of an experiment (the experiment is deleted); returns the rows deleted. */
    @Transactional
    public int deleteForExperiment(long experimentId) {
        return jdbc.sql("DELETE FROM test_predictions WHERE experiment_id = ?").param(experimentId).update();
    }

    /** The bytes of stored test predictions per experiment, summed in SQL (none is read into memory). */
    public Map<Long, Long> bytesPerExperiment() {
        return OofStore.bytesPerExperiment(jdbc, "test_predictions");
    }
}
