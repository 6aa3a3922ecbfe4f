package dev.foldhub.queue;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.foldhub.testsupport.MigratedDatabase;
import dev.foldhub.testsupport.PostgresTestDatabase;

/** The queue contract on PostgreSQL (the SKIP LOCKED lease); skipped with a message when none is available. */
class JobQueuePostgresTest extends JobQueueContract {

    @Override
    MigratedDatabase newDatabase() {
        var connection = PostgresTestDatabase.find();
        assumeTrue(connection.isPresent(), PostgresTestDatabase.skipMessage());
        return MigratedDatabase.postgres(connection.get());
    }
}
