package dev.foldhub.prediction;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
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
        jdbc.sql("DELETE FROM test_predictions WHERE experiment_id = ? AND fold = ?")
                .params(p.experimentId(), p.fold()).update();
        jdbc.sql("INSERT INTO test_predictions (" + COLUMNS + ", created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(p.experimentId(), p.fold(), p.numTtas(), p.threshold(), p.rows(), p.classes(),
                        FloatCodec.ENCODING, FloatCodec.encode(p.probabilities()), Timestamp.from(clock.instant()))
                .update();
    }

    public Optional<TestPrediction> find(long experimentId, int fold) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM test_predictions WHERE experiment_id = ? AND fold = ?")
                .params(experimentId, fold).query(MAPPER).optional();
    }

    /** All stored folds of an experiment, by fold. */
    public List<TestPrediction> forExperiment(long experimentId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM test_predictions WHERE experiment_id = ? ORDER BY fold")
                .param(experimentId).query(MAPPER).list();
    }
}
