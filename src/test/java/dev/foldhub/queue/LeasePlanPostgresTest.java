package dev.foldhub.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.foldhub.testsupport.MigratedDatabase;
import dev.foldhub.testsupport.PostgresTestDatabase;
import java.sql.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** PostgreSQL's lease reads V12's partial index of queued jobs in its own order: no sort, no finished jobs. */
class LeasePlanPostgresTest {

    private MigratedDatabase database;

    @AfterEach
    void tearDown() {
        if (database != null) {
            database.close();
        }
    }

    @Test // guards: the index matches the lease's filter and order (QUEUE-NOTES: a mismatch cost 3x leases/s)
    void leaseWalksTheQueuedJobsIndexWithoutSorting() {
        var connection = PostgresTestDatabase.find();
        assumeTrue(connection.isPresent(), PostgresTestDatabase.skipMessage());
        database = MigratedDatabase.postgres(connection.get());
        // a queue with a long history: 20,000 finished jobs, 2,000 queued
        database.jdbc().sql("INSERT INTO jobs (kind, subject_id, fold, state, priority, created_at, subject_done) "
                + "SELECT 'TRAIN_FOLD', g / 5, g % 5, CASE WHEN g < 20000 THEN 'SUCCEEDED' ELSE 'QUEUED' END, g % 3, now(), 0 "
                + "FROM generate_series(0, 21999) g").update();
        database.jdbc().sql("ANALYZE jobs").update();
        Timestamp now = Timestamp.from(Instant.now());

        String plan = String.join("\n", database.jdbc().sql("EXPLAIN " + LeaseStatement.POSTGRES)
                .params("w", now, now, "gpu", "gpu", 24_000L).query(String.class).list());

        assertThat(plan).contains("Index Scan using jobs_queued_order_idx").doesNotContain("Sort").doesNotContain("Seq Scan");
        assertThat(database.jdbc().sql("SELECT array_to_string(reloptions, ',') FROM pg_class WHERE oid = 'jobs'::regclass")
                .query(String.class).single()).contains("autovacuum_vacuum_scale_factor=0");
    }
}
