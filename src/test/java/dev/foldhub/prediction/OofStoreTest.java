package dev.foldhub.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.foldhub.testsupport.MigratedDatabase;
import dev.foldhub.testsupport.PostgresTestDatabase;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OOF store on H2: new rows are float16, rows of older versions (float32) still read. */
class OofStoreTest {

    private MigratedDatabase db;
    private OofStore store;
    private long experimentId;

    @BeforeEach
    void setUp() {
        db = MigratedDatabase.h2();
        store = new OofStore(db.jdbc(), Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC));
        experimentId = StoredRows.experiment(db.jdbc());
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void onH2PredictionsAreLargeObjectsNotValuesInlineInTheirPage() {
        // guards V19 (H2): an inline 48 MB value made H2's page writes allocate hundreds of MB and close the database
        for (String table : new String[] {"oof_predictions", "test_predictions"}) {
            assertThat(db.jdbc().sql("SELECT data_type FROM information_schema.columns WHERE table_name = ?"
                    + " AND column_name = 'data'").param(table).query(String.class).single())
                    .as(table).isEqualToIgnoringCase("BINARY LARGE OBJECT");
        }
    }

    @Test
    void newRowsAreFloat16WithinTheBound() {
        float[] probabilities = {0.01f, 0.5f, 0.999f, 0.1234567f, 0f, 1f};
        store.save(new OofPrediction(experimentId, 0, 3, 0.2, 0.61, 2, 3, probabilities));
        assertThat(db.jdbc().sql("SELECT encoding FROM oof_predictions").query(String.class).single()).isEqualTo("float16le");
        assertThat(db.jdbc().sql("SELECT data FROM oof_predictions").query(byte[].class).single()).hasSize(12);
        OofPrediction back = store.find(experimentId, 0).orElseThrow();
        assertThat(back.epoch()).isEqualTo(3);
        assertThat(back.threshold()).isEqualTo(0.2);
        for (int i = 0; i < probabilities.length; i++) {
            assertThat(back.probabilities()[i]).isCloseTo(probabilities[i], within(probabilities[i] * 0x1p-11f + 0x1p-25f));
        }
    }

    @Test
    void float32RowsWrittenBeforeFloat16StillRead() {
        float[] probabilities = {0.1234567f, 0.7654321f};
        ByteBuffer data = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().put(probabilities);
        db.jdbc().sql("INSERT INTO oof_predictions (experiment_id, fold, epoch, threshold, f2, num_rows, num_classes,"
                        + " encoding, data, created_at) VALUES (?, 1, 2, 0.1, 0.5, 1, 2, 'float32le', ?, ?)")
                .params(experimentId, data.array(), Timestamp.from(Instant.now())).update();
        assertThat(store.find(experimentId, 1).orElseThrow().probabilities()).containsExactly(probabilities);
    }

    @Test
    void aFoldIsStreamedIntoAReusedBufferOnH2() {
        assertFoldsStreamIntoReusedBuffers(db, store, experimentId);
    }

    @Test
    void aFoldIsStreamedIntoAReusedBufferOnPostgres() {
        var connection = PostgresTestDatabase.find();
        assumeTrue(connection.isPresent(), PostgresTestDatabase.skipMessage());
        try (MigratedDatabase pg = MigratedDatabase.postgres(connection.get())) {
            OofStore pgStore = new OofStore(pg.jdbc(), Clock.systemUTC());
            assertFoldsStreamIntoReusedBuffers(pg, pgStore, StoredRows.experiment(pg.jdbc()));
        }
    }

    @Test
    void aFoldOfSeveralExperimentsStreamsSideBySideOnH2() {
        assertFoldsStreamSideBySide(db, store, experimentId);
    }

    @Test
    void aFoldOfSeveralExperimentsStreamsSideBySideOnPostgres() {
        var connection = PostgresTestDatabase.find();
        assumeTrue(connection.isPresent(), PostgresTestDatabase.skipMessage());
        try (MigratedDatabase pg = MigratedDatabase.postgres(connection.get())) {
            OofStore pgStore = new OofStore(pg.jdbc(), Clock.systemUTC());
            assertFoldsStreamSideBySide(pg, pgStore, StoredRows.experiment(pg.jdbc()));
        }
    }

    /** Another experiment of the same data set and folds. */
    private static long sibling(MigratedDatabase database, long experiment) {
        database.jdbc().sql("INSERT INTO experiments (name, dataset_id, fold_assignment_id, config, arch, input_size, loss,"
                        + " created_at) SELECT 'e', dataset_id, fold_assignment_id, config, arch, input_size, loss, created_at"
                        + " FROM experiments WHERE id = ?").param(experiment).update();
        return database.jdbc().sql("SELECT MAX(id) FROM experiments").query(Long.class).single();
    }

    /**
     * Guards the blend loader's streamed reads: three experiments' streams of one fold (stored apart from their rows),
     * open together and read a few rows at a time in turn (into reused buffers), give each experiment's own rows in the
     * order asked, float32 rows of an older version included; a short read, a missing experiment and rows left unread
     * are errors, not silent zeros.
     */
    private static void assertFoldsStreamSideBySide(MigratedDatabase database, OofStore oofs, long first) {
        long second = sibling(database, first);
        long third = sibling(database, first);
        int rows = 40; // why: 2,400 bytes and more a fold, past what H2 keeps inline in the row (its LOB store is read)
        int classes = 30;
        float[][] p = new float[3][rows * classes];
        for (int e = 0; e < 3; e++) {
            for (int i = 0; i < rows * classes; i++) {
                p[e][i] = (float) ((e * 17 + i * 7) % 23) / 23f;
            }
        }
        oofs.save(new OofPrediction(first, 2, 3, 0.2, 0.6, rows, classes, p[0]));
        oofs.save(new OofPrediction(second, 2, 3, 0.3, 0.6, rows, classes, p[1]));
        ByteBuffer legacy = ByteBuffer.allocate(rows * classes * 4).order(ByteOrder.LITTLE_ENDIAN);
        legacy.asFloatBuffer().put(p[2]);
        database.jdbc().sql("INSERT INTO oof_predictions (experiment_id, fold, epoch, threshold, f2, num_rows, num_classes,"
                        + " encoding, data, created_at) VALUES (?, 2, 2, 0.1, 0.5, ?, ?, 'float32le', ?, ?)")
                .params(third, rows, classes, legacy.array(), Timestamp.from(Instant.now())).update();
        java.util.List<Long> order = java.util.List.of(third, first, second);
        float[][] read = oofs.streamFold(order, 2, streams -> {
            float[][] out = new float[3][rows * classes];
            byte[][] buffers = new byte[3][];
            for (int from = 0; from < rows; from += 7) {
                int n = Math.min(7, rows - from);
                for (int k = 0; k < 3; k++) {
                    StoredOof part = streams.get(k).next(n, buffers[k]);
                    buffers[k] = part.data();
                    float[] row = new float[classes];
                    for (int r = 0; r < n; r++) {
                        part.decodeRow(r, 0f, row);
                        System.arraycopy(row, 0, out[k], (from + r) * classes, classes);
                    }
                }
            }
            streams.forEach(StoredRowStream::finish);
            assertThat(streams.get(1).threshold()).isEqualTo(0.2);
            return out;
        });
        for (int k = 0; k < 3; k++) {
            long id = order.get(k);
            float[] expected = id == third ? p[2] : oofs.find(id, 2).orElseThrow().probabilities();
            assertThat(read[k]).as("experiment %d", id).containsExactly(expected);
        }
        Object nothing = oofs.<Object>streamFold(java.util.List.of(second), 2, streams -> {
            streams.get(0).next(rows, null);
            streams.get(0).finish();
            return null; // a reader with nothing to return (the loader adds to its builder)
        });
        assertThat(nothing).isNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> oofs.streamFold(java.util.List.of(first, 9999L), 2,
                streams -> null)).hasMessageContaining("experiment 9999 has no OOF predictions for fold 2");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> oofs.streamFold(java.util.List.of(first), 2, streams -> {
            streams.get(0).next(rows - 1, null);
            streams.get(0).finish();
            return null;
        })).hasMessageContaining("39 of 40 rows were read");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> oofs.streamFold(java.util.List.of(first), 2,
                streams -> streams.get(0).next(rows + 1, null))).hasMessageContaining("41 rows asked after 0 of 40");
    }

    /**
     * Guards findStored's reads into a caller's buffer: a fold read into a buffer large enough is that buffer (its
     * first bytes the fold's, decoding as find does), one too small gets an array of its own, and a float32 row of an
     * older version still reads.
     */
    private static void assertFoldsStreamIntoReusedBuffers(MigratedDatabase database, OofStore oofs, long experiment) {
        float[] large = {0.01f, 0.5f, 0.999f, 0.25f, 0f, 1f, 0.3f, 0.7f, 0.2f, 0.1f, 0.6f, 0.05f};
        float[] small = {0.9f, 0.15f, 0.4f};
        oofs.save(new OofPrediction(experiment, 0, 3, 0.2, 0.6, 4, 3, large));
        oofs.save(new OofPrediction(experiment, 1, 3, 0.25, 0.6, 1, 3, small));
        ByteBuffer legacy = ByteBuffer.allocate(large.length * 4).order(ByteOrder.LITTLE_ENDIAN); // twice the buffer
        legacy.asFloatBuffer().put(large);
        database.jdbc().sql("INSERT INTO oof_predictions (experiment_id, fold, epoch, threshold, f2, num_rows, num_classes,"
                        + " encoding, data, created_at) VALUES (?, 2, 2, 0.1, 0.5, 4, 3, 'float32le', ?, ?)")
                .params(experiment, legacy.array(), Timestamp.from(Instant.now())).update();
        byte[] buffer = new byte[large.length * 2];
        for (int fold = 0; fold < 3; fold++) {
            StoredOof stored = oofs.findStored(experiment, fold, buffer).orElseThrow();
            OofPrediction decoded = oofs.find(experiment, fold).orElseThrow();
            assertThat(stored.data() == buffer).as("fold %d read into the buffer", fold).isEqualTo(fold < 2);
            float[] row = new float[3];
            float[] centered = decoded.centered();
            for (int r = 0; r < stored.rows(); r++) {
                stored.decodeRow(r, (float) decoded.threshold(), row);
                assertThat(row).containsExactly(java.util.Arrays.copyOfRange(centered, r * 3, r * 3 + 3));
            }
        }
        StoredOof own = oofs.findStored(experiment, 0, new byte[5]).orElseThrow();
        assertThat(own.data()).hasSize(large.length * 2);
        assertThat(oofs.findStored(experiment, 7, buffer)).isEmpty();
    }
}
