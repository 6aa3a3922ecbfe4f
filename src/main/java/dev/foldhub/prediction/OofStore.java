package dev.foldhub.prediction;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Out-of-fold predictions in the database, one row per experiment fold (plain JDBC: hot numeric data).
 * Written as float16 (see {@link Float16} for the error bound); float32 rows of older versions still read.
 */
@Service
public class OofStore {

    private static final String COLUMNS = "experiment_id, fold, epoch, threshold, f2, num_rows, num_classes, encoding, data";
    private static final RowMapper<OofPrediction> MAPPER = (rs, n) -> new OofPrediction(rs.getLong("experiment_id"),
            rs.getInt("fold"), rs.getInt("epoch"), rs.getDouble("threshold"), rs.getDouble("f2"), rs.getInt("num_rows"),
            rs.getInt("num_classes"), FloatCodec.decode(rs.getString("encoding"), rs.getBytes("data")));

    private final JdbcClient jdbc;
    private final Clock clock;

    public OofStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Stores (or replaces, for a retried fold) a fold's OOF predictions. */
    @Transactional
    public void save(OofPrediction oof) {
        saveEncoded(oof.experimentId(), oof.fold(), oof.epoch(), oof.threshold(), oof.f2(),
                EncodedPredictions.of(oof.probabilities(), oof.rows(), oof.classes()));
    }

    /** As {@link #save}, from predictions already encoded (an import streams its files into them). */
    @Transactional
    public void saveEncoded(long experimentId, int fold, int epoch, double threshold, double f2, EncodedPredictions p) {
        jdbc.sql("DELETE FROM oof_predictions WHERE experiment_id = ? AND fold = ?")
                .params(experimentId, fold).update();
        jdbc.sql("INSERT INTO oof_predictions (" + COLUMNS + ", created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(experimentId, fold, epoch, threshold, f2, p.rows(), p.classes(), FloatCodec.ENCODING,
                        p.float16(), Timestamp.from(clock.instant()))
                .update();
    }

    public Optional<OofPrediction> find(long experimentId, int fold) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM oof_predictions WHERE experiment_id = ? AND fold = ?")
                .params(experimentId, fold).query(MAPPER).optional();
    }

    /** A fold's predictions in their stored encoding, without decoding them. */
    public Optional<StoredOof> findStored(long experimentId, int fold) {
        return findStored(experimentId, fold, null);
    }

    /**
     * As {@link #findStored(long, int)}, streaming the stored bytes into buffer when they fit (a caller reading fold after
     * fold can reuse one buffer instead of a new array of tens of MB a fold), else into a new array; the blend loader
     * reads a wave of rows at a time instead ({@link #streamFold}).
     */
    public Optional<StoredOof> findStored(long experimentId, int fold, byte[] buffer) {
        return jdbc.sql("SELECT threshold, num_rows, num_classes, encoding, data FROM oof_predictions "
                        + "WHERE experiment_id = ? AND fold = ?")
                .params(experimentId, fold)
                .query((rs, n) -> {
                    int rows = rs.getInt(2);
                    int classes = rs.getInt(3);
                    String encoding = rs.getString(4);
                    int length = StoredOof.readableBytes(experimentId, fold, rows, classes, encoding);
                    byte[] data = buffer != null && buffer.length >= length ? buffer : new byte[length];
                    readExactly(rs.getBinaryStream(5), data, length, experimentId, fold);
                    return new StoredOof(experimentId, fold, rs.getDouble(1), rows, classes, encoding, data);
                })
                .optional();
    }

    /**
     * One fold of each experiment opened side by side as streams of rows (one query on one connection), given to reader
     * in the order of experimentIds while the query's result is open; reader's result is returned. An experiment without
     * the fold is an IllegalStateException naming it.
     */
    public <T> T streamFold(List<Long> experimentIds, int fold, Function<List<StoredRowStream>, T> reader) {
        if (experimentIds.stream().distinct().count() != experimentIds.size()) {
            throw new IllegalArgumentException("each experiment streams once, got " + experimentIds);
        }
        // why: held in a list, as the extractor may not return null and the reader may
        List<T> result = jdbc.sql("SELECT experiment_id, threshold, num_rows, num_classes, encoding, data"
                        + " FROM oof_predictions WHERE fold = :fold AND experiment_id IN (:ids)")
                .param("fold", fold)
                .param("ids", experimentIds)
                .query((ResultSetExtractor<List<T>>) rs -> {
                    Map<Long, StoredRowStream> byId = new HashMap<>();
                    try {
                        while (rs.next()) {
                            long id = rs.getLong(1);
                            byId.put(id, new StoredRowStream(id, fold, rs.getDouble(2), rs.getInt(3), rs.getInt(4),
                                    rs.getString(5), rs.getBinaryStream(6)));
                        }
                        List<StoredRowStream> streams = new ArrayList<>();
                        for (long id : experimentIds) {
                            StoredRowStream stream = byId.get(id);
                            if (stream == null) {
                                throw new IllegalStateException("experiment " + id + " has no OOF predictions for fold "
                                        + fold);
                            }
                            streams.add(stream);
                        }
                        return Collections.singletonList(reader.apply(streams));
                    } finally {
                        byId.values().forEach(StoredRowStream::close);
                    }
                });
        return result.get(0);
    }

    private static void readExactly(InputStream stream, byte[] into, int length, long experimentId, int fold) {
        try (InputStream in = stream) {
            int read = in.readNBytes(into, 0, length);
            if (read != length || in.read() >= 0) {
                throw new IllegalStateException("experiment " + experimentId + " fold " + fold + ": stored data is not "
                        + length + " bytes long");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("experiment " + experimentId + " fold " + fold + ": reading stored data", e);
        }
    }

    /** All stored folds of an experiment, by fold. */
    public List<OofPrediction> forExperiment(long experimentId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM oof_predictions WHERE experiment_id = ? ORDER BY fold")
                .param(experimentId).query(MAPPER).list();
    }

    /**
     * A version of each stored fold of an experiment, by fold: the row's id, new with every save (a replaced fold is
     * deleted and inserted again), so a cache keyed by it never serves a replaced fold's old predictions.
     */
    public List<Long> versions(long experimentId) {
        return jdbc.sql("SELECT id FROM oof_predictions WHERE experiment_id = ? ORDER BY fold").param(experimentId)
                .query(Long.class).list();
    }

    /** The stored folds of an experiment without their data, by fold. */
    public List<OofSummary> summaries(long experimentId) {
        return jdbc.sql("SELECT experiment_id, fold, epoch, threshold, f2, num_rows, num_classes FROM oof_predictions "
                        + "WHERE experiment_id = ? ORDER BY fold")
                .param(experimentId)
                .query((rs, n) -> new OofSummary(rs.getLong(1), rs.getInt(2), rs.getInt(3), rs.getDouble(4),
                        rs.getDouble(5), rs.getInt(6), rs.getInt(7)))
                .list();
    }

    /** Deletes every stored fold of an experiment (the experiment is deleted); returns the rows deleted. */
    @Transactional
    public int deleteForExperiment(long experimentId) {
        return jdbc.sql("DELETE FROM oof_predictions WHERE experiment_id = ?").param(experimentId).update();
    }

    /** The bytes of stored predictions per experiment, summed in SQL (no prediction is read into memory). */
    public Map<Long, Long> bytesPerExperiment() {
        return bytesPerExperiment(jdbc, "oof_predictions");
    }

    /** SUM(OCTET_LENGTH(data)) per experiment of a prediction table: H2 reads a BLOB's length, PostgreSQL a BYTEA's. */
    static Map<Long, Long> bytesPerExperiment(JdbcClient jdbc, String table) {
        Map<Long, Long> bytes = new java.util.HashMap<>();
        // why: the table is one of this package's two constants, never text from a request
        jdbc.sql("SELECT experiment_id, SUM(OCTET_LENGTH(data)) FROM " + table + " GROUP BY experiment_id")
                .query((java.sql.ResultSet rs) -> {
                    bytes.put(rs.getLong(1), rs.getLong(2));
                });
        return bytes;
    }
}
