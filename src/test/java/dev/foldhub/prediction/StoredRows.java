package dev.foldhub.prediction;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The rows a prediction needs to refer to (data set, fold assignment, experiment), inserted by SQL. */
final class StoredRows {

    private StoredRows() {
    }

    static long experiment(JdbcClient jdbc) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql("INSERT INTO datasets (name, path, num_labels, num_train, num_test, created_at)"
                + " VALUES ('d', '/d', 3, 4, 2, ?)").param(now).update();
        long datasetId = jdbc.sql("SELECT id FROM datasets").query(Long.class).single();
        jdbc.sql("INSERT INTO fold_assignments (dataset_id, num_folds, folds, content_hash, source, is_default, created_at)"
                + " VALUES (?, 2, ?, 'h', 'generated', TRUE, ?)").params(datasetId, new byte[] {0, 1, 0, 1}, now).update();
        long assignmentId = jdbc.sql("SELECT id FROM fold_assignments").query(Long.class).single();
        jdbc.sql("INSERT INTO experiments (name, dataset_id, fold_assignment_id, config, arch, input_size, loss, created_at)"
                + " VALUES ('e', ?, ?, 'x', 'resnet18', 32, 'bce', ?)").params(datasetId, assignmentId, now).update();
        return jdbc.sql("SELECT id FROM experiments").query(Long.class).single();
    }
}
